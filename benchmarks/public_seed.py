"""The seeded database both public-page benchmarks read (public_home.py, public_opportunities.py).

100,000 demo organisations, about 300,000 opportunities (90 % published, a tenth anonymous, as the
opportunities demo generator draws them), 20 forums, ventures with two parties each (one in three
with both parties' consent to a public story) and announcements in up to four languages. Seeded
once: with --reuse either benchmark keeps a database that already holds these counts, and both
name the SQLite file alike, so the second benchmark does not seed again.

Why it is fast (a first full run took 37 minutes for the organisations alone on SQLite):
- the generators are called directly: `manage.py demo` also writes 60,000 opportunities of its
  own that the benchmark then deleted;
- on SQLite, while seeding only, no fsync and the rollback journal in memory, and a page cache
  large enough to hold the tables and their indexes, so index pages are not written out and read
  back while one transaction inserts 400,000 rows; the full-text indexes are filled once at the
  end ('rebuild') instead of row by row through their triggers.
The rows are the generators' own, the same as `manage.py demo` writes, only not written twice.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

# SQLite page cache while seeding, in KiB (negative PRAGMA cache_size): 600 MB.
SEED_CACHE_KIB = 600_000
FTS_TABLES = ("directory_organisation", "opportunities_opportunity")
CPU_SECONDS: dict[str, float] = {}


def add_seed_arguments(parser: argparse.ArgumentParser) -> None:
    """The sizes of the seeded database; both benchmarks take the same so they can share it."""
    parser.add_argument("--organisations", type=int, default=100_000, help="demo organisations")
    parser.add_argument("--opportunities", type=int, default=300_000, help="opportunities, about")
    parser.add_argument("--ventures", type=int, default=3_000)
    parser.add_argument("--announcements", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7, help="seed for data and queries")
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument(
        "--reuse", action="store_true", help="keep an already seeded database of the same sizes"
    )


def sqlite_file(args: argparse.Namespace) -> str:
    """One file name per size, shared by both benchmarks."""
    return f"public-{args.organisations}-{args.opportunities}.sqlite3"


def seeded(args: argparse.Namespace) -> bool:
    """Whether the database already holds what `seed` would write."""
    from silkbridge.announcements.models import Announcement
    from silkbridge.directory.models import Organisation
    from silkbridge.opportunities.models import Opportunity
    from silkbridge.ventures.models import Venture

    opportunities = Opportunity.objects.count()
    return (
        Organisation.objects.filter(is_demo=True).count() == args.organisations
        and abs(opportunities - args.opportunities) <= args.opportunities * 0.05
        and Venture.objects.count() == args.ventures
        and Announcement.objects.count() == args.announcements
    )


def seed(args: argparse.Namespace) -> dict[str, float]:
    """Migrate and, unless reused, fill the database; returns seconds per step (empty when
    reused)."""
    from django.core.management import call_command

    from silkbridge.directory.seed.bulk import refresh_planner_statistics

    call_command("migrate", interactive=False, verbosity=0)
    if args.reuse and seeded(args):
        print("Reusing the seeded database.")
        return {}
    steps: dict[str, float] = {}
    started_all = time.perf_counter()
    with seeding_phase():
        for name, step in (
            ("reference data and organisations", seed_organisations),
            ("opportunities", seed_opportunities),
            ("forums, ventures, announcements", seed_public_face),
        ):
            steps[name] = timed_step(name, step, args)
    steps["statistics"] = timed_step("statistics", lambda _args: refresh_planner_statistics(), args)
    steps["total"] = round(time.perf_counter() - started_all, 1)
    CPU_SECONDS["total"] = round(sum(CPU_SECONDS.values()), 1)
    print(f"  seeding in all: {steps['total']:.0f} s wall, {CPU_SECONDS['total']:.0f} s CPU")
    return steps


def timed_step(name: str, step: Callable[[argparse.Namespace], object], args) -> float:
    """Wall seconds of one step; its CPU seconds (this process) go into CPU_SECONDS."""
    started, cpu = time.perf_counter(), time.process_time()
    step(args)
    seconds = round(time.perf_counter() - started, 1)
    CPU_SECONDS[name] = round(time.process_time() - cpu, 1)
    print(f"  {name}: {seconds:.0f} s wall, {CPU_SECONDS[name]:.0f} s CPU")
    return seconds


def timed_render(function: Callable[[], object]) -> tuple[float, float, object]:
    """(wall ms, CPU ms of this process, result): on a shared machine the CPU time shows what
    the page costs when wall time includes waiting for a core."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, result


def cpu_summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"cpu_p50_ms": round(statistics.median(ordered), 2), "cpu_p95_ms": round(p95, 2)}


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (Linux), to read the wall times against."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


@contextmanager
def seeding_phase() -> Iterator[None]:
    """Settings for a bulk load, restored afterwards (SQLite only; PostgreSQL's throwaway server
    already runs without fsync)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute(f"PRAGMA cache_size=-{SEED_CACHE_KIB}")
        cursor.execute("PRAGMA temp_store=MEMORY")
        triggers = {}
        for table in FTS_TABLES:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                [f"{table}_fts_insert"],
            )
            triggers[table] = cursor.fetchall()
        for rows in triggers.values():
            for name, _sql in rows:
                cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table, rows in triggers.items():
                for _name, sql in rows:
                    cursor.execute(sql)
                # Rows written without the trigger (and any stale entries) indexed in one pass.
                cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")  # noqa: S608
            cursor.execute("PRAGMA cache_size=-2000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA journal_mode=WAL")


def seed_organisations(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from silkbridge.directory.seed.demo import generate_demo

    call_command("load_data", stdout=io.StringIO())
    generate_demo(scale=args.organisations, seed=args.seed)


def seed_opportunities(args: argparse.Namespace) -> None:
    """About `args.opportunities` over the active demo organisations."""
    from silkbridge.directory.models import Organisation
    from silkbridge.opportunities.demo import generate_opportunities
    from silkbridge.opportunities.models import Opportunity

    Opportunity.objects.all().delete()
    organisations = list(Organisation.objects.active().filter(is_demo=True).order_by("pk"))
    generate_opportunities(
        organisations,
        per_organisation=args.opportunities / len(organisations),
        seed=args.seed,
    )


def seed_public_face(args: argparse.Namespace) -> None:
    """Forums (past, upcoming, drafts), ventures with two parties each and announcements."""
    from django.db import transaction
    from django.utils import timezone

    from silkbridge.announcements.models import Announcement
    from silkbridge.directory.models import Organisation
    from silkbridge.forums.models import Event
    from silkbridge.ventures.models import Venture, VentureParty

    rng = random.Random(args.seed)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
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
        demo = Organisation.objects.filter(is_demo=True)
        kz = list(demo.filter(country="KZ").values_list("pk", flat=True))
        pk = list(demo.filter(country="PK").values_list("pk", flat=True))
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
        texts = (
            "The working group invites proposals for pilots.\n\nApply through the platform. " * 6
        )
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
