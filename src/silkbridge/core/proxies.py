"""Who the client is, behind a reverse proxy: TRUSTED_PROXIES decides whose forwarded headers count.

Everything that tells clients apart (the sign-in lock-out, API and form rate limits, the audit
log) reads `REMOTE_ADDR`. Behind a proxy that is the proxy's address, and `X-Forwarded-For` /
`X-Forwarded-Proto` say who the client is and whether it spoke HTTPS, but any client can send
those headers too. So one middleware, first in the chain, believes them only from a peer listed
in TRUSTED_PROXIES: it moves the real client address into `REMOTE_ADDR` and removes every
forwarded header, so nothing later can read a spoofed one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Headers a proxy sets; from an untrusted peer they are dropped. X-Forwarded-Proto survives from a
# trusted one, for Django's SECURE_PROXY_SSL_HEADER.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


FORWARDED_MARK = "silkbridge.forwarded"


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses and CIDR networks as written in TRUSTED_PROXIES ("10.0.0.0/8", "::1")."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443" as some proxies write it
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:52100"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client seen on a dual-stack socket ("::ffff:192.0.2.1") is that IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_trusted(address: str, proxies: Sequence[Network]) -> bool:
    """Whether `address` is one of the configured proxies."""
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in proxies)


def client_address(remote_addr: str, forwarded_for: str, proxies: Sequence[Network]) -> str:
    """The right-most address in `forwarded_for` that is not a trusted proxy.

    Each proxy appends the address it received the request from, so reading from the right and
    skipping our own proxies reaches the first hop we do not control; everything to its left is
    whatever the client chose to send. A malformed entry stops the walk there: what lies to its
    left cannot be trusted either, and the last good hop is used.
    """
    client = remote_addr
    for hop in reversed(forwarded_for.split(",")):
        parsed = _address(hop)
        if parsed is None:
            break
        client = str(parsed)
        if not any(parsed in network for network in proxies):
            break
    return client


class TrustedProxyMiddleware:
    """Put the real client address in REMOTE_ADDR; drop forwarded headers nobody vouches for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        proxies = _networks(tuple(settings.TRUSTED_PROXIES))
        peer = meta.get("REMOTE_ADDR", "")
        if proxies and is_trusted(peer, proxies):
            forwarded_for = meta.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded_for:
                meta["REMOTE_ADDR"] = client_address(peer, forwarded_for, proxies)
            kept = {"HTTP_X_FORWARDED_PROTO"}
        else:
            kept = set()
        # Remembered before the headers go: a proxy nobody trusts still makes the request a
        # forwarded one, whose loopback peer address must not pass for a local operator.
        meta[FORWARDED_MARK] = any(header in meta for header in FORWARDED_HEADERS)
        for header in FORWARDED_HEADERS:
            if header not in kept:
                meta.pop(header, None)
        return self.get_response(request)


def remote_addr(request: HttpRequest) -> str | None:
    """The client address for django-axes: what TrustedProxyMiddleware left in REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR")


@register("security")
def check_trusted_proxies_parse(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Refuse to start with a TRUSTED_PROXIES entry that is no address, rather than fail later."""
    try:
        parse_networks(settings.TRUSTED_PROXIES)
    except ValueError as error:
        return [
            Error(
                f"TRUSTED_PROXIES holds something that is not an address or network: {error}.",
                hint="List addresses or CIDR networks separated by commas, e.g. "
                "TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8.",
                id="silkbridge.E001",
            )
        ]
    return []


@register("security", deploy=True)
def check_trusted_proxies(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Warn about the one setting combination that loops for ever behind a TLS proxy."""
    if settings.DEBUG or not settings.SECURE_SSL_REDIRECT or settings.TRUSTED_PROXIES:
        return []
    return [
        Warning(
            "SECURE_SSL_REDIRECT is on and TRUSTED_PROXIES is empty: behind a proxy that ends TLS, "
            "every request would be redirected to https:// again and again, and all clients would "
            "share the proxy's address for lock-outs and rate limits.",
            hint="Set TRUSTED_PROXIES to the address of the reverse proxy (e.g. "
            "TRUSTED_PROXIES=127.0.0.1 when nginx runs on the same machine). If clients reach "
            "Silkbridge directly over plain HTTP, set SECURE_SSL_REDIRECT=0 instead.",
            id="silkbridge.W001",
        )
    ]
