"""Two-factor authentication: an authenticator app with recovery codes, offered to everyone and
required for the roles in SILKBRIDGE_MFA_REQUIRED_ROLES (the secretariat by default), on pages
and on the API's session routes."""

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from silkbridge.accounts.mfa_policy import two_factor_required
from silkbridge.accounts.services import create_api_token

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def totp_code(secret: str, at: float | None = None, period: int = 30) -> str:
    """RFC 6238: HMAC-SHA1 of the time step, dynamically truncated to six digits."""
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_the_rfc_6238_reference_vector():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (eight digits), so six digits are 287082.
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp_code(secret, at=59) == "287082"


@pytest.fixture
def require_secretariat(settings):
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = ["secretariat"]


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def reauthenticate(client) -> None:
    """Type the password again, as allauth asks before changing two-factor settings."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def sign_in(client, user, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"username": user.email, "password": password})


# --- the policy --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "persona", "required"),
    [
        (["secretariat"], "secretariat", True),
        (["secretariat"], "observer", False),
        (["secretariat"], "org_admin", False),
        (["secretariat"], "member", False),
        (["secretariat", "admin"], "org_admin", True),
        (["secretariat", "admin"], "member", False),
        (["observer"], "observer", True),
        (["all"], "member", True),
        ([], "secretariat", False),
    ],
)
def test_who_must_use_two_factor(request, settings, roles, persona, required):
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = roles
    assert two_factor_required(request.getfixturevalue(persona)) is required


def test_secretariat_without_an_authenticator_is_sent_to_set_one_up(
    require_secretariat, client, secretariat
):
    client.force_login(secretariat)

    for page in (reverse("core:home"), reverse("accounts:profile"), reverse("accounts:tokens")):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up pages and signing out stay open.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_member_is_not_held_back(require_secretariat, client, member):
    client.force_login(member)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_secretariat_with_an_authenticator_goes_anywhere(require_secretariat, client, secretariat):
    with_totp(secretariat)
    client.force_login(secretariat)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_api_session_refused_until_set_up_while_a_token_works(
    require_secretariat, client, secretariat
):
    url = "/api/v1/me"
    client.force_login(secretariat)

    refused = client.get(url)

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert "Two-factor authentication is required" in refused.json()["error"]["message"]
    _token, secret = create_api_token(user=secretariat, name="script", expires_at=None)
    client.logout()
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    with_totp(secretariat)
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


# --- setting it up -----------------------------------------------------------------------------


def test_setting_up_the_app_shows_a_qr_code_and_takes_a_real_code(client, member):
    verified(member)
    assert sign_in(client, member).status_code == 302
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302:  # allauth asks for the password again first
        assert reverse("account_reauthenticate") in response["Location"]
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    secret = client.session["mfa.totp.secret"]
    assert secret in page

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=member).exists()
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert done.status_code == 302
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    types = set(Authenticator.objects.filter(user=member).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    unused = RecoveryCodes(
        Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(unused) == 10 and all(code in page for code in unused)


def test_content_security_policy_allows_the_qr_code(settings):
    assert "data:" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]


def test_profile_offers_two_factor_to_everyone(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") in page
    assert "Two-factor authentication" in page


# --- signing in --------------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, member):
    secret = with_totp(verified(member))

    response = sign_in(client, member)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_recovery_code_signs_in_once(client, member):
    with_totp(verified(member))
    code = RecoveryCodes(Authenticator.objects.get(user=member, type="recovery_codes"))
    first = code.get_unused_codes()[0]

    sign_in(client, member)
    assert client.post(reverse("mfa_authenticate"), {"code": first}).status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)

    client.post(reverse("account_logout"))
    sign_in(client, member)
    again = client.post(reverse("mfa_authenticate"), {"code": first})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_password_never_reaches_the_code_step(client, member):
    with_totp(verified(member))
    response = sign_in(client, member, password="not-the-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_secretariat_cannot_turn_the_app_off_where_it_is_required(
    require_secretariat, client, secretariat, member
):
    with_totp(secretariat)
    client.force_login(secretariat)
    reauthenticate(client)

    page = client.get(reverse("mfa_deactivate_totp"))
    client.post(reverse("mfa_deactivate_totp"))

    assert "You cannot deactivate two-factor authentication." in page.content.decode()
    assert Authenticator.objects.filter(user=secretariat, type="totp").exists()
    # A member, for whom it is optional, can turn it off.
    with_totp(member)
    client.force_login(member)
    reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=member, type="totp").exists()


def test_the_password_check_before_set_up_is_in_the_site_look(client, member):
    client.force_login(member)
    response = client.get(reverse("account_reauthenticate"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Confirm it is you" in page and 'class="btn btn-primary' in page
    assert client.post(reverse("account_reauthenticate"), {"password": "wrong"}).status_code == 200
