"""TRUSTED_PROXIES: forwarded headers count only from the configured proxies (core/proxies.py)."""

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory
from django.urls import reverse

from silkbridge.core.proxies import TrustedProxyMiddleware, client_address, parse_networks

PROXIES = parse_networks(["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"])


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        # one proxy: the address it saw
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        # a client's own X-Forwarded-For is on the left; the proxy's entry on the right wins
        ("127.0.0.1", "203.0.113.1, 198.51.100.7", "198.51.100.7"),
        # two of our proxies in a row (a load balancer in 10/8, then nginx): skip both
        ("127.0.0.1", "203.0.113.1, 198.51.100.7, 10.1.2.3", "198.51.100.7"),
        # IPv6 clients and proxies, with and without brackets and ports
        ("2001:db8::5", "2001:db9::1", "2001:db9::1"),
        ("127.0.0.1", "[2001:db9::1]:4711", "2001:db9::1"),
        ("127.0.0.1", "198.51.100.7:52100", "198.51.100.7"),
        # an IPv4 client seen on a dual-stack socket is that IPv4 client
        ("127.0.0.1", "::ffff:198.51.100.7", "198.51.100.7"),
        # garbage to the left of a good hop is ignored; garbage on the right keeps the peer
        ("127.0.0.1", "not-an-address, 198.51.100.7", "198.51.100.7"),
        ("127.0.0.1", "198.51.100.7, not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        # nothing but our own proxies: the left-most of them
        ("127.0.0.1", "10.0.0.9, 10.0.0.8", "10.0.0.9"),
    ],
)
def test_the_client_is_the_right_most_address_that_is_not_a_trusted_proxy(
    peer, forwarded_for, client
):
    assert client_address(peer, forwarded_for, PROXIES) == client


def _through_middleware(settings, trusted: list[str], **meta: str) -> dict:
    settings.TRUSTED_PROXIES = trusted
    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen


def test_a_trusted_proxy_gives_the_client_address_and_the_scheme(settings):
    meta = _through_middleware(
        settings,
        ["10.0.0.0/8"],
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST="evil.example",
    )

    assert meta["REMOTE_ADDR"] == "198.51.100.7"
    assert meta["HTTP_X_FORWARDED_PROTO"] == "https"
    # consumed, so nothing later (auditlog, ninja's throttle) reads the client-chosen left part
    assert "HTTP_X_FORWARDED_FOR" not in meta
    assert "HTTP_X_FORWARDED_HOST" not in meta


@pytest.mark.parametrize("trusted", [[], ["127.0.0.1"], ["192.0.2.0/24"]])
def test_an_untrusted_peer_cannot_claim_another_address_or_https(settings, trusted):
    meta = _through_middleware(
        settings,
        trusted,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="127.0.0.1",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_REAL_IP="127.0.0.1",
        HTTP_FORWARDED="for=127.0.0.1;proto=https",
    )

    assert meta["REMOTE_ADDR"] == "198.51.100.7"
    for header in ("X_FORWARDED_FOR", "X_FORWARDED_PROTO", "X_REAL_IP", "FORWARDED"):
        assert f"HTTP_{header}" not in meta


def test_https_is_believed_only_from_a_trusted_proxy(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    url = reverse("accounts:login")

    spoofed = client.get(url, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")
    proxied = client.get(url, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https")

    assert spoofed.status_code == 301
    assert spoofed["Location"].startswith("https://")
    assert proxied.status_code == 200


def _fail_sign_in(client, email: str, *, proxy: str, forwarded_for: str) -> int:
    response = client.post(
        reverse("accounts:login"),
        {"username": email, "password": "wrong"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.status_code


def test_behind_the_proxy_a_lock_out_holds_only_the_client_that_failed(client, settings, member):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    attempts = [
        _fail_sign_in(client, member.email, proxy="10.0.0.5", forwarded_for="198.51.100.7")
        for _ in range(5)
    ]
    colleague = _fail_sign_in(client, member.email, proxy="10.0.0.5", forwarded_for="203.0.113.4")

    assert attempts[-1] == 429
    assert colleague == 200


def test_a_client_cannot_dodge_the_api_rate_limit_by_inventing_addresses(client, settings, db):
    settings.SILKBRIDGE_API_RATE = "3/min"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    # Directly, and through the proxy with a forged left part: one client, one bucket.
    direct = [
        client.get(
            "/api/v1/organisations", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(4)
    ]
    proxied = [
        client.get(
            "/api/v1/organisations",
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.4",
        ).status_code
        for n in range(4)
    ]

    assert direct == [200, 200, 200, 429]
    assert proxied == [200, 200, 200, 429]


def test_deploy_check_warns_when_the_https_redirect_has_no_proxy_to_trust(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = []

    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    ids_with_proxy = {message.id for message in run_checks(include_deployment_checks=True)}

    assert "silkbridge.W001" in ids
    assert "silkbridge.W001" not in ids_with_proxy


def test_a_trusted_proxies_entry_that_is_no_address_is_an_error(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "nginx.internal"]

    ids = {message.id for message in run_checks()}

    assert "silkbridge.E001" in ids
