"""Rate limits on the forms anyone may post without signing in: sign-in, sign-up, password
reset, setting a new password from a reset link, accepting an invitation.

Counted with django-ratelimit in the shared cache (settings.CACHES), so every server process
sees the same counts. The client is REMOTE_ADDR only, which core/proxies.py sets to the real
client behind a trusted proxy; a client's own X-Forwarded-For is never believed. Sign-in is
limited per address, not per account: a per-account limit would let anyone lock the
secretariat out, and django-axes already locks one account from one address after repeated
failures. Password reset is also limited per e-mail address, so nobody can flood a mailbox.

A refused post answers 429 and shows the form again with the reason, without checking it (a
checked sign-in form would count as a failed attempt).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

TOO_MANY_STATUS = 429


def posted_email(_group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


@dataclass(frozen=True)
class Limit:
    """One counter: a name, the setting that holds its rate, and what it counts per ("ip" is
    django-ratelimit's REMOTE_ADDR, IPv6 addresses by their /64 network)."""

    group: str
    rate_setting: str
    key: str | Callable[[str, HttpRequest], str] = "ip"


SIGN_IN = (Limit("sign-in", "SILKBRIDGE_SIGN_IN_RATE"),)
PASSWORD_RESET = (
    Limit("password-reset", "SILKBRIDGE_PASSWORD_RESET_RATE"),
    Limit("password-reset-email", "SILKBRIDGE_PASSWORD_RESET_EMAIL_RATE", posted_email),
)
ANONYMOUS_POST = (Limit("anonymous-post", "SILKBRIDGE_ANONYMOUS_POST_RATE"),)
SIGN_UP = (Limit("sign-up", "SILKBRIDGE_SIGN_UP_RATE"),)


def over_limit(request: HttpRequest, limits: tuple[Limit, ...]) -> bool:
    """Count this request against each limit; True if any of them is exceeded."""
    exceeded = False
    for limit in limits:
        # Every counter is incremented, so a refused request still counts against each.
        exceeded |= is_ratelimited(
            request,
            group=limit.group,
            key=limit.key,
            rate=getattr(settings, limit.rate_setting),
            method="POST",
            increment=True,
        )
    return exceeded


def too_many_message() -> str:
    return _("Too many attempts. Wait a few minutes, then try again.")


def refused_form(
    form_class: type[forms.BaseForm], keep: tuple[str, ...] = ("username", "email"), **kwargs
) -> forms.BaseForm:
    """An unchecked copy of the posted form with the refusal as its error, keeping only the
    posted values of the fields in `keep` (never a password)."""
    data = kwargs.pop("data", None) or {}
    kwargs.pop("files", None)
    kept = {name: data[name] for name in keep if name in data}
    form = form_class(**{**kwargs, "initial": {**kwargs.get("initial", {}), **kept}})
    form.cleaned_data = {}  # an unbound form has none, and add_error expects it
    form.add_error(None, too_many_message())
    return form


class RateLimitedFormMixin:
    """For Django's form views: a POST over `rate_limits` gets the form back, refused, with 429."""

    rate_limits: tuple[Limit, ...] = ()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if over_limit(request, self.rate_limits):
            form = refused_form(self.get_form_class(), **self.get_form_kwargs())
            return self.render_to_response(self.get_context_data(form=form), status=TOO_MANY_STATUS)
        return super().post(request, *args, **kwargs)
