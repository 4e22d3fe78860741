"""Probes: /healthz tells a load balancer the process is alive and nothing more; /readyz tells
the operator (only) whether the database, migrations, Redis and the matching index are fine."""

import json
import os
import socket

import pytest

EXTERNAL = {"REMOTE_ADDR": "203.0.113.9"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_test_url() -> str:
    url = os.environ.get("REDIS_TEST_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("Under CI, REDIS_TEST_URL must name a Redis server (scripts/test does)")
        pytest.skip("REDIS_TEST_URL is not set; `make test` starts a Redis server and sets it")
    return url


@pytest.mark.django_db
def test_healthz_answers_ok_without_naming_the_database_or_touching_it(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz", **EXTERNAL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    body = response.content.decode().lower()
    for word in ("sqlite", "postgres", "database", "version", "django"):
        assert word not in body


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https_while_other_pages_are(client, settings):
    # given production's redirect to HTTPS, and a probe speaking plain HTTP on loopback
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/about/data/").status_code == 301


@pytest.mark.django_db
def test_readyz_is_hidden_from_anonymous_callers_elsewhere_and_from_members(
    client, member, settings
):
    settings.SILKBRIDGE_READYZ_TOKEN = "operator-secret"

    assert client.get("/readyz", **EXTERNAL).status_code == 404
    assert (
        client.get("/readyz", HTTP_AUTHORIZATION="Bearer wrong-secret", **EXTERNAL).status_code
        == 404
    )
    client.force_login(member)
    assert client.get("/readyz", **EXTERNAL).status_code == 404


@pytest.mark.django_db
def test_readyz_through_a_proxy_on_this_machine_is_hidden(client, settings):
    # given nginx on loopback, trusted: it keeps X-Forwarded-Proto, so the caller is not local
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    response = client.get("/readyz", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 404


@pytest.mark.django_db
def test_readyz_through_an_untrusted_proxy_on_this_machine_is_hidden(client, settings):
    # given nginx on loopback that the operator forgot to trust: its forwarded headers are
    # dropped, yet the request still came through a proxy and is not a local caller's
    settings.TRUSTED_PROXIES = []

    response = client.get("/readyz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert response.status_code == 404


@pytest.mark.django_db
def test_readyz_answers_the_token_holder_the_secretariat_and_loopback(
    client, secretariat, settings
):
    settings.SILKBRIDGE_READYZ_TOKEN = "operator-secret"
    settings.REDIS_URL = ""

    by_token = client.get("/readyz", HTTP_AUTHORIZATION="Bearer operator-secret", **EXTERNAL)
    from_loopback = client.get("/readyz", REMOTE_ADDR="127.0.0.1")
    client.force_login(secretariat)
    by_session = client.get("/readyz", **EXTERNAL)

    for response in (by_token, from_loopback, by_session):
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["failing"] == []
        assert set(body["checks"]) == {"database", "migrations", "redis", "matching_index"}
        assert body["checks"]["migrations"]["detail"] == "all applied"


@pytest.mark.django_db
def test_readyz_with_redis_down_is_503_naming_redis(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failing"] == ["redis"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readyz_with_the_real_redis_is_200(client, settings, redis_test_url):
    settings.REDIS_URL = redis_test_url

    response = client.get("/readyz")

    assert response.status_code == 200, response.content
    assert response.json()["checks"]["redis"] == {"ok": True, "detail": "ping answered"}


@pytest.mark.django_db
def test_readyz_reports_a_matching_index_that_is_too_large_to_build_in_process(
    client, settings, tmp_path, organisation
):
    # given more organisations than a process may index by itself, and no saved index
    settings.REDIS_URL = ""
    settings.MATCHING_INPROCESS_MAX_ORGANISATIONS = 0
    settings.MATCHING_INDEX_DIR = tmp_path / "no-index-here"

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["matching_index"] == {
        "ok": False,
        "detail": "not built",
    }
