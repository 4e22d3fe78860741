"""Prometheus metrics behind SILKBRIDGE_METRICS: on, /metrics counts requests for loopback or the
token holder; off (the default), /metrics is 404 and django-prometheus is not installed."""

import os
import subprocess
import sys

import pytest

from silkbridge.core.metrics import multiprocess_directory, with_metrics

EXTERNAL = {"REMOTE_ADDR": "203.0.113.9"}

READ_SETTINGS = """
import django
django.setup()
from django.conf import settings
print(any("prometheus" in entry for entry in [*settings.MIDDLEWARE, *settings.INSTALLED_APPS]))
print(settings.MIDDLEWARE[0].rsplit(".", 1)[-1], settings.MIDDLEWARE[-1].rsplit(".", 1)[-1])
"""


def test_metrics_setting_wraps_the_middleware_stack_and_is_off_by_default(settings, tmp_path):
    # off: the test run's own settings, read from an environment without SILKBRIDGE_METRICS
    assert not any("prometheus" in entry for entry in settings.MIDDLEWARE)
    assert "django_prometheus" not in settings.INSTALLED_APPS

    # on: a process started with SILKBRIDGE_METRICS=1
    result = subprocess.run(  # noqa: S603 - a fixed command
        [sys.executable, "-c", READ_SETTINGS],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "silkbridge.settings",
            "SILKBRIDGE_HOME": str(tmp_path),
            "SILKBRIDGE_METRICS": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == [
        "True",
        "PrometheusBeforeMiddleware",
        "PrometheusAfterMiddleware",
    ]


@pytest.fixture
def metrics_on(settings):
    settings.SILKBRIDGE_METRICS = True
    settings.SILKBRIDGE_METRICS_TOKEN = "scraper-secret"
    _apps, settings.MIDDLEWARE = with_metrics(settings.INSTALLED_APPS, settings.MIDDLEWARE)


@pytest.mark.django_db
def test_metrics_from_loopback_count_the_requests_served(client, metrics_on):
    client.get("/healthz")

    response = client.get("/metrics")

    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert 'django_http_responses_total_by_status_total{status="200"}' in text


@pytest.mark.django_db
def test_metrics_need_the_token_from_elsewhere(client, metrics_on):
    assert client.get("/metrics", **EXTERNAL).status_code == 404
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scraper-secret", **EXTERNAL)
    assert response.status_code == 200


@pytest.mark.django_db
def test_metrics_off_is_404_even_from_loopback(client, settings):
    settings.SILKBRIDGE_METRICS = False

    assert client.get("/metrics").status_code == 404


def test_serve_gives_its_workers_one_empty_metrics_folder_and_removes_it(monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)

    with multiprocess_directory(True) as folder:
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)
        assert folder.is_dir() and list(folder.iterdir()) == []

    assert not folder.exists()
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ


def test_an_operators_metrics_folder_is_emptied_of_the_last_runs_figures(monkeypatch, tmp_path):
    (tmp_path / "counter_1234.db").write_bytes(b"last run")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    with multiprocess_directory(True) as folder:
        assert folder == tmp_path
        assert list(folder.iterdir()) == []


def test_without_metrics_serve_sets_up_no_folder(monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)

    with multiprocess_directory(False) as folder:
        assert folder is None
        assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ
