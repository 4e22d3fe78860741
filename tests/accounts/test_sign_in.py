"""Signing in with e-mail and password, signing out, lock-out after failures, password hashing."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

PASSWORD = "correct-horse-battery"


def sign_in(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_the_sign_in_page_asks_for_an_e_mail_address(client, db):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_username">E-mail' in html
    assert 'type="email"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html


def test_the_sign_in_page_offers_sign_up_and_coming_back(client, db):
    html = client.get(reverse("accounts:login") + "?next=/forums/").content.decode()

    assert f'href="{reverse("account_signup")}?next=/forums/"' in html
    assert 'name="next" value="/forums/"' in html
    # single sign-on stays hidden until a provider is configured
    assert "sso-heading" not in html


def test_the_next_page_is_where_signing_in_leads(client, member):
    response = client.post(
        reverse("accounts:login"),
        {"username": member.email, "password": PASSWORD, "next": "/forums/"},
    )

    assert response.status_code == 302
    assert response.url == "/forums/"


def test_a_next_page_on_another_site_is_ignored(client, member):
    response = client.post(
        reverse("accounts:login"),
        {"username": member.email, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)


def test_a_person_signs_in_with_their_e_mail_in_any_letter_case(client, member):
    response = sign_in(client, "Member@QFL.example.kz", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert client.session[SESSION_KEY] == str(member.pk)


def test_signing_in_remembers_the_persons_interface_language(client, make_user):
    given = make_user("ru@example.org", language="ru")

    response = sign_in(client, given.email, PASSWORD)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_a_wrong_password_does_not_sign_in(client, member):
    response = sign_in(client, member.email, "not-the-password")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "The e-mail address or password is not correct." in html


def test_a_disabled_account_cannot_sign_in(client, make_user):
    given = make_user("gone@example.org", is_active=False)

    sign_in(client, given.email, PASSWORD)

    assert SESSION_KEY not in client.session


def test_after_too_many_failures_even_the_right_password_is_refused_with_429(client, member):
    # Given as many failed attempts as the limit allows, in mixed letter case
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = member.email.upper() if attempt % 2 else member.email
        sign_in(client, email, f"wrong-{attempt}")

    # When the right password is tried
    response = sign_in(client, member.email, PASSWORD)

    # Then axes has recorded the failures and refuses, saying how long to wait
    assert AccessAttempt.objects.get(username=member.email).failures_since_start >= (
        settings.AXES_FAILURE_LIMIT
    )
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "Too many failed sign-ins" in html
    assert "1\xa0hour" in html or "1 hour" in html


def test_failures_below_the_limit_still_allow_the_right_password(client, member):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, member.email, f"wrong-{attempt}")

    response = sign_in(client, member.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)


def test_signing_out_needs_a_post_and_ends_the_session(client, member):
    client.force_login(member)

    refused = client.get(reverse("accounts:logout"))
    response = client.post(reverse("accounts:logout"))

    assert refused.status_code == 405
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_new_passwords_are_hashed_with_argon2(settings, make_user):
    # Given the production hashers (the test run uses a fast one)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

    # When a user is created with a password
    user = make_user("argon@example.org", password="a-long-enough-secret")

    # Then only an Argon2 hash is stored, and it verifies
    assert user.password.startswith("argon2$argon2id$")
    assert "a-long-enough-secret" not in user.password
    assert user.check_password("a-long-enough-secret")


@pytest.mark.parametrize("name", ["profile", "tokens", "password_change"])
def test_account_pages_send_anonymous_visitors_to_sign_in(client, db, name):
    response = client.get(reverse(f"accounts:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_signing_in_is_allauth_s_so_its_stages_and_axes_both_apply():
    from allauth.account.views import LoginView
    from django.urls import resolve

    view = resolve(reverse("accounts:login")).func.view_class

    assert reverse("accounts:login") == reverse("account_login")
    assert issubclass(view, LoginView)
