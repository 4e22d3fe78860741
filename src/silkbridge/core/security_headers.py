"""Response headers that tell the browser what a page may do, beside django-csp's policy.

Django 5.2 has no setting for Permissions-Policy, so this middleware writes it from one setting,
`PERMISSIONS_POLICY`: every browser feature the platform never uses is switched off, so a script
that gets in anyway cannot reach the camera, the microphone or the visitor's location.
"""

from collections.abc import Callable, Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def permissions_policy(features: Mapping[str, list[str]]) -> str:
    """The header value: `camera=()` for a feature allowed nowhere, `fullscreen=(self)` …"""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in sorted(features.items())
    )


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
