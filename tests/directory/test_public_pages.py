"""The directory for visitors who are not signed in: what an organisation publishes about itself,
search and filters, links that lead to sign-up and back, and nothing private."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from silkbridge.directory.models import Organisation, Person

PERSONAS = ["anonymous", "newcomer", "member", "org_admin", "secretariat", "observer"]


@pytest.fixture
def newcomer(make_user):
    """Signed up a minute ago: no verified e-mail address, no organisation."""
    return make_user("newcomer@example.com")


@pytest.fixture
def as_persona(persona_client, request, settings):
    # Two-factor sign-in has its own tests (tests/accounts); here the secretariat reads pages.
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = []

    def sign_in(name: str):
        if name == "newcomer":
            client = persona_client("anonymous")
            client.force_login(request.getfixturevalue("newcomer"))
            return client
        return persona_client(name)

    return sign_in


@pytest.fixture
def profile(organisation, make_term):
    """The organisation with everything a profile can hold, public or not."""
    Organisation.objects.filter(pk=organisation.pk).update(
        email="office@qfl.example.kz", phone="+7 717 200 1234", verification="verified"
    )
    organisation.refresh_from_db()
    organisation.sectors.add(make_term("sector", label_en="Fintech"))
    organisation.technologies.add(make_term("technology", label_en="Open banking"))
    Person.objects.create(
        organisation=organisation,
        full_name="Aigerim Sadykova",
        job_title="CTO",
        email="aigerim@qfl.example.kz",
        phone="+7 700 000 0000",
    )
    return organisation


def test_a_visitor_reads_what_an_organisation_publishes_about_itself(client, profile):
    response = client.get(profile.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    for shown in ("Qazaq Fintech Labs", "Company", "Kazakhstan", "qfl.example.kz"):
        assert shown in text
    assert "Payment gateway integration and open banking APIs." in text
    assert "Fintech" in text and "Open banking" in text
    assert "Verified by the secretariat" in text


def test_a_visitor_never_sees_people_or_contacts(client, profile):
    text = client.get(profile.get_absolute_url()).text

    for private in (
        "Aigerim Sadykova",
        "aigerim@qfl.example.kz",
        "+7 700 000 0000",
        "office@qfl.example.kz",
        "+7 717 200 1234",
    ):
        assert private not in text
    assert "people-heading" not in text


def test_a_visitor_is_led_to_sign_up_and_back_to_the_organisation(client, profile):
    response = client.get(profile.get_absolute_url())

    back = quote(profile.get_absolute_url())
    assert f'{reverse("account_signup")}?next={back}"' in response.text
    assert f'{reverse("account_login")}?next={back}"' in response.text
    # No way to act without an account: no introduction, edit or verification buttons.
    assert reverse("directory:edit", args=[profile.slug]) not in response.text
    assert reverse("directory:verify", args=[profile.slug]) not in response.text
    assert reverse("introductions:propose", args=[profile.slug]) not in response.text


@pytest.mark.parametrize(
    ("persona", "sees_people", "sees_contacts"),
    [
        ("anonymous", False, False),
        ("newcomer", True, False),
        ("member", True, True),
        ("org_admin", True, True),
        ("secretariat", True, True),
        ("observer", True, False),
    ],
)
def test_who_sees_people_and_contacts_on_an_organisation_page(
    as_persona, persona, sees_people, sees_contacts, profile
):
    response = as_persona(persona).get(profile.get_absolute_url())

    assert response.status_code == 200
    assert ("Aigerim Sadykova" in response.text) is sees_people
    assert ("aigerim@qfl.example.kz" in response.text) is sees_contacts
    assert ("office@qfl.example.kz" in response.text) is sees_contacts


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_can_search_and_filter_the_directory(
    as_persona, persona, profile, make_organisation
):
    make_organisation("Karachi Cloud Works", country="PK", description="Cloud hosting.")

    response = as_persona(persona).get(reverse("directory:list"), {"q": "payment", "country": "KZ"})

    assert response.status_code == 200
    assert "Qazaq Fintech Labs" in response.text
    assert "Karachi Cloud Works" not in response.text


def test_the_directory_list_offers_a_visitor_to_sign_up_and_come_back_to_the_search(
    client, profile
):
    response = client.get(reverse("directory:list"), {"q": "payment"})

    back = quote(reverse("directory:list") + "?q=payment")
    assert f'{reverse("account_signup")}?next={back}"' in response.text
    assert reverse("directory:export") not in response.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("directory:edit", {"name": "Taken over", "kind": "company", "country": "KZ"}),
        ("directory:verify", {"verified": "0"}),
        ("directory:people", {"full_name": "Intruder", "email": "x@example.org", "role": "admin"}),
    ],
)
def test_a_visitor_cannot_post_to_an_organisation(client, profile, name, data):
    response = client.post(reverse(name, args=[profile.slug]), data)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    profile.refresh_from_db()
    assert profile.name == "Qazaq Fintech Labs" and profile.is_verified
    assert not Person.objects.filter(full_name="Intruder").exists()


def test_a_visitor_cannot_export_the_directory(client, profile):
    response = client.get(reverse("directory:export"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_visitor_searches_are_rate_limited_per_address(client, settings, member, profile):
    settings.SILKBRIDGE_VISITOR_SEARCH_RATE = "2/m"
    url = reverse("directory:list")

    answers = [client.get(url, {"q": "payment"}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    refused = client.get(url, {"q": "payment"})
    assert "Too many searches" in refused.text
    # The plain list still opens, in any language, and a signed-in member is not limited.
    assert client.get(url).status_code == 200
    assert client.get(url, {"lang": "ru"}).status_code == 200
    client.force_login(member)
    assert client.get(url, {"q": "payment"}).status_code == 200
