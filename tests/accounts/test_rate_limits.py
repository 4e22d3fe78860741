"""Rate limits on what anyone may post without signing in, and on the API, counted per client
address in a cache that every server process shares."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from silkbridge.accounts import services

PASSWORD = "correct-horse-battery"
REFUSAL = "Too many attempts. Wait a few minutes, then try again."


def sign_in(client, email: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_sign_in_posts_beyond_the_rate_are_refused_with_429_and_the_form_again(
    client, member, settings
):
    # given three sign-in posts a minute per address
    settings.SILKBRIDGE_SIGN_IN_RATE = "3/m"
    for _ in range(3):
        assert sign_in(client, member.email, "wrong-password").status_code == 200

    # when the fourth comes from the same address, even with the right password
    response = sign_in(client, member.email, PASSWORD)

    # then it is refused, shown on the sign-in form with the address kept, and nobody signs in
    assert response.status_code == 429
    html = response.content.decode()
    assert REFUSAL in html
    assert 'name="password"' in html
    assert f'value="{member.email}"' in html
    assert SESSION_KEY not in client.session


def test_another_address_may_still_sign_in_while_one_is_limited(client, member, settings):
    settings.SILKBRIDGE_SIGN_IN_RATE = "1/m"
    sign_in(client, member.email, "wrong-password", address="203.0.113.7")
    assert sign_in(client, member.email, PASSWORD, address="203.0.113.7").status_code == 429

    response = sign_in(client, member.email, PASSWORD, address="198.51.100.20")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)


def test_a_client_cannot_escape_the_limit_with_its_own_forwarded_for_header(
    client, member, settings
):
    settings.SILKBRIDGE_SIGN_IN_RATE = "1/m"
    sign_in(client, member.email, "wrong-password")

    response = client.post(
        reverse("accounts:login"),
        {"username": member.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )

    assert response.status_code == 429


def request_reset(client, email: str, address: str):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_resets_are_limited_per_address(
    client, member, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # given two reset requests an hour per address
    settings.SILKBRIDGE_PASSWORD_RESET_RATE = "2/h"
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("a@example.org", "b@example.org"):
            assert request_reset(client, email, "203.0.113.7").status_code == 302

        # when a third comes from the same address
        response = request_reset(client, member.email, "203.0.113.7")

    # then it is refused on the form, and no e-mail goes out
    assert response.status_code == 429
    assert REFUSAL in response.content.decode()
    assert f'value="{member.email}"' in response.content.decode()
    assert mailoutbox == []


def test_password_resets_are_limited_per_e_mail_address_from_any_address(
    client, member, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # given one reset an hour per e-mail address
    settings.SILKBRIDGE_PASSWORD_RESET_EMAIL_RATE = "1/h"
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reset(client, member.email, "203.0.113.7").status_code == 302

        # when someone elsewhere asks for the same mailbox, in other letters
        again = request_reset(client, member.email.upper(), "198.51.100.20")
        # and for another mailbox
        other = request_reset(client, "someone.else@example.org", "198.51.100.20")

    # then the mailbox gets one e-mail; the other address is not held back for other mailboxes
    assert again.status_code == 429
    assert other.status_code == 302
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_setting_a_new_password_from_a_link_is_limited_per_address(client, member, settings):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    settings.SILKBRIDGE_ANONYMOUS_POST_RATE = "1/m"
    uid = user_pk_to_url_str(member)
    token = default_token_generator.make_token(member)
    form_page = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb36": uid, "key": token}),
        follow=True,
    )
    url = form_page.redirect_chain[-1][0]
    weak = {"password1": "short", "password2": "short"}
    assert client.post(url, weak, REMOTE_ADDR="203.0.113.7").status_code == 200

    strong = {"password1": "Tien-Shan-Ridge-88", "password2": "Tien-Shan-Ridge-88"}
    response = client.post(url, strong, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert REFUSAL in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_accepting_an_invitation_is_limited_per_address(
    client, organisation, org_admin, settings, django_capture_on_commit_callbacks
):
    from silkbridge.accounts.models import User

    settings.SILKBRIDGE_ANONYMOUS_POST_RATE = "1/m"
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invite_member(
            actor=org_admin, organisation=organisation, email="new@example.pk", role="member"
        )
    url = reverse("accounts:accept-invitation", args=[token])
    mismatched = {"full_name": "Ayesha Khan", "password": "x", "password_confirmation": "y"}
    assert client.post(url, mismatched, REMOTE_ADDR="203.0.113.7").status_code == 200

    details = {
        "full_name": "Ayesha Khan",
        "password": "Tien-Shan-Ridge-88",
        "password_confirmation": "Tien-Shan-Ridge-88",
    }
    response = client.post(url, details, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    html = response.content.decode()
    assert REFUSAL in html
    assert 'value="Ayesha Khan"' in html
    assert not User.objects.filter(email="new@example.pk").exists()


# What one server process does: count one request against a limit, print whether it passed.
COUNT_IN_A_PROCESS = """
import json, sys
import django
django.setup()
from django.test import RequestFactory
from django.contrib.auth.models import AnonymousUser
from silkbridge.api import ClientRateThrottle
from silkbridge.core import ratelimits

kind, address, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
passed = []
for _ in range(times):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    if kind == "api":
        request.user = AnonymousUser()
        passed.append(ClientRateThrottle().allow_request(request))
    else:
        passed.append(not ratelimits.over_limit(request, ratelimits.SIGN_IN))
print(json.dumps(passed))
"""


def server_process_environment(home: Path, **variables: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "SILKBRIDGE_API_RATE", "SILKBRIDGE_SIGN_IN_RATE")
    }
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "silkbridge.settings",
        "SILKBRIDGE_HOME": str(home),
        "SECRET_KEY": "test-secret-key-not-for-production-use-0123456789abcdef",
        **variables,
    }


def count_in_a_process(environment: dict[str, str], kind: str, address: str, times: int):
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", COUNT_IN_A_PROCESS, kind, address, str(times)],
        env=environment,
        cwd=environment["SILKBRIDGE_HOME"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def cache_variables(backend: str) -> dict[str, str]:
    if backend == "files":
        return {}
    url = os.environ.get("REDIS_TEST_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                "Under CI, REDIS_TEST_URL must name a Redis server (scripts/test starts one)"
            )
        pytest.skip("REDIS_TEST_URL is not set; `make test` starts a Redis server and sets it")
    return {"REDIS_URL": url, "CACHE_KEY_PREFIX": f"silkbridge-test-{uuid.uuid4().hex}"}


@pytest.mark.parametrize("backend", ["files", "redis"])
def test_server_processes_share_one_count(tmp_path, backend):
    # given two server processes with one sign-in limit of three posts a day (no window ends
    # mid-test)
    environment = server_process_environment(
        tmp_path, SILKBRIDGE_SIGN_IN_RATE="3/d", **cache_variables(backend)
    )

    # when a client posts twice to one process and twice to the other
    first = count_in_a_process(environment, "sign-in", "203.0.113.7", 2)
    second = count_in_a_process(environment, "sign-in", "203.0.113.7", 2)

    # then the fourth post is refused, wherever it lands
    assert first + second == [True, True, True, False]


def test_the_api_rate_is_read_from_the_environment(tmp_path):
    # given a server started with SILKBRIDGE_API_RATE of two requests a minute
    environment = server_process_environment(tmp_path, SILKBRIDGE_API_RATE="2/min")

    # when an anonymous client makes three API requests
    passed = count_in_a_process(environment, "api", "203.0.113.7", 3)

    # then the third is throttled, where the default rate would let it pass
    assert passed == [True, True, False]
