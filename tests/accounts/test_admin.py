"""The back office for accounts: users by e-mail, tokens and invitations without their secrets."""

import pytest
from django.urls import reverse

from silkbridge.accounts import services
from silkbridge.accounts.models import APIToken, User


@pytest.fixture
def superuser_client(client, make_user):
    client.force_login(make_user("root@example.org", is_staff=True, is_superuser=True))
    return client


def test_the_back_office_creates_a_user_by_e_mail(superuser_client):
    response = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Staff@Example.org",
            "full_name": "New Staff",
            "platform_role": "observer",
            "usable_password": "true",
            "password1": "Astana-Lahore-77",
            "password2": "Astana-Lahore-77",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.staff@example.org")
    assert user.is_observer
    assert user.check_password("Astana-Lahore-77")


def test_the_back_office_refuses_an_address_that_differs_only_in_case(superuser_client, member):
    response = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": member.email.upper(),
            "usable_password": "true",
            "password1": "Astana-Lahore-77",
            "password2": "Astana-Lahore-77",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact=member.email).count() == 1


def test_the_user_page_shows_memberships(superuser_client, org_admin):
    response = superuser_client.get(reverse("admin:accounts_user_change", args=[org_admin.pk]))

    assert response.status_code == 200
    assert "Qazaq Fintech Labs" in response.content.decode()


def test_token_pages_never_show_the_hash_and_tokens_can_be_revoked(superuser_client, member):
    token, secret = services.create_api_token(user=member, name="Robot")

    page = superuser_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    response = superuser_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {
            "action": "revoke",
            "_selected_action": [token.pk],
        },
    )

    assert page.status_code == 200
    assert token.key_hash not in page.content.decode()
    assert response.status_code == 302
    assert APIToken.objects.get(pk=token.pk).revoked_at is not None
    assert services.user_for_token(secret) is None


def test_invitations_are_listed_without_their_token_hash(superuser_client, organisation, org_admin):
    invitation, _token = services.invite_member(
        actor=org_admin, organisation=organisation, email="guest@example.pk", role="member"
    )

    listing = superuser_client.get(reverse("admin:accounts_invitation_changelist"))
    page = superuser_client.get(reverse("admin:accounts_invitation_change", args=[invitation.pk]))

    assert "guest@example.pk" in listing.content.decode()
    assert invitation.token_hash not in page.content.decode()


def test_the_user_page_shows_when_the_terms_were_accepted(superuser_client, make_user):
    from django.utils import timezone

    accepted = make_user("signed.up@example.kz")
    accepted.terms_accepted_at = timezone.now()
    accepted.terms_version, accepted.privacy_version = 3, 2
    accepted.save()

    response = superuser_client.get(reverse("admin:accounts_user_change", args=[accepted.pk]))

    html = response.content.decode()
    assert "Terms accepted at sign-up" in html
    assert 'class="readonly">3<' in html and 'class="readonly">2<' in html


def test_an_address_changed_in_the_back_office_must_be_verified_again(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import SESSION_KEY
    from django.test import Client

    from silkbridge.accounts import services

    # Given the back office changed a member's address (UserAdmin.save_model calls this)
    member.email = "new.address@qfl.example.kz"
    member.save()
    services.replace_email_address(user=member)

    # Then only the new address is known, unverified, and signing in asks to verify it
    addresses = list(EmailAddress.objects.filter(user=member).values_list("email", "verified"))
    assert addresses == [("new.address@qfl.example.kz", False)]
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        answer = browser.post(
            reverse("accounts:login"),
            {"username": "new.address@qfl.example.kz", "password": "correct-horse-battery"},
        )
    assert answer.url == reverse("account_email_verification_sent")
    assert SESSION_KEY not in browser.session
    assert [message.to for message in mailoutbox] == [["new.address@qfl.example.kz"]]
