"""The demo site as `make run` gives it to a newcomer, for browser tests that use the demo
sign-ins: a SQLite database seeded by `silkbridge load-data` and `silkbridge demo --users` (once
per test run, shared by the test processes under a lock), copied for each user of it and served
by `silkbridge serve`."""

# ruff: noqa: S603 - the tests start the project's own command

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

DEMO_PASSWORD = "silkbridge-demo"
START_TIMEOUT = 240
# Settings of the test process that must not leak into the served site.
STATE_ENV = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _silkbridge(home: Path) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in STATE_ENV}
    env.update(SILKBRIDGE_HOME=str(home), DEBUG="1", PYTHONUNBUFFERED="1")
    # The journeys sign in with passwords only; the two-factor policy has its own tests.
    env["SILKBRIDGE_MFA_REQUIRED_ROLES"] = ""
    return [sys.executable, "-m", "silkbridge.cli"], env


def seeded_demo_database(factory: pytest.TempPathFactory) -> Path:
    """The seeded database file, made once per run whichever test process asks first."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    shared = factory.getbasetemp() if run is None else factory.getbasetemp().parent
    home = shared / f"demo-seed-{run or 'single'}"
    done = home / "seeded"
    with open(shared / f"demo-seed-{run or 'single'}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            home.mkdir(exist_ok=True)
            command, env = _silkbridge(home)
            for args in (["manage", "migrate", "-v0"], ["load-data"], ["demo", "--users"]):
                result = subprocess.run(
                    [*command, *args], env=env, capture_output=True, text=True, timeout=900
                )
                if result.returncode:
                    pytest.fail(f"silkbridge {' '.join(args)} failed:\n{result.stderr[-4000:]}")
            done.touch()
    return home / "silkbridge.sqlite3"


@contextlib.contextmanager
def served_demo(factory: pytest.TempPathFactory) -> Iterator[str]:
    """`silkbridge serve` on a fresh copy of the seeded demo database; yields its address."""
    seeded = seeded_demo_database(factory)
    home = factory.mktemp("demo-site")
    shutil.copy(seeded, home / "silkbridge.sqlite3")
    port = _free_port()
    command, env = _silkbridge(home)
    log = home / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--workers", "1", "--threads", "8"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"silkbridge serve exited:\n{log.read_text()[-4000:]}")
            try:
                if requests.get(f"{url}/healthz", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"silkbridge serve did not start:\n{log.read_text()[-4000:]}")
            time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def sign_in(browser, base_url: str, email: str, *, width: int = 1366, height: int = 900):
    """A tab of a fresh browser context (own cookies), signed in with a demo account."""
    context = browser.new_context(
        base_url=base_url, locale="en-GB", viewport={"width": width, "height": height}
    )
    context.set_default_timeout(30_000)  # a busy machine, a first matching query
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.get_by_label("E-mail").fill(email)
    tab.get_by_label("Password").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    return tab
