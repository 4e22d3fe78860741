"""The documented deployment, for real: nginx with TLS (deploy/nginx/silkbridge.conf) in front of
`silkbridge serve` in production settings with two gunicorn workers.

Clients connect from distinct loopback addresses (127.0.0.2, 127.0.0.3), so nginx sees two real
clients while Silkbridge's only trusted proxy is nginx at 127.0.0.1. Needs nginx (Debian
`nginx-light`) and openssl; under CI a missing one fails the test rather than skipping it.
"""

# ruff: noqa: S603 - the tests start their own fixed commands (openssl, nginx, silkbridge)

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

REPO = Path(__file__).resolve().parents[2]
SITE_CONFIG = REPO / "deploy" / "nginx" / "silkbridge.conf"
CLIENT_X = "127.0.0.2"
CLIENT_Y = "127.0.0.3"
API_RATE = "5/min"
START_TIMEOUT = 120
NOT_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
}


def _require(program: str) -> str:
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if found:
        return found
    message = f"{program} is not installed (Debian: apt-get install nginx-light openssl)"
    if os.environ.get("CI"):
        pytest.fail(f"Under CI the proxy test needs {program}: {message}")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, **kwargs: object) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} exited with {process.returncode}:\n{log.read_text()}")
        try:
            with requests.get(url, timeout=10, allow_redirects=False, **kwargs):
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and everything it started (gunicorn)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class SourceAddressAdapter(HTTPAdapter):
    """Connects from a given local address, as a distinct client would."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class Stack:
    https: str  # through nginx
    http: str  # nginx's plain-HTTP server
    direct: str  # gunicorn itself, bypassing the proxy
    certificate: Path

    def client(self, source: str) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE would replace the certificate below
        session.verify = str(self.certificate)
        session.mount("https://", SourceAddressAdapter(source))
        session.mount("http://", SourceAddressAdapter(source))
        return session


def _certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [_require("openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


def _nginx_config(folder: Path, *, http_port: int, https_port: int, upstream: str) -> Path:
    certificate, key = _certificate(folder)
    site = SITE_CONFIG.read_text()
    for placeholder, value in {
        "SERVER_NAME": "127.0.0.1",
        "HTTP_PORT": f"127.0.0.1:{http_port}",
        "HTTPS_PORT": f"127.0.0.1:{https_port}",
        "UPSTREAM": upstream,
        "TLS_CERTIFICATE": str(certificate),
        "TLS_CERTIFICATE_KEY": str(key),
    }.items():
        site = site.replace("{{" + placeholder + "}}", value)
    assert "{{" not in site, "a placeholder of the site file was left unreplaced"
    (folder / "silkbridge.conf").write_text(site)
    temp_paths = (
        "\n".join(
            f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
        )
        + f"\n  uwsgi_temp_path {folder / 'uwsgi'};\n  scgi_temp_path {folder / 'scgi'};"
    )
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder / 'nginx.pid'};\n"
        + f"error_log {folder / 'error.log'} warn;\n"
        + "events { worker_connections 128; }\n"
        + f"http {{\n  access_log {folder / 'access.log'};\n{temp_paths}\n"
        + f"  include {folder / 'silkbridge.conf'};\n}}\n"
    )
    return main


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    nginx = _require("nginx")
    home = tmp_path_factory.mktemp("silkbridge-home")
    proxy_dir = tmp_path_factory.mktemp("nginx")
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()

    # Production settings, with a low API rate so a test can reach it.
    (home / "proxy_test_settings.py").write_text(
        f"from silkbridge.settings import *  # noqa: F403\nSILKBRIDGE_API_RATE = {API_RATE!r}\n"
    )
    # Production defaults: nothing from the test run's own environment (pyproject's pytest env
    # turns the HTTPS redirect off) may reach the server.
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="proxy_test_settings",
        PYTHONPATH=os.pathsep.join([str(home), env.get("PYTHONPATH", "")]),
        SILKBRIDGE_HOME=str(home),
        DATABASE_URL=f"sqlite:///{home / 'silkbridge.sqlite3'}",
        DEBUG="0",
        SECRET_KEY="proxy-test-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        TRUSTED_PROXIES="127.0.0.1",
    )
    main_config = _nginx_config(
        proxy_dir, http_port=http_port, https_port=https_port, upstream=f"127.0.0.1:{app_port}"
    )
    serve_log, nginx_log = home / "serve.log", proxy_dir / "nginx.log"
    processes: list[subprocess.Popen] = []
    try:
        with serve_log.open("w") as log:
            serve = subprocess.Popen(
                [sys.executable, "-m", "silkbridge.cli", "serve", "--no-seed", "--host",
                 "127.0.0.1", "--port", str(app_port), "--workers", "2", "--threads", "2"],
                cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            processes.append(serve)
        with nginx_log.open("w") as log:
            proxy = subprocess.Popen(
                [nginx, "-p", str(proxy_dir), "-c", str(main_config), "-e",
                 str(proxy_dir / "error.log"), "-g", "daemon off;"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            processes.insert(0, proxy)
        direct = f"http://127.0.0.1:{app_port}"
        _wait_for(f"{direct}/healthz", serve, serve_log)
        https = f"https://127.0.0.1:{https_port}"
        _wait_for(f"{https}/healthz", proxy, nginx_log, verify=str(proxy_dir / "cert.pem"))
        yield Stack(
            https=https,
            http=f"http://127.0.0.1:{http_port}",
            direct=direct,
            certificate=proxy_dir / "cert.pem",
        )
    finally:
        for process in processes:
            _stop(process)


def test_through_the_proxy_the_site_answers_over_https_with_hsts_and_no_redirect_loop(stack):
    with stack.client(CLIENT_X) as client:
        health = client.get(f"{stack.https}/healthz", allow_redirects=False)
        page = client.get(f"{stack.https}/accounts/login/", allow_redirects=False)
        plain = client.get(f"{stack.http}/accounts/login/", allow_redirects=False)

    assert health.status_code == 200
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # nginx's plain-HTTP server only sends people to HTTPS.
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://127.0.0.1")


def _sign_in(client: requests.Session, stack: Stack, email: str, spoofed: str) -> int:
    login = f"{stack.https}/accounts/login/"
    client.get(login)
    response = client.post(
        login,
        data={
            "username": email,
            "password": "not-the-password",
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
        headers={"Referer": login, "X-Forwarded-For": spoofed},
        allow_redirects=False,
    )
    return response.status_code


def test_a_lock_out_holds_the_client_that_failed_not_everyone_behind_the_proxy(stack):
    email = "secretariat-lockout@example.org"
    with stack.client(CLIENT_X) as attacker, stack.client(CLIENT_Y) as colleague:
        # when one client fails to sign in five times, each time claiming another address
        attempts = [_sign_in(attacker, stack, email, f"198.51.100.{n}") for n in range(6)]
        # and a colleague then signs in to the same account from another address
        colleague_tries = _sign_in(colleague, stack, email, "198.51.100.1")

    # then that client is locked out at the fifth failure, whatever it claimed to be
    assert attempts == [200, 200, 200, 200, 429, 429]
    # and the colleague only hears that the password is wrong
    assert colleague_tries == 200


def test_the_api_rate_limit_counts_per_real_client_whatever_it_forwards(stack):
    url = f"{stack.https}/api/v1/organisations"
    with stack.client(CLIENT_X) as scraper, stack.client(CLIENT_Y) as reader:
        # given a scraper that varies its X-Forwarded-For on every request, past the rate
        statuses = [
            scraper.get(url, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(12)
        ]

        # when another client reads the API
        other = reader.get(url)

    # then the scraper is limited, and the other client is not
    assert statuses[0] == 200
    assert 429 in statuses
    assert other.status_code == 200


def test_forwarded_headers_sent_straight_to_the_server_are_ignored(stack):
    # given a client that bypasses nginx and claims to be behind it, over HTTPS
    with stack.client(CLIENT_X) as client:
        response = client.get(
            f"{stack.direct}/api/v1/organisations",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"},
            allow_redirects=False,
        )

    # then Silkbridge still sees plain HTTP from an untrusted peer and redirects to HTTPS
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
