"""Prometheus metrics with django-prometheus, installed only when SILKBRIDGE_METRICS is on.

Its two middlewares go outermost and innermost, so request counts and latencies cover the whole
stack. With several worker processes, prometheus_client keeps each process's figures in files
under PROMETHEUS_MULTIPROC_DIR and `/metrics` adds them up (see docs/operations.md).
"""

from __future__ import annotations

BEFORE = "django_prometheus.middleware.PrometheusBeforeMiddleware"
AFTER = "django_prometheus.middleware.PrometheusAfterMiddleware"


def with_metrics(installed_apps: list[str], middleware: list[str]) -> tuple[list[str], list[str]]:
    """The app list and middleware with django-prometheus added around the stack."""
    return [*installed_apps, "django_prometheus"], [BEFORE, *middleware, AFTER]
