"""Partnership desk at scale: opportunity search and the notification inbox under load.

    python benchmarks/desk.py --db sqlite
    python benchmarks/desk.py --db postgres       # starts a throwaway server
    DATABASE_URL=postgres://... python benchmarks/desk.py --db postgres
    python benchmarks/desk.py --organisations 2000 --opportunities 6000 --notifications 50000

Seeds the reference data, N demo organisations (`demo --scale`), about M published-heavy
opportunities written in bulk by the opportunities demo generator (search text and tag links as
the services write them), and K notifications spread over a few thousand people, one of whom
holds a large inbox. Then renders pages through Django's test client as that person (middleware,
navbar badge and templates included): the opportunity search page with realistic queries, the
notification list (first and a deep page) and the unread badge. Prints a table and writes
benchmarks/results/desk-<db>.json. Target: p95 <= 100 ms for every page.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import configure_django, database_url, summary, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 100.0
SEARCH_KINDS = (
    "no filter",
    "type + direction",
    "country + sector",
    "word search",
    "deadline filter",
    "page 50",
)
INBOX_KINDS = ("inbox page 1", "inbox deep page", "unread badge")
READER_EMAIL = "desk-benchmark@example.org"
NOTIFICATION_KINDS = (
    ("opportunity_approved", {"title": "Cloud migration for a regional bank"}),
    ("interest_received", {"organisation": "Lahore Software House", "title": "Open banking"}),
    ("introduction_proposed", {"organisation": "Qazaq Fintech Labs"}),
    ("message_received", {"author": "Aigerim S.", "subject": "Pilot in Almaty"}),
    ("opportunity_expiring", {"title": "ERP rollout", "date": "2026-12-05"}),
    ("saved_search_match", {"search": "fintech", "title": "Payment gateway for e-commerce"}),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--organisations", type=int, default=100_000, help="demo organisations")
    parser.add_argument("--opportunities", type=int, default=300_000, help="opportunities, about")
    parser.add_argument("--notifications", type=int, default=1_000_000, help="in total")
    parser.add_argument("--inbox", type=int, default=20_000, help="notifications of the reader")
    parser.add_argument("--people", type=int, default=5_000, help="other people notified")
    parser.add_argument("--renders", type=int, default=40, help="timed renders per kind")
    parser.add_argument("--seed", type=int, default=7, help="seed for data and queries")
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument(
        "--reuse", action="store_true", help="keep an already seeded database of the same size"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of each kind's slowest query"
    )
    return parser.parse_args(argv)


# -- seeding ------------------------------------------------------------------------------------


def seed(args: argparse.Namespace) -> dict[str, float]:
    """Migrate and fill the database; returns seconds per step (empty when reused)."""
    from django.core.management import call_command

    from silkbridge.accounts.models import User
    from silkbridge.directory.models import Organisation
    from silkbridge.directory.seed.bulk import refresh_planner_statistics
    from silkbridge.notifications.models import Notification

    call_command("migrate", interactive=False, verbosity=0)
    if (
        args.reuse
        and Organisation.objects.filter(is_demo=True).count() == args.organisations
        and User.objects.filter(email=READER_EMAIL).exists()
        and Notification.objects.count() >= args.notifications
    ):
        print("Reusing the seeded database.")
        return {}
    steps: dict[str, float] = {}
    started = time.perf_counter()
    call_command("load_data", stdout=io.StringIO())
    call_command("demo", "--scale", str(args.organisations), stdout=io.StringIO())
    steps["organisations"] = time.perf_counter() - started
    print(f"  organisations: {steps['organisations']:.0f} s")

    started = time.perf_counter()
    seed_opportunities(args.opportunities, args.seed)
    steps["opportunities"] = time.perf_counter() - started
    print(f"  opportunities: {steps['opportunities']:.0f} s")

    started = time.perf_counter()
    seed_notifications(args)
    steps["notifications"] = time.perf_counter() - started
    print(f"  notifications: {steps['notifications']:.0f} s")

    refresh_planner_statistics()
    return steps


def seed_opportunities(target: int, seed_value: int) -> int:
    """About `target` opportunities over the demo organisations, 90 % of them published."""
    from silkbridge.directory.models import Organisation
    from silkbridge.opportunities.demo import generate_opportunities
    from silkbridge.opportunities.models import Opportunity

    Opportunity.objects.all().delete()
    organisations = list(Organisation.objects.active().filter(is_demo=True).order_by("pk"))
    return generate_opportunities(
        organisations, per_organisation=target / len(organisations), seed=seed_value
    )


def seed_notifications(args: argparse.Namespace) -> None:
    """The reader's large inbox (a few hundred unread) and everyone else's, in bulk."""
    from django.contrib.auth.hashers import make_password

    from silkbridge.accounts.models import User
    from silkbridge.notifications.models import Notification

    rng = random.Random(args.seed)
    Notification.objects.all().delete()
    User.objects.filter(email__startswith="desk-").delete()
    reader = User.objects.create_user(READER_EMAIL, full_name="Desk Benchmark", language="en")
    unusable = make_password(None)
    others = User.objects.bulk_create(
        [
            User(email=f"desk-person-{n}@example.org", password=unusable, full_name=f"Person {n}")
            for n in range(args.people)
        ],
        batch_size=1000,
    )
    other_ids = [u.pk for u in others] or [reader.pk]
    now = datetime.now(UTC)

    def rows(count: int, recipient_ids: list[int], unread_share: float):
        for _ in range(count):
            kind, params = rng.choice(NOTIFICATION_KINDS)
            created = now - timedelta(seconds=rng.randint(0, 180 * 86400))
            unread = rng.random() < unread_share
            yield Notification(
                recipient_id=rng.choice(recipient_ids),
                kind=kind,
                params=params,
                url=f"/opportunities/{rng.randint(1, 300_000)}/",
                created_at=created,
                read_at=None if unread else created + timedelta(hours=1),
                emailed_at=created + timedelta(minutes=1),
            )

    def write(generator, count: int) -> None:
        chunk = 20_000
        for start in range(0, count, chunk):
            batch = [
                row for _, row in zip(range(min(chunk, count - start)), generator, strict=False)
            ]
            Notification.objects.bulk_create(batch, batch_size=2_000)

    write(rows(args.inbox, [reader.pk], unread_share=0.01), args.inbox)
    rest = max(0, args.notifications - args.inbox)
    write(rows(rest, other_ids, unread_share=0.05), rest)


# -- queries ------------------------------------------------------------------------------------


def search_mix(count: int, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """`count` opportunity searches per kind, as URL parameters drawn from the data."""
    from django.utils import timezone

    from silkbridge.directory.models import Term
    from silkbridge.opportunities.models import Direction, Opportunity, OpportunityType, Status

    # 500 titles drawn with the seeded generator (not the database's random order), so that
    # every run, on either database, searches the same words.
    published = Opportunity.objects.filter(status=Status.PUBLISHED)
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, min(500, len(ids)))
    texts = list(published.filter(pk__in=chosen).order_by("pk").values_list("title", flat=True))
    words = sorted({w.lower() for text in texts for w in re.findall(r"[A-Za-z]{5,}", text)})
    sectors = list(Term.objects.filter(vocabulary="sector").values_list("slug", flat=True))
    today = timezone.localdate()

    def one(kind: str) -> dict[str, str]:
        if kind == "no filter":
            return {}
        if kind == "type + direction":
            return {
                "type": rng.choice(OpportunityType.values),
                "direction": rng.choice(Direction.values),
            }
        if kind == "country + sector":
            return {"country": rng.choice(["KZ", "PK"]), "sector": rng.choice(sectors)}
        if kind == "word search":
            return {"q": rng.choice(words)}
        if kind == "deadline filter":
            return {"deadline_after": (today + timedelta(days=rng.randint(0, 60))).isoformat()}
        return {"page": "50"}

    mix = [(kind, one(kind)) for kind in SEARCH_KINDS for _ in range(count)]
    rng.shuffle(mix)
    return mix


def inbox_cursor(reader, position: int) -> int:
    """The id of the reader's notification at `position`, newest first (a deep page)."""
    from silkbridge.notifications.models import Notification

    return (
        Notification.objects.filter(recipient=reader)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[position]
    )


def explain_search(params: dict[str, str]) -> str:
    """Plans of the queries the list page runs: the capped count and the page it then reads
    (the broad form when the count hits the cap). Timed by the database on PostgreSQL."""
    from django.db import connection

    from silkbridge.directory.selectors import RESULT_CAP
    from silkbridge.opportunities.forms import OpportunityFilterForm
    from silkbridge.opportunities.selectors import PAGE_SIZE, search_opportunities

    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    query = OpportunityFilterForm(params or None).to_query()
    narrow = search_opportunities(query)
    count = narrow.order_by().values("pk")[: RESULT_CAP + 1]
    found = count.count()
    page = search_opportunities(query, broad=found > RESULT_CAP)
    offset = (int(params.get("page", 1)) - 1) * PAGE_SIZE
    return "\n".join(
        [
            f"count (capped, {found} found):",
            count.explain(**options),
            "page:",
            page[offset : offset + PAGE_SIZE].explain(**options),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    RESULTS.mkdir(exist_ok=True)
    rng = random.Random(args.seed)
    sqlite_file = f"desk-{args.organisations}.sqlite3"
    with database_url(args, sqlite_file) as url, tempfile.TemporaryDirectory() as static_root:
        configure_django(url, static_root)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from silkbridge.accounts.models import User
        from silkbridge.notifications import selectors as inbox
        from silkbridge.notifications.models import Notification
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
        reader = User.objects.get(email=READER_EMAIL)
        sizes = {
            "organisations": args.organisations,
            "opportunities": Opportunity.objects.count(),
            "published": Opportunity.objects.filter(status=Status.PUBLISHED).count(),
            "notifications": Notification.objects.count(),
            "reader_inbox": Notification.objects.filter(recipient=reader).count(),
            "reader_unread": Notification.objects.filter(
                recipient=reader, read_at__isnull=True
            ).count(),
        }
        print(", ".join(f"{k}: {v:,}" for k, v in sizes.items()))

        client = Client()
        client.force_login(reader)
        times: dict[str, list[float]] = defaultdict(list)
        slowest: dict[str, tuple[float, dict[str, str]]] = {}

        def render(kind: str, path: str, params: dict[str, str]) -> None:
            ms, response = timed(lambda: client.get(path, params))
            if response.status_code != 200:
                raise SystemExit(f"GET {path}?{urlencode(params)} -> {response.status_code}")
            times[kind].append(ms)
            if ms > slowest.get(kind, (0.0, {}))[0]:
                slowest[kind] = (ms, params)

        mix = search_mix(args.renders, rng)
        for _, params in mix[:10]:  # warm caches; not measured
            client.get("/opportunities/", params)
        for kind, params in mix:
            render(kind, "/opportunities/", params)

        deep = {"before": str(inbox_cursor(reader, min(10_000, sizes["reader_inbox"] - 1)))}
        for _ in range(3):
            client.get("/notifications/")
        for _ in range(args.renders):
            render("inbox page 1", "/notifications/", {})
            render("inbox deep page", "/notifications/", deep)
            ms, _count = timed(lambda: inbox.unread_count(reader))
            times["unread badge"].append(ms)

        rows = {kind: summary(times[kind]) for kind in (*SEARCH_KINDS, *INBOX_KINDS)}
        search_all = summary([ms for kind in SEARCH_KINDS for ms in times[kind]])
        worst = max(row["p95_ms"] for row in rows.values())
        report = {
            "benchmark": "desk",
            "database": vendor,
            "database_version": str(version),
            **sizes,
            "seed_seconds": {k: round(v, 1) for k, v in steps.items()},
            "pages": rows,
            "search_all": search_all,
            "target_p95_ms": TARGET_MS,
            "meets_target": worst <= TARGET_MS,
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "command": " ".join(["python", "benchmarks/desk.py", *(argv or sys.argv[1:])]),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        print_table(report)
        if args.explain:
            for kind in SEARCH_KINDS:
                ms, params = slowest[kind]
                print(f"\n-- slowest {kind} ({ms:.1f} ms): ?{urlencode(params)}")
                print(explain_search(params))
            mine = Notification.objects.filter(recipient=reader)
            inbox_first = mine.order_by("-created_at", "-id")[:21]
            print("\n-- inbox page 1\n" + inbox_first.explain())
            unread = mine.filter(read_at__isnull=True).order_by().values("pk")[:100]
            print("\n-- unread badge\n" + unread.explain())
        out = RESULTS / f"desk-{args.db}.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nWrote {out.relative_to(ROOT)}")


def print_table(report: dict) -> None:
    print(
        f"\nPartnership desk on {report['database']} {report['database_version']}: "
        f"{report['organisations']:,} organisations, {report['opportunities']:,} opportunities "
        f"({report['published']:,} published), {report['notifications']:,} notifications "
        f"(reader: {report['reader_inbox']:,}, {report['reader_unread']:,} unread)\n"
    )
    print(f"{'page':<18} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, row in [*report["pages"].items(), ("all searches", report["search_all"])]:
        print(
            f"{kind:<18} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f}"
        )
    verdict = "meets" if report["meets_target"] else "MISSES"
    print(f"\np95 target {report['target_p95_ms']:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
