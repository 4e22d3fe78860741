"""Resetting a forgotten password by e-mail, and changing a known one."""

import re
from urllib.parse import urlsplit

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

NEW_PASSWORD = "Steppe-Caravan-2031"


def request_reset(client, email: str, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:password_reset"), {"email": email})


def test_a_reset_e_mail_carries_a_link_that_sets_a_new_password(
    client, member, mailoutbox, django_capture_on_commit_callbacks, settings
):
    # Given a reset asked for with the address in another letter case
    response = request_reset(client, "MEMBER@qfl.example.kz", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")

    # When the link in the e-mail is opened and a new password chosen
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [member.email]
    assert message.subject == "Reset your Silkbridge password"
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(settings.SITE_URL)
    form_page = client.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200
    assert not form_page.context.get("token_fail")
    assert "password1" in form_page.context["form"].fields
    # the key leaves the address bar, so it cannot leak through a Referer header
    set_password_url = form_page.redirect_chain[-1][0]
    assert urlsplit(link).path.rstrip("/").rsplit("-", 1)[-1] not in set_password_url
    done = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    # Then the new password works and the old one does not
    assert done.status_code == 302
    assert done.url == reverse("account_reset_password_from_key_done")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password("correct-horse-battery")


def test_a_reset_link_works_only_once(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    request_reset(client, member.email, django_capture_on_commit_callbacks)
    path = urlsplit(re.search(r"https?://\S+", mailoutbox[0].body).group(0)).path
    page = client.get(path, follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(path, follow=True)

    assert again.context["token_fail"] is True
    assert "This link cannot be used" in again.content.decode()


def test_a_reset_for_an_unknown_address_looks_the_same_but_sends_nothing(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    response = request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert mailoutbox == []


def test_a_password_reset_lifts_a_sign_in_lock_out(
    client, member, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # Given a locked-out account
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": member.email, "password": f"wrong-{attempt}"}
        )

    # When its owner resets the password through the e-mailed link
    request_reset(client, member.email, django_capture_on_commit_callbacks)
    path = urlsplit(re.search(r"https?://\S+", mailoutbox[0].body).group(0)).path
    page = client.get(path, follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    # Then signing in with the new password works
    response = client.post(
        reverse("accounts:login"), {"username": member.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)


def test_changing_a_password_needs_the_old_one(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "oldpassword": "not-it",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-control is-invalid"' in html
    assert 'id="id_oldpassword_error"' in html
    assert "The current password is not correct." in html
    member.refresh_from_db()
    assert not member.check_password(NEW_PASSWORD)


def test_changing_a_password_keeps_the_person_signed_in(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "oldpassword": "correct-horse-battery",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert client.session[SESSION_KEY] == str(member.pk)


def test_the_password_asked_again_before_sensitive_changes_is_checked_in_our_words(client, member):
    client.force_login(member)

    page = client.get(reverse("account_reauthenticate"))
    wrong = client.post(reverse("account_reauthenticate"), {"password": "not-it"})
    right = client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})

    assert 'for="id_password">Password' in page.content.decode()
    assert wrong.status_code == 200
    assert "The current password is not correct." in wrong.content.decode()
    assert right.status_code == 302


def test_an_account_without_a_password_sets_a_first_one(client, member):
    # Given an account that signs in through single sign-on only
    member.set_unusable_password()
    member.save()
    client.force_login(member)

    # When the person asks to change the password, they are offered to choose one
    page = client.get(reverse("accounts:password_change"), follow=True)
    mismatch = client.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": "other-1"}
    )
    done = client.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert page.redirect_chain[-1][0] == reverse("account_set_password")
    assert "Choose a password" in page.content.decode()
    assert "The two passwords do not match." in mismatch.content.decode()
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_allauth_s_own_limits_answer_with_the_site_s_429_page(client, member, settings):
    # Given allauth's limit on password changes down to one a minute
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "change_password": "1/m/user"}
    client.force_login(member)
    client.post(reverse("accounts:password_change"), {"oldpassword": "wrong"})

    response = client.post(reverse("accounts:password_change"), {"oldpassword": "wrong"})

    assert response.status_code == 429
    assert "Too many attempts. Wait a few minutes, then try again." in response.content.decode()
