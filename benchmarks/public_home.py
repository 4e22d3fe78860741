"""The visitors' home page at scale: 100,000 organisations and about 300,000 opportunities.

    python benchmarks/public_home.py --db sqlite
    python benchmarks/public_home.py --db postgres      # starts a throwaway server
    DATABASE_URL=postgres://... python benchmarks/public_home.py --db postgres
    python benchmarks/public_home.py --organisations 2000 --opportunities 6000 --renders 40

Seeds the reference data, N demo organisations (`demo --scale`), about M opportunities written in
bulk by the opportunities demo generator (a quarter anonymous, as the generator draws them),
forums, ventures (one in three with every party's consent to a public story) and announcements
in four languages. Then renders pages through Django's test client as an anonymous visitor,
middleware and templates included, the four languages in turn:

- home, cached: the steady state. The home page's public data is cached per language for a
  minute (announcements.front_page), so all but one request a minute per language read it from
  the cache; the cache is Django's file cache in a temporary folder (production uses Redis).
- home, uncached: the cache emptied before every request, i.e. the request that refills it.
- the public announcement list, the announcement feed and the success stories list.

Prints a table and writes benchmarks/results/public-home-<db>.json. Target: p95 <= 100 ms for
the home page as visitors get it (cached).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk import seed_opportunities
from directory import configure_django, database_url, summary, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 100.0
LANGUAGES = ("en", "ru", "kk", "ur")
PAGES = (
    ("home, cached", "/", True),
    ("home, uncached", "/", False),
    ("announcements", "/announcements/", True),
    ("announcement feed", "/announcements/feed/", True),
    ("success stories", "/ventures/stories/", True),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--organisations", type=int, default=100_000, help="demo organisations")
    parser.add_argument("--opportunities", type=int, default=300_000, help="opportunities, about")
    parser.add_argument("--ventures", type=int, default=3_000)
    parser.add_argument("--announcements", type=int, default=400)
    parser.add_argument("--renders", type=int, default=100, help="timed renders per page")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="keep a database of the same size")
    args = parser.parse_args(argv)
    args.scale = args.organisations  # database_url() names the SQLite file after it
    return args


def seed(args: argparse.Namespace) -> dict[str, float]:
    """Migrate and fill the database in bulk; returns seconds per step (empty when reused)."""
    from django.core.management import call_command

    from silkbridge.announcements.models import Announcement
    from silkbridge.directory.models import Organisation
    from silkbridge.directory.seed.bulk import refresh_planner_statistics

    call_command("migrate", interactive=False, verbosity=0)
    if (
        args.reuse
        and Organisation.objects.filter(is_demo=True).count() == args.organisations
        and Announcement.objects.count() == args.announcements
    ):
        print("Reusing the seeded database.")
        return {}
    steps: dict[str, float] = {}
    for name, step in (
        ("organisations", seed_organisations),
        ("opportunities", lambda a: seed_opportunities(a.opportunities, a.seed)),
        ("forums, ventures, announcements", seed_public_face),
    ):
        started = time.perf_counter()
        step(args)
        steps[name] = round(time.perf_counter() - started, 1)
        print(f"  {name}: {steps[name]:.0f} s")
    refresh_planner_statistics()
    return steps


def seed_organisations(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    call_command("load_data", stdout=io.StringIO())
    call_command("demo", "--scale", str(args.organisations), stdout=io.StringIO())


def seed_public_face(args: argparse.Namespace) -> None:
    """Forums (past, upcoming, drafts), ventures with two parties each and announcements."""
    from django.utils import timezone

    from silkbridge.announcements.models import Announcement
    from silkbridge.directory.models import Organisation
    from silkbridge.forums.models import Event
    from silkbridge.ventures.models import Venture, VentureParty

    rng = random.Random(args.seed)
    today = timezone.localdate()
    now = timezone.now()
    Announcement.objects.all().delete()
    Venture.objects.all().delete()
    Event.objects.filter(slug__startswith="bench-").delete()
    Event.objects.bulk_create(
        Event(
            name=f"Benchmark forum {n}",
            slug=f"bench-{n}",
            starts_on=today + timedelta(days=30 * n - 300),
            ends_on=today + timedelta(days=30 * n - 299),
            status="draft" if n % 5 == 0 else "registration",
        )
        for n in range(20)
    )
    kz = list(Organisation.objects.filter(is_demo=True, country="KZ").values_list("pk", flat=True))
    pk = list(Organisation.objects.filter(is_demo=True, country="PK").values_list("pk", flat=True))
    ventures = Venture.objects.bulk_create(
        (
            Venture(
                title=f"Benchmark venture {n}",
                kind=rng.choice(["joint_venture", "services_contract", "mou"]),
                stage=rng.choice(["introduced", "in_talks", "mou_signed", "delivering"]),
                started_on=today - timedelta(days=rng.randint(1, 700)),
                stage_changed_at=now - timedelta(hours=n),
                confidential=n % 10 == 0,
            )
            for n in range(args.ventures)
        ),
        batch_size=1000,
    )
    VentureParty.objects.bulk_create(
        (
            VentureParty(
                venture=venture,
                organisation_id=organisation,
                role=role,
                public_story=n % 3 == 0,
            )
            for n, venture in enumerate(ventures)
            for organisation, role in ((rng.choice(kz), "lead"), (rng.choice(pk), "partner"))
        ),
        batch_size=2000,
    )
    texts = "The working group invites proposals for pilots.\n\nApply through the platform. " * 6
    Announcement.objects.bulk_create(
        (
            Announcement(
                kind=("news", "call")[n % 2],
                title_en=f"Announcement {n}",
                body_en=texts,
                title_ru=f"Объявление {n}",
                body_ru=texts,
                title_kk=f"Хабарландыру {n}" if n % 2 else "",
                body_kk=texts if n % 2 else "",
                title_ur=f"اعلان {n}" if n % 4 == 0 else "",
                body_ur=texts if n % 4 == 0 else "",
                published_at=None if n % 10 == 0 else now - timedelta(hours=n),
            )
            for n in range(args.announcements)
        ),
        batch_size=500,
    )


def measure(args: argparse.Namespace) -> list[dict]:
    from django.core.cache import cache
    from django.test import Client

    rows = []
    client = Client()
    for name, url, cached in PAGES:
        for language in LANGUAGES:  # warm connections, templates and (when cached) the cache
            client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        times = []
        for n in range(args.renders):
            language = LANGUAGES[n % len(LANGUAGES)]
            if not cached:
                cache.clear()
            elapsed, response = timed(
                lambda url=url, language=language: client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            )
            if response.status_code != 200:
                raise SystemExit(f"GET {url} ({language}) -> {response.status_code}")
            times.append(elapsed)
        rows.append({"page": name, "url": url, "cached": cached, **summary(times)})
    return rows


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    RESULTS.mkdir(exist_ok=True)
    with (
        database_url(args, f"public-home-{args.organisations}.sqlite3") as url,
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
        rows = measure(args)
        home = next(row for row in rows if row["page"] == "home, cached")
        report = {
            "benchmark": "public-home",
            "database": vendor,
            "database_version": str(version),
            "organisations": Organisation.objects.count(),
            "opportunities": Opportunity.objects.count(),
            "published_opportunities": Opportunity.objects.published().count(),
            "seed_seconds": steps,
            "renders_per_page": args.renders,
            "languages": list(LANGUAGES),
            "pages": rows,
            "target_p95_ms": TARGET_MS,
            "meets_target": home["p95_ms"] <= TARGET_MS,
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
    print(f"{'page':<20} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for row in report["pages"]:
        print(
            f"{row['page']:<20} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f}"
        )
    verdict = "meets" if report["meets_target"] else "MISSES"
    print(f"\nhome page p95 target {report['target_p95_ms']:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
