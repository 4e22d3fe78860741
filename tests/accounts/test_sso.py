"""Single sign-on through OpenID Connect: off unless providers are configured by environment;
then a "Sign in with …" button per provider. Nothing here reaches the network: the provider's
discovery document is fetched only when someone actually signs in."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from silkbridge.accounts.sso_settings import oidc_providers

pytestmark = pytest.mark.django_db

PROVIDER = {
    "id": "qazaq-idp",
    "name": "Qazaq Fintech Labs ID",
    "server_url": "https://id.qfl.example.kz/realms/staff",
    "client_id": "silkbridge",
    "secret": "not-a-real-secret",
}


def providers_setting(*entries) -> dict:
    return oidc_providers(json.dumps(list(entries)))


def render_buttons(rf: RequestFactory, path: str = "/accounts/login/") -> str:
    return render_to_string("socialaccount/_providers.html", request=rf.get(path))


def test_unset_means_no_single_sign_on():
    assert oidc_providers("") == {}
    assert oidc_providers("   ") == {}


def test_a_provider_becomes_an_openid_connect_app():
    setting = providers_setting(PROVIDER)
    [app] = setting["openid_connect"]["APPS"]
    assert app["provider_id"] == "qazaq-idp"
    assert app["name"] == "Qazaq Fintech Labs ID"
    assert app["client_id"] == "silkbridge"
    assert app["secret"] == "not-a-real-secret"
    assert app["settings"]["server_url"] == "https://id.qfl.example.kz/realms/staff"
    assert app["settings"]["oauth_pkce_enabled"] is True


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps(PROVIDER), "must be a JSON list"),
        (json.dumps([{**PROVIDER, "secret": ""}]), "lacks secret"),
        (json.dumps([{**PROVIDER, "id": "Bad Id!"}]), "the id"),
        (json.dumps([PROVIDER, PROVIDER]), "must be unique"),
        (json.dumps([{**PROVIDER, "server_url": "http://id.example.kz"}]), "https"),
    ],
)
def test_a_malformed_list_stops_the_start(raw, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        oidc_providers(raw)


def test_no_button_without_providers(settings, rf):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Sign in with" not in render_buttons(rf)


def test_a_button_per_configured_provider_posts_to_its_login(settings, rf):
    second = {**PROVIDER, "id": "astana-hub", "name": "Astana Hub"}
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(PROVIDER, second)

    html = render_buttons(rf, "/accounts/login/?next=/opportunities/")

    for provider_id, name in (("qazaq-idp", "Qazaq Fintech Labs ID"), ("astana-hub", "Astana Hub")):
        login_url = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
        assert f'action="{login_url}?next=%2Fopportunities%2F"' in html
        assert f"Sign in with {name}" in html
    assert 'method="post"' in html
    assert "not-a-real-secret" not in html


def test_the_provider_page_asks_to_continue_without_fetching_anything(settings, client):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(PROVIDER)

    response = client.get(reverse("openid_connect_login", kwargs={"provider_id": "qazaq-idp"}))

    assert response.status_code == 200
    assert "Sign in with Qazaq Fintech Labs ID" in response.content.decode()


def test_an_unknown_provider_is_not_found(settings, client):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(PROVIDER)
    response = client.get(reverse("openid_connect_login", kwargs={"provider_id": "elsewhere"}))
    assert response.status_code == 404


def test_an_email_from_a_provider_never_opens_an_existing_account(settings):
    assert settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION is False
    assert settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT is False


def test_the_sign_in_page_shows_the_buttons_only_when_configured(settings, client):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Sign in with" not in client.get(reverse("account_login")).content.decode()

    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(PROVIDER)
    page = client.get(reverse("account_login") + "?next=/forums/").content.decode()

    assert "Sign in with Qazaq Fintech Labs ID" in page
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "qazaq-idp"})
    assert f'action="{login_url}?next=%2Fforums%2F"' in page
