"""How `silkbridge serve` runs the site: gunicorn worker processes, each with a pool of threads.

One Python process uses one core, so the site runs in several gunicorn processes (gthread
workers: a request that waits on the database or a slow client does not hold a whole process).
gunicorn runs as a child of `silkbridge serve` rather than in its place, so the work that must
happen once happens once: migrations, seeding and collectstatic before it starts, and the
housekeeping thread (without REDIS_URL) in this parent, never in a worker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Signals the parent passes on to gunicorn's master: stop (TERM, INT, QUIT), reload workers
# (HUP), add or remove a worker (TTIN, TTOU), reopen logs (USR1).
FORWARDED_SIGNALS = (
    signal.SIGTERM,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGHUP,
    signal.SIGTTIN,
    signal.SIGTTOU,
    signal.SIGUSR1,
)
DEFAULT_THREADS = 8


def default_workers() -> int:
    """WEB_CONCURRENCY if set, else one process per core this process may run on."""
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)))


def default_threads() -> int:
    """SILKBRIDGE_THREADS if set, else DEFAULT_THREADS per process."""
    return max(1, int(os.environ.get("SILKBRIDGE_THREADS", DEFAULT_THREADS)))


@dataclass(frozen=True)
class ServerOptions:
    host: str
    port: int
    workers: int
    threads: int
    trusted_proxies: Sequence[str]

    @property
    def bind(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def gunicorn_command(options: ServerOptions) -> list[str]:
    """The gunicorn command line; GUNICORN_CMD_ARGS in the environment can add to it."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "silkbridge.wsgi:application",
        "--bind",
        options.bind,
        "--worker-class",
        "gthread",
        "--workers",
        str(options.workers),
        "--threads",
        str(options.threads),
        # gunicorn believes X-Forwarded-Proto from these peers only, like TrustedProxyMiddleware;
        # empty means from nobody (gunicorn's own default would trust 127.0.0.1).
        "--forwarded-allow-ips",
        ",".join(options.trusted_proxies),
        # The control socket's default path is shared by every gunicorn of the user.
        "--no-control-socket",
        # Errors to stderr; the proxy in front keeps the access log.
        "--error-logfile",
        "-",
    ]


def _wait_until_listening(
    options: ServerOptions, process: subprocess.Popen, timeout: float
) -> bool:
    # Listening on every interface includes loopback, which is where to knock.
    wildcard = options.host in ("0.0.0.0", "::")  # noqa: S104 - compared with, not bound to
    host = "127.0.0.1" if wildcard else options.host
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection((host, options.port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def run_gunicorn(options: ServerOptions, *, on_listening: Callable[[], None] | None = None) -> int:
    """Run gunicorn until it exits, passing on signals; returns its exit status."""
    process = subprocess.Popen(gunicorn_command(options))  # noqa: S603 - our own fixed command

    def forward(signum: int, _frame: object) -> None:
        if process.poll() is None:
            process.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED_SIGNALS}
    try:
        if _wait_until_listening(options, process, timeout=60) and on_listening:
            on_listening()
        return process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
