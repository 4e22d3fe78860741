"""Who django-axes counts a failed sign-in against.

allauth authenticates with `email=` rather than `username=`, and our sign-in form still posts
`username`; either way the failures of `A@x` and `a@x` must add up to one lock-out.
"""

from django.http import HttpRequest


def client_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The lower-cased e-mail address a sign-in attempt was for (AXES_USERNAME_CALLABLE)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("username") or data.get("login") or data.get("email")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None
