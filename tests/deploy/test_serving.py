"""How `silkbridge serve` starts gunicorn (core/serving.py)."""

from silkbridge.core.serving import ServerOptions, default_workers, gunicorn_command


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_gunicorn_believes_forwarded_headers_from_the_trusted_proxies_only():
    trusted = gunicorn_command(ServerOptions("127.0.0.1", 8000, 2, 8, ["10.0.0.0/8", "::1/128"]))
    nobody = gunicorn_command(ServerOptions("127.0.0.1", 8000, 2, 8, []))

    assert _option(trusted, "--forwarded-allow-ips") == "10.0.0.0/8,::1/128"
    # empty, not gunicorn's own default that trusts 127.0.0.1
    assert _option(nobody, "--forwarded-allow-ips") == ""


def test_gunicorn_runs_the_asked_processes_and_threads_on_the_asked_address():
    command = gunicorn_command(ServerOptions("::1", 8123, 3, 6, []))

    assert _option(command, "--bind") == "[::1]:8123"
    assert _option(command, "--workers") == "3"
    assert _option(command, "--threads") == "6"
    assert _option(command, "--worker-class") == "gthread"
    # parallel servers of one user must not fight over gunicorn's default control socket path
    assert "--no-control-socket" in command


def test_web_concurrency_sets_the_number_of_processes(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert default_workers() == 5

    monkeypatch.delenv("WEB_CONCURRENCY")
    assert default_workers() >= 1
