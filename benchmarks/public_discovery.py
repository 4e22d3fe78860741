"""What search engines and feed readers read, at scale: robots.txt, the sitemap index and its
sections (first and last page), the opportunity feed (all, and by country and sector) and the
public statistics (computed, then from the cache).

    python benchmarks/public_discovery.py --db sqlite
    python benchmarks/public_discovery.py --db postgres                 # a throwaway server
    python benchmarks/public_discovery.py --organisations 100000 --opportunities 300000

Seeds as benchmarks/public_opportunities.py does (reference data, `demo --scale N`, about M
opportunities, 90 % published), then renders each address through Django's test client
without signing in. Statistics "computed" empties the cache before each render; "cached" reads
what the previous render left. Prints a table and writes
benchmarks/results/public-discovery-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import configure_django, database_url, summary, timed
from public_opportunities import seed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--organisations", type=int, default=20_000, help="demo organisations")
    parser.add_argument("--opportunities", type=int, default=60_000, help="opportunities, about")
    parser.add_argument("--renders", type=int, default=10, help="timed renders per address")
    parser.add_argument("--seed", type=int, default=7, help="seed for the data")
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument(
        "--reuse", action="store_true", help="keep an already seeded database of the same size"
    )
    args = parser.parse_args(argv)
    args.scale = args.organisations
    return args


def addresses() -> dict[str, str]:
    """The addresses to time, by a name for the table."""
    from silkbridge.directory.models import Term, Vocabulary
    from silkbridge.public.sitemaps import sections

    found = {"robots.txt": "/robots.txt", "sitemap index": "/sitemap.xml"}
    for name, section in sections().items():
        found[f"sitemap {name}, page 1"] = f"/sitemap-{name}.xml"
        last = section.paginator.num_pages
        if last > 1:
            found[f"sitemap {name}, page {last}"] = f"/sitemap-{name}.xml?p={last}"
    found["opportunity feed"] = "/feeds/opportunities/"
    sector = Term.objects.filter(vocabulary=Vocabulary.SECTOR).order_by("pk").first()
    if sector is not None:
        found["opportunity feed, country + sector"] = (
            f"/feeds/opportunities/?country=PK&sector={sector.slug}"
        )
    return found


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    RESULTS.mkdir(exist_ok=True)
    sqlite_file = f"public-discovery-{args.organisations}.sqlite3"
    with (
        database_url(args, sqlite_file) as url,
        tempfile.TemporaryDirectory() as static_root,
        tempfile.TemporaryDirectory() as cache_dir,
    ):
        os.environ["CACHE_DIR"] = cache_dir
        configure_django(url, static_root)
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from silkbridge.opportunities.models import Opportunity, Status

        print("Seeding …")
        steps = seed(args)
        call_command("collectstatic", interactive=False, verbosity=0)
        vendor = connection.vendor
        sizes = {
            "organisations": args.organisations,
            "opportunities": Opportunity.objects.count(),
            "published": Opportunity.objects.filter(status=Status.PUBLISHED).count(),
        }
        print(", ".join(f"{k}: {v:,}" for k, v in sizes.items()))
        client = Client()
        times: dict[str, list[float]] = defaultdict(list)

        def render(kind: str, path: str) -> None:
            ms, response = timed(lambda: client.get(path))
            if response.status_code != 200:
                raise SystemExit(f"GET {path} -> {response.status_code}")
            times[kind].append(ms)

        targets = addresses()
        for path in targets.values():  # warm the interpreter and the database's pages
            client.get(path)
        for _ in range(args.renders):
            for kind, path in targets.items():
                render(kind, path)
            cache.clear()
            render("statistics, computed", "/statistics/")
            render("statistics, cached", "/statistics/")
        rows = {kind: summary(values) for kind, values in times.items()}
        report = {
            "benchmark": "public-discovery",
            "database": vendor,
            **sizes,
            "seed_seconds": {k: round(v, 1) for k, v in steps.items()},
            "pages": rows,
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "command": " ".join(
                ["python", "benchmarks/public_discovery.py", *(argv or sys.argv[1:])]
            ),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        print(
            f"\nPublic discovery on {vendor}: {args.organisations:,} organisations, "
            f"{sizes['opportunities']:,} opportunities ({sizes['published']:,} published)\n"
        )
        print(f"{'address':<40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for kind, row in rows.items():
            print(
                f"{kind:<40} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
                f"{row['max_ms']:>8.1f}"
            )
        out = RESULTS / f"public-discovery-{args.db}.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nWrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
