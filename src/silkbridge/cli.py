"""The `silkbridge` command: one entry point for running, seeding and managing the platform.

Each subcommand is a thin dispatch to a Django management command, so what the command does and
what `manage.py` does can never drift apart.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

# Subcommands that are only a renamed management command; the rest of the line passes through.
PASS_THROUGH = {
    "worker": "run_huey",
    "load-data": "load_data",
    "demo": "demo",
    "import": "import_organisations",
    "export": "export_organisations",
    "housekeeping": "housekeeping",
    "match": "match",
    "backup": "backup",
    "restore": "restore",
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silkbridge.settings")
    import django

    django.setup()


def _manage(argv: Sequence[str]) -> None:
    """Run a management command exactly as `manage.py` would, with its own --help and errors."""
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silkbridge.settings")
    execute_from_command_line(["silkbridge manage", *argv])


def _database_is_empty() -> bool:
    from silkbridge.directory.models import Organisation

    return not Organisation.objects.exists()


def _print_banner(url: str) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from silkbridge.directory.seed import demo_users

    database = settings.DATABASES["default"]
    lines = [
        "",
        f"Silkbridge is running at {url}",
        f"  database: {database['ENGINE'].rsplit('.', 1)[-1]} ({database['NAME']})",
    ]
    demo_emails = [
        demo_users.SECRETARIAT_EMAIL,
        demo_users.OBSERVER_EMAIL,
        demo_users.KZ_ADMIN_EMAIL,
        demo_users.KZ_MEMBER_EMAIL,
        demo_users.PK_ADMIN_EMAIL,
    ]
    # Read back from the database, so the banner lists only sign-ins that exist.
    present = set(
        get_user_model().objects.filter(email__in=demo_emails).values_list("email", flat=True)
    )
    if present:
        lines.append(f"  demo sign-ins (password: {demo_users.DEMO_PASSWORD}, for demos only):")
        lines.extend(f"    {email}" for email in demo_emails if email in present)
    lines.append("Press Ctrl+C to stop.")
    print("\n".join(lines), flush=True)


def serve(args: argparse.Namespace) -> None:
    """Migrate, seed an empty database, collect static files, then run gunicorn's workers."""
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from silkbridge.core import serving
    from silkbridge.core.metrics import multiprocess_directory
    from silkbridge.core.proxies import parse_networks

    call_command("migrate", interactive=False, verbosity=1)
    if not args.no_seed and _database_is_empty():
        print("Empty database: loading reference data and demo organisations …", flush=True)
        call_command("load_data")
        call_command("demo", "--users")
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    trusted_proxies = [str(network) for network in parse_networks(settings.TRUSTED_PROXIES)]
    connections.close_all()

    if not settings.REDIS_URL:
        # No worker runs huey's scheduler without Redis: run the periodic jobs here, in the one
        # parent process, rather than once per gunicorn worker.
        from silkbridge.core.housekeeping import start_thread

        start_thread()

    options = serving.ServerOptions(
        host=args.host,
        port=args.port,
        workers=args.workers or serving.default_workers(),
        threads=args.threads or serving.default_threads(),
        trusted_proxies=trusted_proxies,
    )
    display_host = f"[{args.host}]" if ":" in args.host else args.host

    def banner() -> None:
        _print_banner(f"http://{display_host}:{args.port}/ ({options.workers} processes)")
        connections.close_all()

    # With metrics on, the workers add up their figures in one folder (core/metrics.py).
    with multiprocess_directory(settings.SILKBRIDGE_METRICS):
        status = serving.run_gunicorn(options, on_listening=banner)
    if status:
        sys.exit(status)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="silkbridge",
        description="Silkbridge: platform for a bilateral IT cooperation working group.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("serve", help="migrate, seed demo data if empty, and serve the site")
    run.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    run.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: WEB_CONCURRENCY, else one per CPU core)",
    )
    run.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads per worker process (default: SILKBRIDGE_THREADS, else 8)",
    )
    run.add_argument(
        "--no-seed", action="store_true", help="do not load demo data into an empty database"
    )

    helps = {
        "worker": "run background-task workers (needs REDIS_URL)",
        "load-data": "load the reference data that ships with Silkbridge",
        "demo": "generate deterministic demo organisations and users (e.g. --scale 1000 --users)",
        "import": "import organisations from CSV/XLSX",
        "export": "export organisations to CSV/XLSX",
        "housekeeping": "expire due items, send reminders and daily digests once (safe to repeat)",
        "backup": "back up the database and media folders into one checked archive",
        "restore": "restore a backup into an empty database and media folders",
    }
    for name, help_text in helps.items():
        sub.add_parser(name, help=help_text, add_help=False)
    sub.add_parser("manage", help="any Django management command", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the installed `silkbridge` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _dispatch(argv)
    except RuntimeError as error:
        # The settings refuse to start without a SECRET_KEY when DEBUG is off; say what to do
        # instead of showing a traceback.
        if "SECRET_KEY" not in str(error):
            raise
        sys.exit(
            f"silkbridge: {error}.\n"
            "For a local trial, run `make run` or `DEBUG=1 silkbridge serve`; for a server, set "
            "SECRET_KEY (see .env.example)."
        )


def _dispatch(argv: list[str]) -> None:
    # Pass-through commands take the rest of the line verbatim, so their own options (and
    # --help) reach the management command rather than this parser.
    if argv and argv[0] in PASS_THROUGH:
        _manage([PASS_THROUGH[argv[0]], *argv[1:]])
        return
    if argv and argv[0] == "manage":
        _manage(argv[1:] or ["help"])
        return
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        # Ctrl+C is how the server is stopped: no traceback for it.
        with contextlib.suppress(KeyboardInterrupt):
            serve(args)


if __name__ == "__main__":
    main()
