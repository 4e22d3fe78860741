"""The public opportunity list, as a visitor who is not signed in reads it, at scale.

    python benchmarks/public_opportunities.py --db sqlite --reuse
    python benchmarks/public_opportunities.py --db postgres       # starts a throwaway server
    DATABASE_URL=postgres://... python benchmarks/public_opportunities.py --db postgres --reuse
    python benchmarks/public_opportunities.py --organisations 2000 --opportunities 6000

Seeds (benchmarks/public_seed.py, once: with --reuse public_home.py reads the same database)
the reference data, N demo organisations (default 100,000) and about M opportunities (default
300,000, 90 % published) written in bulk by the opportunities demo generator. Then renders
pages through Django's test client without signing in (middleware, the visitors' search limit,
templates and the public cache included): the list with no filter, type + direction, country +
sector, a word, a deadline filter, page 50, and a published opportunity's public page. Each
search kind is read twice in a row by different visitors: "first visit" (nobody asked it in the
last minute: the database answers) and "repeat" (another visitor asks the same, within the
cache's lifetime). Wall and CPU time (time.process_time) per render, with the load average.
Prints a table and writes benchmarks/results/public-opportunities-<db>.json. Target: p95 <=
100 ms for every kind.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk import SEARCH_KINDS, search_mix
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
DETAIL = "opportunity page"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    add_seed_arguments(parser)
    parser.add_argument("--renders", type=int, default=40, help="timed renders per kind")
    args = parser.parse_args(argv)
    args.scale = args.organisations
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    RESULTS.mkdir(exist_ok=True)
    rng = random.Random(args.seed)
    with (
        database_url(args, sqlite_file(args)) as url,
        tempfile.TemporaryDirectory() as static_root,
        tempfile.TemporaryDirectory() as cache_dir,
    ):
        # A fresh cache, and no visitors' search limit in the way of one client's many searches
        # (its counter is still kept, so its cost is in the figures).
        os.environ["CACHE_DIR"] = cache_dir
        os.environ["SILKBRIDGE_VISITOR_SEARCH_RATE"] = "1000000/m"
        configure_django(url, static_root)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from silkbridge.opportunities.models import Opportunity, Status

        print("Seeding …")
        steps = seed(args)
        call_command("collectstatic", interactive=False, verbosity=0)
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute(
                "SHOW server_version" if vendor == "postgresql" else "SELECT sqlite_version()"
            )
            version = cursor.fetchone()[0]
        sizes = {
            "organisations": args.organisations,
            "opportunities": Opportunity.objects.count(),
            "published": Opportunity.objects.filter(status=Status.PUBLISHED).count(),
        }
        print(", ".join(f"{k}: {v:,}" for k, v in sizes.items()))

        load_before = load_average()
        first_visitor, second_visitor = Client(), Client()
        times: dict[str, list[float]] = defaultdict(list)
        cpu_times: dict[str, list[float]] = defaultdict(list)

        def render(client: Client, kind: str, path: str, params: dict[str, str]) -> None:
            ms, cpu_ms, response = timed_render(lambda: client.get(path, params))
            if response.status_code != 200:
                raise SystemExit(f"GET {path}?{urlencode(params)} -> {response.status_code}")
            times[kind].append(ms)
            cpu_times[kind].append(cpu_ms)

        # Warm the interpreter and the database's pages on queries that are not measured.
        for _, params in search_mix(2, random.Random(args.seed + 1)):
            Client().get("/opportunities/", {**params, "warm": "1"})
        mix = search_mix(args.renders, rng)
        for index, (kind, params) in enumerate(mix):
            # Each search is new to the cache: a parameter no other search has.
            params = {**params, "visit": str(index)}
            render(first_visitor, f"{kind}, first visit", "/opportunities/", params)
            render(second_visitor, f"{kind}, repeat", "/opportunities/", params)
        published = list(
            Opportunity.objects.filter(status=Status.PUBLISHED)
            .order_by("?")
            .values_list("pk", flat=True)[: args.renders]
        )
        for pk in published:
            render(first_visitor, DETAIL, f"/opportunities/{pk}/", {})

        kinds = [f"{k}, {v}" for k in SEARCH_KINDS for v in ("first visit", "repeat")] + [DETAIL]
        rows = {kind: {**summary(times[kind]), **cpu_summary(cpu_times[kind])} for kind in kinds}
        first, repeat = (
            {
                **summary([ms for k in SEARCH_KINDS for ms in times[f"{k}, {visit}"]]),
                **cpu_summary([ms for k in SEARCH_KINDS for ms in cpu_times[f"{k}, {visit}"]]),
            }
            for visit in ("first visit", "repeat")
        )
        worst = max(row["p95_ms"] for row in rows.values())
        report = {
            "benchmark": "public-opportunities",
            "database": vendor,
            "database_version": str(version),
            **sizes,
            "seed_seconds": {k: round(v, 1) for k, v in steps.items()},
            "seed_cpu_seconds": dict(CPU_SECONDS),
            "load_average_before": load_before,
            "load_average_after": load_average(),
            "pages": rows,
            "all_first_visits": first,
            "all_repeats": repeat,
            "target_p95_ms": TARGET_MS,
            "meets_target": worst <= TARGET_MS,
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "command": " ".join(
                ["python", "benchmarks/public_opportunities.py", *(argv or sys.argv[1:])]
            ),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        print_table(report)
        out = RESULTS / f"public-opportunities-{args.db}.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nWrote {out.relative_to(ROOT)}")


def print_table(report: dict) -> None:
    print(
        f"\nPublic opportunity list on {report['database']} {report['database_version']}: "
        f"{report['organisations']:,} organisations, {report['opportunities']:,} opportunities "
        f"({report['published']:,} published), read by visitors who are not signed in\n"
    )
    print(
        f"{'page':<36} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'CPU p50':>8} {'CPU p95':>8}"
    )
    rows = [
        *report["pages"].items(),
        ("all searches, first visit", report["all_first_visits"]),
        ("all searches, repeat", report["all_repeats"]),
    ]
    for kind, row in rows:
        print(
            f"{kind:<36} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f} {row['cpu_p50_ms']:>8.1f} {row['cpu_p95_ms']:>8.1f}"
        )
    print(
        f"load average before / after: {report['load_average_before']} / "
        f"{report['load_average_after']}"
    )
    verdict = "meets" if report["meets_target"] else "MISSES"
    print(f"\np95 target {report['target_p95_ms']:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
