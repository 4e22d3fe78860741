"""A person new to Silkbridge who arrives through single sign-on fills in the same sign-up
details as everyone else, the acceptance of the terms and privacy notice included, before an
account exists; the accepted versions are stored on the account as at sign-up."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.urls import reverse

from silkbridge.accounts.models import User
from silkbridge.accounts.sso_settings import oidc_providers

pytestmark = pytest.mark.django_db

EMAIL = "aigerim@qfl.example.kz"
PROVIDER = {
    "id": "qazaq-idp",
    "name": "Qazaq Fintech Labs ID",
    "server_url": "https://id.qfl.example.kz/realms/staff",
    "client_id": "silkbridge",
    "secret": "not-a-real-secret",
}


@pytest.fixture
def provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(json.dumps([PROVIDER]))


def provider_answer() -> SocialLogin:
    """What the provider says of a person Silkbridge does not know yet."""
    account = SocialAccount(
        provider="qazaq-idp",
        uid="f3a1c2",
        extra_data={"userinfo": {"sub": "f3a1c2", "email": EMAIL, "name": "Aigerim Sadyk"}},
    )
    return SocialLogin(
        user=User(email=EMAIL),
        account=account,
        provider=account.get_provider(),
        email_addresses=[EmailAddress(email=EMAIL, verified=True, primary=True)],
    )


@pytest.fixture
def pending_sso_sign_up(provider, client):
    """The state allauth keeps after the provider answered for a person it does not know yet:
    the provider's account and vouched-for address, waiting for the sign-up form."""
    sociallogin = provider_answer()
    session = client.session
    session["socialaccount_sociallogin"] = sociallogin.serialize()
    session.save()
    return sociallogin


def details(**overrides) -> dict:
    return {
        "full_name": "Aigerim Sadyk",
        "email": EMAIL,
        "language": "ru",
        "time_zone": "Asia/Almaty",
        "accept_terms": "on",
        **overrides,
    }


def test_the_sso_sign_up_form_asks_for_the_details_and_the_consent(client, pending_sso_sign_up):
    response = client.get(reverse("socialaccount_signup"))

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("full_name", "email", "language", "time_zone", "accept_terms"):
        assert f'name="{field}"' in html
    assert "password" not in html  # the provider signs the person in
    assert 'value="Aigerim Sadyk"' in html  # the provider's name, to check
    assert reverse("public:terms") in html
    assert reverse("public:privacy") in html


def test_an_sso_account_is_created_with_the_accepted_versions(
    client, secretariat, pending_sso_sign_up, django_capture_on_commit_callbacks
):
    from silkbridge.public import legal

    # Given the terms published once more than the privacy notice
    terms = legal.publish(kind="terms", bodies={"en": "Be kind, always."}, by=secretariat)
    privacy = legal.current_version("privacy")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("socialaccount_signup"), details())

    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert (user.terms_version, user.privacy_version) == (terms.version, privacy)
    assert user.terms_accepted_at is not None
    assert (user.full_name, user.language, user.time_zone) == (
        "Aigerim Sadyk",
        "ru",
        "Asia/Almaty",
    )
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).provider == "qazaq-idp"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"accept_terms": ""}, "accept_terms"),
        ({"full_name": "  "}, "full_name"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_without_consent_or_details_no_sso_account_is_created(
    client, pending_sso_sign_up, overrides, field
):
    response = client.post(reverse("socialaccount_signup"), details(**overrides))

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not User.objects.filter(email=EMAIL).exists()
    assert not SocialAccount.objects.exists()


def test_a_new_person_from_the_provider_is_sent_to_the_form_and_no_account_is_made_yet(
    provider, rf
):
    request = rf.get("/accounts/oidc/qazaq-idp/login/callback/")
    SessionMiddleware(lambda request: None).process_request(request)
    request.user = AnonymousUser()

    response = complete_social_login(request, provider_answer())

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")
    assert not User.objects.filter(email=EMAIL).exists()
