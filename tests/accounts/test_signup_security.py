"""What sign-up, sign-in and reset tell a stranger: the same thing whether or not an account
exists; links that work once and expire; the sign-up rate limit; no acting before verifying."""

import re
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from silkbridge.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Steppe-Caravan-2031"
REFUSAL = "Too many attempts. Wait a few minutes, then try again."


def details(email: str, **overrides) -> dict:
    return {
        "full_name": "Dana Serikova",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "kk",
        "time_zone": "Asia/Almaty",
        "accept_terms": "on",
        **overrides,
    }


def sign_up(client, capture, email: str, address: str = "203.0.113.7"):
    with capture(execute=True):
        return client.post(reverse("account_signup"), details(email), REMOTE_ADDR=address)


def path_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+", message.body).group(0)).path


def test_signing_up_with_a_taken_address_looks_like_any_sign_up(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    # When one visitor signs up with a new address and another with a member's address
    fresh = sign_up(client, django_capture_on_commit_callbacks, "dana@startup.example.kz")
    taken = sign_up(client, django_capture_on_commit_callbacks, member.email.upper())

    # Then both see the same "check your e-mail" answer
    assert (fresh.status_code, fresh.url) == (taken.status_code, taken.url)
    assert taken.url == reverse("account_email_verification_sent")
    # and the member keeps one account, with their password, and is told by e-mail
    assert User.objects.filter(email__iexact=member.email).count() == 1
    member.refresh_from_db()
    assert member.check_password("correct-horse-battery")
    told = [message for message in mailoutbox if message.to == [member.email]]
    assert len(told) == 1
    assert "already exists" in told[0].body


def test_a_wrong_sign_in_says_the_same_for_an_unknown_address(client, member):
    known = client.post(
        reverse("account_login"), {"username": member.email, "password": "not-the-password"}
    )
    unknown = client.post(
        reverse("account_login"), {"username": "nobody@example.org", "password": "whatever-1"}
    )

    assert known.status_code == unknown.status_code == 200
    message = "The e-mail address or password is not correct."
    assert message in known.content.decode()
    assert message in unknown.content.decode()


def test_a_reset_for_an_unknown_address_answers_like_one_for_a_known_address(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": member.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_an_unverified_person_cannot_sign_in_to_act(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    # Given a person who signed up but has not opened the link
    sign_up(client, django_capture_on_commit_callbacks, "dana@startup.example.kz")
    mailoutbox.clear()

    # When they sign in with the right password
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"),
            {"username": "dana@startup.example.kz", "password": PASSWORD},
        )

    # Then they are asked to verify, are not signed in, and pages that need an account refuse
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert SESSION_KEY not in client.session
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 302
    assert profile.url.startswith(reverse("account_login"))


def test_a_verification_link_works_once(client, mailoutbox, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, "dana@startup.example.kz")
    path = path_in(mailoutbox[0])
    assert client.post(path).status_code == 302
    client.post(reverse("account_logout"))

    # A second use neither signs anyone in nor offers to confirm again
    again = client.post(path)
    page = client.get(path)

    assert again.status_code == 404
    assert SESSION_KEY not in client.session
    # The page speaks the language the person signed up in.
    with translation.override("kk"):
        expected = translation.gettext(
            "This confirmation link has expired or is not valid. Sign in to receive a new one."
        )
    assert expected in page.content.decode()


def test_a_verification_link_expires(
    client, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    # Given a link sent one day longer ago than verification links last
    sign_up(client, django_capture_on_commit_callbacks, "dana@startup.example.kz")
    path = path_in(mailoutbox[0])
    later = time.time() + (settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS + 1) * 86400
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))

    # When it is opened and confirmed
    page = client.get(path)
    client.post(path)

    # Then it is refused and the address stays unverified
    assert "This confirmation link has expired or is not valid." in page.content.decode()
    assert not EmailAddress.objects.get(email="dana@startup.example.kz").verified
    assert SESSION_KEY not in client.session


def test_a_reset_link_expires(client, member, settings, monkeypatch):
    # Given a reset link made now and opened after PASSWORD_RESET_TIMEOUT has passed
    from allauth.account.utils import user_pk_to_url_str

    token = default_token_generator.make_token(member)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(member), "key": token},
    )
    later = timezone.now() + timezone.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later.replace(tzinfo=None))

    page = client.get(url, follow=True)

    assert page.context["token_fail"] is True
    assert "This link cannot be used" in page.content.decode()


def test_sign_ups_beyond_the_rate_are_refused_with_429(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # Given one sign-up an hour per address
    settings.SILKBRIDGE_SIGN_UP_RATE = "1/h"
    assert sign_up(client, django_capture_on_commit_callbacks, "one@example.kz").status_code == 302

    # When a second comes from the same address
    response = sign_up(client, django_capture_on_commit_callbacks, "two@example.kz")

    # Then it is refused on the form with the address kept, and no account is made
    assert response.status_code == 429
    html = response.content.decode()
    assert REFUSAL in html
    assert 'value="two@example.kz"' in html
    assert not User.objects.filter(email="two@example.kz").exists()
    # while another address may still sign up
    other = sign_up(
        client, django_capture_on_commit_callbacks, "three@example.kz", address="198.51.100.20"
    )
    assert other.status_code == 302
