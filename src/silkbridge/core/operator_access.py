"""Who may read the operator's endpoints (`/readyz`, `/metrics`).

Three ways in, any one suffices: a signed-in secretariat member; a bearer token that matches
the endpoint's setting; or a direct connection from this machine's loopback address. A request
that carries forwarding headers came through a proxy, so its loopback peer address says nothing
about the real client and does not count.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.http import HttpRequest

from silkbridge.core.proxies import FORWARDED_MARK
from silkbridge.directory.permissions import is_secretariat

# X-Forwarded-Proto survives TrustedProxyMiddleware from a trusted proxy: such a request is
# forwarded even when the proxy sent no X-Forwarded-For.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def is_direct_loopback(request: HttpRequest) -> bool:
    """True for a connection from 127.0.0.0/8 or ::1 that no proxy forwarded."""
    if request.META.get(FORWARDED_MARK) or any(h in request.META for h in FORWARDING_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def has_bearer_token(request: HttpRequest, token: str) -> bool:
    """True when `Authorization: Bearer <token>` matches a configured (non-empty) token."""
    if not token:
        return False
    scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def may_read_operator_endpoint(request: HttpRequest, token: str) -> bool:
    """The secretariat, the holder of `token`, or a direct loopback caller."""
    return (
        is_direct_loopback(request)
        or has_bearer_token(request, token)
        or is_secretariat(request.user)
    )
