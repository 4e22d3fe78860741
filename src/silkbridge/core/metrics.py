"""Prometheus metrics with django-prometheus, installed only when SILKBRIDGE_METRICS is on.

Its two middlewares go outermost and innermost, so request counts and latencies cover the whole
stack. With several worker processes, prometheus_client keeps each process's figures in files
under PROMETHEUS_MULTIPROC_DIR and `/metrics` adds them up (see docs/operations.md).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

BEFORE = "django_prometheus.middleware.PrometheusBeforeMiddleware"
AFTER = "django_prometheus.middleware.PrometheusAfterMiddleware"


def with_metrics(installed_apps: list[str], middleware: list[str]) -> tuple[list[str], list[str]]:
    """The app list and middleware with django-prometheus added around the stack."""
    return [*installed_apps, "django_prometheus"], [BEFORE, *middleware, AFTER]


@contextlib.contextmanager
def multiprocess_directory(enabled: bool) -> Iterator[Path | None]:
    """For `silkbridge serve` with metrics on: the folder gunicorn's workers share their figures
    in, empty at start. PROMETHEUS_MULTIPROC_DIR names it if the operator set it (its old files
    are removed); otherwise a temporary folder is made for this run and removed afterwards."""
    if not enabled:
        yield None
        return
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="silkbridge-metrics-") as scratch:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = scratch
        try:
            yield Path(scratch)
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]
