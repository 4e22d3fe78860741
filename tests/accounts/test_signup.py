"""Signing up: the form, e-mail verification, landing on `next`, and what is stored."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from silkbridge.accounts.adapter import after_sign_up_url
from silkbridge.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Steppe-Caravan-2031"


def details(**overrides) -> dict:
    return {
        "full_name": "Ayesha Khan",
        "email": "ayesha@softhouse.example.pk",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "en",
        "time_zone": "Asia/Karachi",
        "accept_terms": "on",
        **overrides,
    }


def sign_up(client, capture, address="203.0.113.7", **overrides):
    with capture(execute=True):
        return client.post(reverse("account_signup"), details(**overrides), REMOTE_ADDR=address)


def link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+", message.body).group(0))


def test_the_sign_up_page_asks_for_everything_an_account_needs(client):
    html = client.get(reverse("account_signup")).content.decode()

    for field in ("full_name", "email", "password1", "password2", "language", "time_zone"):
        assert f'name="{field}"' in html
    assert 'name="accept_terms"' in html and "required" in html
    assert f'href="{reverse("public:terms")}"' in html
    assert f'href="{reverse("public:privacy")}"' in html
    assert 'value="Asia/Karachi"' in html
    assert "accounts/browser-time-zone" in html


def test_a_person_signs_up_verifies_the_address_and_lands_where_they_were(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    # Given a visitor who came from a forum page
    response = sign_up(client, django_capture_on_commit_callbacks, next="/forums/")

    # Then the account exists, unverified, with what the form said, and nobody is signed in
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="ayesha@softhouse.example.pk")
    assert (user.full_name, user.language, user.time_zone) == (
        "Ayesha Khan",
        "en",
        "Asia/Karachi",
    )
    assert user.terms_accepted_at is not None
    assert user.check_password(PASSWORD)
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()
    assert SESSION_KEY not in client.session

    # When the link in the e-mail is opened and confirmed
    assert [message.to for message in mailoutbox] == [[user.email]]
    link = link_in(mailoutbox[0])
    assert f"{link.scheme}://{link.netloc}" == settings.SITE_URL.rstrip("/")
    page = client.get(f"{link.path}?{link.query}")
    assert page.status_code == 200
    confirmed = client.post(f"{link.path}?{link.query}")

    # Then the address is verified, the person is signed in and back on the forum page
    assert confirmed.status_code == 302
    assert confirmed.url == "/forums/"
    assert EmailAddress.objects.get(user=user).verified
    assert client.session[SESSION_KEY] == str(user.pk)


def test_without_next_a_verified_person_is_led_to_their_organisation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    confirmed = client.post(link.path)

    assert confirmed.url == after_sign_up_url()


def test_verifying_in_another_browser_asks_to_sign_in_and_then_goes_on(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    sign_up(client, django_capture_on_commit_callbacks)
    other_browser = Client()

    confirmed = other_browser.post(link_in(mailoutbox[0]).path)

    assert confirmed.status_code == 302
    assert confirmed.url.startswith(reverse("account_login") + "?next=")
    assert SESSION_KEY not in other_browser.session
    assert EmailAddress.objects.get(email="ayesha@softhouse.example.pk").verified


def test_the_verification_e_mail_is_in_the_language_chosen_at_sign_up(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks, language="ru")

    with translation.override("ru"):
        subject = gettext("Confirm your e-mail address for Silkbridge")
    assert mailoutbox[0].subject == subject
    assert User.objects.get(email="ayesha@softhouse.example.pk").language == "ru"


def test_the_reset_e_mail_is_in_the_person_s_language(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    # Given a Russian-speaking person asking from a page in English
    user = make_user("ru.reader@example.kz", language="ru")
    with translation.override("ru"):
        subject = gettext("Reset your Silkbridge password")
    assert subject != "Reset your Silkbridge password"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})

    assert mailoutbox[0].subject == subject


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"accept_terms": ""}, "accept_terms"),
        ({"full_name": "  "}, "full_name"),
        ({"password2": "Something-Else-99"}, "password2"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"language": "xx"}, "language"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_sign_up_details_are_named_on_their_field_and_nothing_is_created(
    client, mailoutbox, django_capture_on_commit_callbacks, overrides, field
):
    response = sign_up(client, django_capture_on_commit_callbacks, **overrides)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert not User.objects.exists()
    assert mailoutbox == []


def test_the_acceptance_records_the_published_versions(
    client, secretariat, django_capture_on_commit_callbacks
):
    from silkbridge.public import legal

    # Given the terms published once more than the privacy notice
    terms = legal.publish(kind="terms", bodies={"en": "Be kind, always."}, by=secretariat)
    privacy = legal.current_version("privacy")
    assert terms.version != privacy

    sign_up(client, django_capture_on_commit_callbacks)

    user = User.objects.get(email="ayesha@softhouse.example.pk")
    assert (user.terms_version, user.privacy_version) == (terms.version, privacy)
