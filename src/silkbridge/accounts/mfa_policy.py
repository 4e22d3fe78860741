"""Who must use two-factor authentication, and a middleware that holds them to it.

A person whose role is listed in SILKBRIDGE_MFA_REQUIRED_ROLES and who has no authenticator yet
is sent to the set-up page from every page, and the API refuses their browser session (403), until
they set one up. Personal API tokens are not held back here: only a person who has passed the
set-up page can reach the page that issues them.
"""

from collections.abc import Callable

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# Pages a person without an authenticator may still open: the set-up itself (with the password
# check allauth asks for first), signing out, and choosing the language.
EXEMPT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "logout",
        "language",
        "set_language",
    }
)
ROLES = ("secretariat", "observer", "admin", "all")


def required_roles() -> set[str]:
    return {role.strip().lower() for role in settings.SILKBRIDGE_MFA_REQUIRED_ROLES if role.strip()}


def two_factor_required(user) -> bool:
    """Whether this person's role obliges them to use two-factor authentication."""
    if not user.is_authenticated or not user.is_active:
        return False
    roles = required_roles()
    if "all" in roles:
        return True
    if "secretariat" in roles and user.is_secretariat:
        return True
    if "observer" in roles and user.is_observer:
        return True
    return "admin" in roles and user.people.filter(role="admin").exists()


def missing_two_factor(user) -> bool:
    """Required for this person and not set up yet."""
    return two_factor_required(user) and not is_mfa_enabled(user)


class TwoFactorPolicyAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter (MFA_ADAPTER), refusing to turn the app off where it is required."""

    def can_delete_authenticator(self, authenticator) -> bool:
        return not two_factor_required(authenticator.user)


def _is_static(request: HttpRequest) -> bool:
    path = request.path_info
    return any(
        prefix and path.startswith("/" + prefix.lstrip("/"))
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
    )


class RequireTwoFactorMiddleware:
    """Sends a person who must use two-factor authentication to set it up before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not missing_two_factor(user):
            return self.get_response(request)
        if _is_static(request):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)  # the 404 page tells nothing
        if "api" in match.namespaces:
            if request.headers.get("Authorization"):
                return self.get_response(request)  # a personal token, not this session
            message = _(
                "Two-factor authentication is required for your role. Set it up on the "
                "two-factor authentication page before using the API from this session."
            )
            return JsonResponse(
                {"error": {"code": "permission_denied", "message": message, "fields": {}}},
                status=403,
            )
        if match.url_name in EXEMPT_URL_NAMES:
            return self.get_response(request)
        if request.method == "GET":
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Please set it up to continue."),
            )
        return redirect("mfa_activate_totp")
