"""Who the API thinks the caller is: bearer tokens, the browser session, or nobody."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from silkbridge.accounts.models import APIToken
from silkbridge.accounts.services import revoke_api_token
from tests.api.helpers import error_of


def test_a_live_token_authenticates_a_script_as_its_user(client, org_admin, token_for):
    # given a personal token of an organisation admin
    secret = token_for(org_admin)

    # when a script calls /me with it
    response = client.get("/api/v1/me", headers={"authorization": f"Bearer {secret}"})

    # then it is that user, with the membership and role, and the token's use is recorded
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == org_admin.email
    assert body["memberships"] == [
        {
            "organisation": {"slug": "qazaq-fintech-labs", "name": "Qazaq Fintech Labs"},
            "role": "admin",
        }
    ]
    assert APIToken.objects.get(user=org_admin).last_used_at is not None


def test_a_token_lets_a_script_write_without_a_csrf_token(organisation, org_admin, token_for):
    # given a client that enforces CSRF, as a browser would
    client = Client(enforce_csrf_checks=True)
    secret = token_for(org_admin)

    # when a script patches the profile with a bearer token
    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}",
        {"short_name": "QFL"},
        content_type="application/json",
        headers={"authorization": f"Bearer {secret}"},
    )

    # then the write succeeds: a token is not an ambient credential, so CSRF does not apply
    assert response.status_code == 200
    assert response.json()["short_name"] == "QFL"


def test_me_shows_the_platform_role_of_the_secretariat(client, secretariat, token_for):
    response = client.get(
        "/api/v1/me", headers={"authorization": f"Bearer {token_for(secretariat)}"}
    )

    assert response.status_code == 200
    assert response.json()["platform_role"] == "secretariat"
    assert response.json()["is_secretariat"] is True


def _revoked(user, token_for):
    secret = token_for(user)
    revoke_api_token(actor=user, token=APIToken.objects.get(user=user))
    return secret


def _expired(user, token_for):
    return token_for(user, expires_at=timezone.now() - timedelta(minutes=1))


@pytest.mark.parametrize(
    "make_header",
    [
        pytest.param(lambda user, token_for: f"Bearer {_revoked(user, token_for)}", id="revoked"),
        pytest.param(lambda user, token_for: f"Bearer {_expired(user, token_for)}", id="expired"),
        pytest.param(lambda user, token_for: "Bearer sb_not-a-real-token", id="unknown"),
        pytest.param(lambda user, token_for: "Bearer garbage", id="garbage"),
        pytest.param(lambda user, token_for: "Token sb_whatever", id="wrong-scheme"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/organisations"])
def test_a_dead_or_garbage_token_is_refused_even_where_anonymous_reads_are_allowed(
    client, member, token_for, make_header, path
):
    # given an Authorization header that names no live token
    header = make_header(member, token_for)

    # when it is sent, to a private and to a public endpoint
    response = client.get(path, headers={"authorization": header})

    # then both answer 401 with the error body and a Bearer challenge
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_a_deactivated_user_is_refused(client, member, token_for):
    secret = token_for(member)
    member.is_active = False
    member.save()

    response = client.get("/api/v1/me", headers={"authorization": f"Bearer {secret}"})

    assert response.status_code == 401


def test_me_without_credentials_is_unauthorized(client, db):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_the_browser_session_authenticates_reads(client, member):
    client.force_login(member)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["email"] == member.email


def test_a_session_write_without_the_csrf_token_is_refused(organisation, org_admin):
    # given a signed-in browser session and a client that enforces CSRF
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_admin)

    # when the page's script patches without the X-CSRFToken header
    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}",
        {"short_name": "QFL"},
        content_type="application/json",
    )

    # then it is refused and nothing changes
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    organisation.refresh_from_db()
    assert organisation.short_name == ""


def test_a_session_write_with_the_csrf_token_is_accepted(organisation, org_admin):
    # given a signed-in session holding a CSRF cookie from a page
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_admin)
    client.get("/api/docs")
    csrf = client.cookies["csrftoken"].value

    # when the script sends the token back in the header
    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}",
        {"short_name": "QFL"},
        content_type="application/json",
        headers={"x-csrftoken": csrf},
    )

    # then the write goes through
    assert response.status_code == 200


def test_an_anonymous_write_is_unauthorized_not_a_csrf_failure(organisation):
    client = Client(enforce_csrf_checks=True)

    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}",
        {"short_name": "QFL"},
        content_type="application/json",
    )

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_too_many_requests_are_rate_limited_with_a_retry_hint(client, settings, db):
    # given a limit of two requests a minute
    settings.SILKBRIDGE_API_RATE = "2/min"

    # when a client makes a third
    statuses = [client.get("/api/v1/taxonomy").status_code for _ in range(3)]

    # then it is told to slow down, in the common error body
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/taxonomy")
    assert error_of(response)["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1
