"""Which verified addresses prove that their owner works at an organisation."""

import pytest

from silkbridge.joining.domains import domain_of, matching_email, proves_membership


@pytest.mark.parametrize(
    ("email", "site"),
    [
        ("ayesha@induscode.pk", "induscode.pk"),
        ("ayesha@mail.induscode.pk", "induscode.pk"),
        ("Ayesha@InDusCode.PK", "induscode.pk"),
        ("ayesha@induscode.pk", "www.induscode.pk"),
    ],
)
def test_an_address_on_the_site_or_a_subdomain_proves_membership(email, site):
    assert proves_membership(email, site)


@pytest.mark.parametrize(
    ("email", "site"),
    [
        # Ends with the same letters, but is another domain.
        ("ayesha@notinduscode.pk", "induscode.pk"),
        ("ayesha@induscode.pk.evil.example", "induscode.pk"),
        # The site is a subdomain of the address's domain: the parent is not the organisation.
        ("ayesha@induscode.pk", "lahore.induscode.pk"),
        # Free mailboxes, on either side, prove nothing.
        ("ayesha@gmail.com", "gmail.com"),
        ("ayesha@mail.ru", "mail.ru"),
        ("ayesha@yahoo.com", "yahoo.com"),
        ("ayesha@outlook.com", "outlook.com"),
        ("someone@subdomain.gmail.com", "subdomain.gmail.com"),
        # Shared hosts and a country's shared names belong to nobody in particular.
        ("ayesha@facebook.com", "facebook.com"),
        ("ayesha@edu.pk", "edu.pk"),
        ("ayesha@gov.kz", "gov.kz"),
        # Nothing to compare.
        ("ayesha@induscode.pk", ""),
        ("not-an-address", "induscode.pk"),
    ],
)
def test_other_addresses_do_not(email, site):
    assert not proves_membership(email, site)


def test_the_first_matching_address_is_the_one_recorded():
    emails = ["me@gmail.com", "me@induscode.pk", "other@induscode.pk"]
    assert matching_email(emails, "induscode.pk") == "me@induscode.pk"
    assert matching_email(["me@gmail.com"], "induscode.pk") == ""


def test_domain_of_ignores_case_and_a_trailing_dot():
    assert domain_of("A@Example.COM.") == "example.com"
    assert domain_of("nobody") == ""
