"""Directory search at scale: seed N organisations, then time searches, filters and page renders.

    python benchmarks/directory.py --db sqlite --scale 100000
    python benchmarks/directory.py --db postgres --scale 100000   # starts a throwaway server
    DATABASE_URL=postgres://... python benchmarks/directory.py --db postgres

Each query runs the way the list page runs it: `selectors.search_organisations`, tags
prefetched, the first page of 20 and the total count. Then whole pages are rendered through
Django's test client (`GET /directory/?...`), middleware and templates included. Prints a table
and writes benchmarks/results/directory-<db>.json. Target: p95 <= 100 ms for a search page.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PAGE_SIZE = 20
TARGET_MS = 100.0
KINDS = (
    "single word",
    "two words",
    "word + country",
    "country + kind",
    "sector",
    "technology",
    "verified",
    "sort newest",
    "no-match word",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--scale", type=int, default=100_000, help="demo organisations to seed")
    parser.add_argument("--queries", type=int, default=270, help="timed selector queries (>=200)")
    parser.add_argument("--renders", type=int, default=90, help="timed page renders")
    parser.add_argument("--seed", type=int, default=7, help="seed for choosing the queries")
    parser.add_argument(
        "--sqlite-path",
        type=Path,
        default=None,
        help="SQLite file (default benchmarks/results/directory-<scale>.sqlite3)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an already seeded database of the same scale instead of seeding again",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the query plan of each kind's slowest query"
    )
    return parser.parse_args(argv)


@contextmanager
def database_url(args: argparse.Namespace, sqlite_file: str = "") -> Iterator[str]:
    """The database to benchmark: a SQLite file (`sqlite_file` in results/ unless
    --sqlite-path), the caller's PostgreSQL or a throwaway one."""
    if args.db == "sqlite":
        name = sqlite_file or f"directory-{args.scale}.sqlite3"
        path = (args.sqlite_path or RESULTS / name).resolve()
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        yield given
        return
    # The same script scripts/test uses, so both start PostgreSQL the same way.
    found = dict(line.split("=", 1) for line in postgres_start().splitlines() if "=" in line)
    try:
        yield found["DATABASE_URL"]
    finally:
        postgres_start("--stop", found["PG_DIR"])


def postgres_start(*args: str) -> str:
    """Run scripts/postgres-start (a fixed script of this repository) and return its output."""
    script = str(ROOT / "scripts" / "postgres-start")
    bash = shutil.which("bash") or "/bin/bash"
    done = subprocess.run([bash, script, *args], check=True, stdout=subprocess.PIPE, text=True)  # noqa: S603
    return done.stdout


def configure_django(url: str, static_root: str) -> None:
    """Production-like settings (DEBUG off, hashed static files) on the chosen database."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "silkbridge.settings",
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": static_root,
            "LOG_LEVEL": "WARNING",
            "REDIS_URL": "",
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def seed(scale: int, reuse: bool) -> float:
    """Migrate and fill the database; returns the seconds it took (0 when reused)."""
    from django.core.management import call_command
    from django.db import connection

    from silkbridge.directory.models import Organisation

    call_command("migrate", interactive=False, verbosity=0)
    if reuse and Organisation.objects.filter(is_demo=True).count() == scale:
        print(f"Reusing the {scale} demo organisations already in the database.")
        return 0.0
    started = time.perf_counter()
    call_command("load_data", stdout=io.StringIO())
    call_command("demo", "--scale", str(scale))
    # Fresh statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) would have
    # gathered on a live system; without them the first plans are guesses.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def query_mix(count: int, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """`count` queries as URL parameters, spread evenly over KINDS, drawn from the data itself."""
    from silkbridge.directory.models import Organisation, Term

    texts = list(
        Organisation.objects.filter(is_demo=True)
        .order_by("?")
        .values_list("search_text", flat=True)[:500]
    )
    word_lists = [[w for w in re.findall(r"[a-z]{4,}", text)] for text in texts]
    word_lists = [words for words in word_lists if len(words) >= 2]
    sectors = list(Term.objects.filter(vocabulary="sector").values_list("slug", flat=True))
    technologies = list(Term.objects.filter(vocabulary="technology").values_list("slug", flat=True))
    countries = ["KZ", "PK"]
    kinds = ["company", "company", "academic", "authority"]

    def one(kind: str) -> dict[str, str]:
        words = rng.choice(word_lists)
        if kind == "single word":
            return {"q": rng.choice(words)}
        if kind == "two words":
            first, second = rng.sample(words, 2)
            return {"q": f"{first} {second}"}
        if kind == "word + country":
            return {"q": rng.choice(words), "country": rng.choice(countries)}
        if kind == "country + kind":
            return {"country": rng.choice(countries), "kind": rng.choice(kinds)}
        if kind == "sector":
            return {"sector": rng.choice(sectors)}
        if kind == "technology":
            return {"technology": rng.choice(technologies)}
        if kind == "verified":
            return {"verified": "yes", "country": rng.choice(countries)}
        if kind == "sort newest":
            return {"sort": "newest"}
        return {"q": "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(7))}

    mix = [(KINDS[i % len(KINDS)], one(KINDS[i % len(KINDS)])) for i in range(count)]
    rng.shuffle(mix)
    return mix


def run_query(params: dict[str, str]) -> int:
    """One directory search as the list page runs it; returns the (capped) number of results."""
    from silkbridge.directory import selectors
    from silkbridge.directory.forms_query import directory_query_from_params

    page = selectors.directory_paginator(directory_query_from_params(params)).get_page(1)
    list(page.object_list)
    return page.paginator.count


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
    }


def explain(params: dict[str, str]) -> str:
    from silkbridge.directory import selectors
    from silkbridge.directory.forms_query import directory_query_from_params

    return selectors.search_organisations(directory_query_from_params(params)).explain()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up when piped to a file
    if args.queries < 200:
        raise SystemExit("--queries must be at least 200")
    RESULTS.mkdir(exist_ok=True)
    rng = random.Random(args.seed)
    with database_url(args) as url, tempfile.TemporaryDirectory() as static_root:
        configure_django(url, static_root)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        seconds = seed(args.scale, args.reuse)
        call_command("collectstatic", interactive=False, verbosity=0)
        from silkbridge.directory.models import Organisation

        total = Organisation.objects.active().count()
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute(
                "SHOW server_version" if vendor == "postgresql" else "SELECT sqlite_version()"
            )
            version = cursor.fetchone()[0]

        mix = query_mix(args.queries, rng)
        for _, params in mix[:20]:  # warm caches and connections; not measured
            run_query(params)
        by_kind: dict[str, list[float]] = defaultdict(list)
        results: dict[str, list[int]] = defaultdict(list)
        slowest: dict[str, tuple[float, dict[str, str]]] = {}
        for kind, params in mix:
            ms, count = timed(lambda params=params: run_query(params))
            by_kind[kind].append(ms)
            results[kind].append(int(count))
            if ms > slowest.get(kind, (0.0, {}))[0]:
                slowest[kind] = (ms, params)

        client = Client()
        renders = query_mix(args.renders, rng)
        for _, params in renders[:5]:
            client.get("/directory/", params)
        render_times: list[float] = []
        for _, params in renders:
            ms, response = timed(lambda params=params: client.get("/directory/", params))
            if response.status_code != 200:
                raise SystemExit(f"GET /directory/?{urlencode(params)} -> {response.status_code}")
            render_times.append(ms)

        rows = {
            kind: {
                **summary(by_kind[kind]),
                "median_results": int(statistics.median(results[kind])),
            }
            for kind in KINDS
        }
        all_queries = summary([ms for times in by_kind.values() for ms in times])
        page = summary(render_times)
        report = {
            "benchmark": "directory",
            "database": vendor,
            "database_version": str(version),
            "organisations": total,
            "demo_scale": args.scale,
            "seed_seconds": round(seconds, 1),
            "queries": rows,
            "all_queries": all_queries,
            "page_render": page,
            "target_p95_ms": TARGET_MS,
            "meets_target": page["p95_ms"] <= TARGET_MS and all_queries["p95_ms"] <= TARGET_MS,
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "command": " ".join(["python", "benchmarks/directory.py", *(argv or sys.argv[1:])]),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        print_table(report)
        if args.explain:
            for kind in KINDS:
                ms, params = slowest[kind]
                print(f"\n-- slowest {kind} ({ms:.1f} ms): ?{urlencode(params)}")
                print(explain(params))
        out = RESULTS / f"directory-{args.db}.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nWrote {out.relative_to(ROOT)}")


def print_table(report: dict) -> None:
    print(
        f"\nDirectory search on {report['database']} {report['database_version']}, "
        f"{report['organisations']} organisations (seeded in {report['seed_seconds']} s)\n"
    )
    print(f"{'query':<18} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'results':>8}")
    for kind, row in report["queries"].items():
        print(
            f"{kind:<18} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f} {row['median_results']:>8}"
        )
    for label, row in (
        ("all queries", report["all_queries"]),
        ("page render", report["page_render"]),
    ):
        print(
            f"{label:<18} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f}"
        )
    verdict = "meets" if report["meets_target"] else "MISSES"
    print(f"\np95 target {report['target_p95_ms']:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
