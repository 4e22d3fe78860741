"""The visitors' home page at scale: 100,000 organisations and about 300,000 opportunities.

    python benchmarks/public_home.py --db sqlite --reuse
    python benchmarks/public_home.py --db postgres      # starts a throwaway server
    DATABASE_URL=postgres://... python benchmarks/public_home.py --db postgres --reuse
    python benchmarks/public_home.py --organisations 2000 --opportunities 6000 --renders 40

Seeds (benchmarks/public_seed.py, once: with --reuse public_opportunities.py reads the same
database) the reference data, N demo organisations, about M opportunities, forums, ventures and
announcements in four languages. Then renders pages through Django's test client as an
anonymous visitor, middleware and templates included, the four languages in turn:

- home, cached: the steady state, the language's copy in the cache is fresh (under a minute).
- home, copy stale: the copy is older than a minute; the visitor gets it at once while one
  thread reads a new one (announcements.front_page). The thread's work runs in this process
  too, so it is in the CPU figures; it is waited for, untimed, before the next render.
- home, no copy (refill): the cache emptied before every request (a cold start, or just after
  an announcement changed), so the request reads the page's data itself.
- the public announcement list, the announcement feed and the success stories list.

The cache is Django's file cache in a temporary folder (production uses Redis). Wall and CPU
time (time.process_time of this process) per render are reported with the load average, since
the machine may be shared. Prints a table and writes benchmarks/results/public-home-<db>.json.
Target: p95 <= 100 ms for the home page as visitors get it (fresh or stale copy).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import configure_django, database_url, summary
from public_seed import (
    CPU_SECONDS,
    add_seed_arguments,
    cpu_summary,
    load_average,
    seed,
    sqlite_file,
    timed_render,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 100.0
LANGUAGES = ("en", "ru", "kk", "ur")
# (row, URL, state of the home page's cached copy before each render)
PAGES = (
    ("home, cached", "/", "fresh"),
    ("home, copy stale", "/", "stale"),
    ("home, no copy (refill)", "/", "none"),
    ("announcements", "/announcements/", "fresh"),
    ("announcement feed", "/announcements/feed/", "fresh"),
    ("success stories", "/ventures/stories/", "fresh"),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    add_seed_arguments(parser)
    parser.add_argument("--renders", type=int, default=100, help="timed renders per page")
    args = parser.parse_args(argv)
    args.scale = args.organisations  # database_url() names the SQLite file after it
    return args


def measure(args: argparse.Namespace) -> list[dict]:
    from django.core.cache import cache
    from django.test import Client

    rows = []
    client = Client()
    for name, url, state in PAGES:
        for language in LANGUAGES:  # warm connections, templates and the cache
            client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        times, cpu_times = [], []
        for n in range(args.renders):
            language = LANGUAGES[n % len(LANGUAGES)]
            if state == "none":
                cache.clear()
            elif state == "stale":
                make_stale(language)
            elapsed, cpu, response = timed_render(
                lambda url=url, language=language: client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            )
            if response.status_code != 200:
                raise SystemExit(f"GET {url} ({language}) -> {response.status_code}")
            times.append(elapsed)
            cpu_times.append(cpu)
            if state == "stale":
                wait_for_refresh(language)
        rows.append(
            {"page": name, "url": url, "copy": state, **summary(times), **cpu_summary(cpu_times)}
        )
    return rows


def make_stale(language: str) -> None:
    """Age the home page's cached copy past its minute, as time would (the refresh then runs
    in a thread while the visitor is served the stale copy)."""
    from django.core.cache import cache

    from silkbridge.announcements.front_page import front_page_key

    entry = cache.get(front_page_key(language))
    cache.set(front_page_key(language), {**entry, "fresh_until": 0}, None)


def wait_for_refresh(language: str) -> None:
    """Untimed: let the refresh thread finish before the next render, as a minute would."""
    import threading

    for thread in threading.enumerate():
        if thread.name == f"front-page-refresh-{language}":
            thread.join()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    RESULTS.mkdir(exist_ok=True)
    with (
        database_url(args, sqlite_file(args)) as url,
        tempfile.TemporaryDirectory() as static_root,
        tempfile.TemporaryDirectory() as cache_dir,
    ):
        os.environ["CACHE_DIR"] = cache_dir
        configure_django(url, static_root)
        from django.core.management import call_command
        from django.db import connection

        print("Seeding…")
        steps = seed(args)
        call_command("collectstatic", interactive=False, verbosity=0)
        from silkbridge.directory.models import Organisation
        from silkbridge.opportunities.models import Opportunity

        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute(
                "SHOW server_version" if vendor == "postgresql" else "SELECT sqlite_version()"
            )
            version = cursor.fetchone()[0]
        load_before = load_average()
        rows = measure(args)
        home = next(row for row in rows if row["page"] == "home, cached")
        stale = next(row for row in rows if row["page"] == "home, copy stale")
        report = {
            "benchmark": "public-home",
            "database": vendor,
            "database_version": str(version),
            "organisations": Organisation.objects.count(),
            "opportunities": Opportunity.objects.count(),
            "published_opportunities": Opportunity.objects.published().count(),
            "seed_seconds": steps,
            "seed_cpu_seconds": dict(CPU_SECONDS),
            "load_average_before": load_before,
            "load_average_after": load_average(),
            "renders_per_page": args.renders,
            "languages": list(LANGUAGES),
            "pages": rows,
            "target_p95_ms": TARGET_MS,
            "meets_target": max(home["p95_ms"], stale["p95_ms"]) <= TARGET_MS,
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "command": " ".join(["python", "benchmarks/public_home.py", *(argv or sys.argv[1:])]),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        print_table(report)
        out = RESULTS / f"public-home-{args.db}.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nWrote {out.relative_to(ROOT)}")


def print_table(report: dict) -> None:
    print(
        f"\nPublic pages on {report['database']} {report['database_version']}: "
        f"{report['organisations']:,} organisations, {report['opportunities']:,} opportunities "
        f"({report['published_opportunities']:,} published), anonymous visitor, "
        f"{', '.join(report['languages'])} in turn\n"
    )
    print(
        f"{'page':<24} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'CPU p50':>8} {'CPU p95':>8}"
    )
    for row in report["pages"]:
        print(
            f"{row['page']:<24} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f} {row['cpu_p50_ms']:>8.1f} {row['cpu_p95_ms']:>8.1f}"
        )
    print(
        f"load average before / after: {report['load_average_before']} / "
        f"{report['load_average_after']}"
    )
    verdict = "meets" if report["meets_target"] else "MISSES"
    print(
        f"\nhome page p95 target {report['target_p95_ms']:.0f} ms (fresh and stale copy): {verdict}"
    )


if __name__ == "__main__":
    main()
