"""Talent exchange list pages at scale: 200,000 applications by default.

    python benchmarks/talent_lists.py --db sqlite
    python benchmarks/talent_lists.py --db postgres      # starts a throwaway server
    python benchmarks/talent_lists.py --applications 20000 --renders 20

Seeds one Kazakh university with many calls (each with an exchange place under an approved
agreement and an internship place), N applicants with confirmed profiles and one application
each (both places ranked), nominations for three in ten and mobilities for one in ten, in bulk.
Then renders pages through Django's test client (middleware, navigation and templates included)
as the people who use them: the home coordinator's application list (first page, a deep page, a
status filter), the host's nominations, the mobilities, the public call and internship lists, a
student's own applications, and one call's page with the first page of its ranking table.
Prints a table and writes benchmarks/results/talent-lists-<db>.json. Target: p95 <= 200 ms for
every list page.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import configure_django, database_url, summary, timed

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 200.0
UNUSABLE_PASSWORD = "!"  # noqa: S105 - an unusable hash: nobody signs in as these students
BATCH = 5000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--per-call", type=int, default=2_000, help="applications per call")
    parser.add_argument("--renders", type=int, default=30, help="timed renders per page")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="keep a database of the same size")
    # database_url() names the SQLite file after args.scale.
    args = parser.parse_args(argv)
    args.scale = args.applications
    return args


def seed(args: argparse.Namespace) -> dict[str, float]:
    """Migrate and fill the database in bulk; returns seconds per step (empty when reused)."""
    from django.core.management import call_command

    from silkbridge.accounts.models import User
    from silkbridge.directory.models import Organisation, Person
    from silkbridge.talent.agreements.models import Agreement, CooperationCondition
    from silkbridge.talent.exchanges.models import (
        ApplicantProfile,
        Application,
        ApplicationChoice,
        Call,
        CallPlace,
        Internship,
        LearningAgreement,
        Mobility,
        Nomination,
    )

    call_command("migrate", interactive=False, verbosity=0)
    if args.reuse and Application.objects.count() == args.applications:
        print("Reusing the seeded database.")
        return {}
    rng = random.Random(args.seed)
    steps: dict[str, float] = {}
    started = time.perf_counter()
    home = Organisation.objects.create(
        name="Bench KZ University", slug="bench-kz-uni", country="KZ", kind="academic"
    )
    host = Organisation.objects.create(
        name="Bench PK University", slug="bench-pk-uni", country="PK", kind="academic"
    )
    company = Organisation.objects.create(
        name="Bench PK Software", slug="bench-pk-soft", country="PK", kind="company"
    )
    for email, org in (
        ("home@bench.example", home),
        ("host@bench.example", host),
        ("company@bench.example", company),
    ):
        user = User.objects.create_user(email, full_name=email.split("@")[0], language="en")
        Person.objects.create(
            organisation=org, user=user, full_name=user.full_name, role="admin", email=email
        )
    agreement = Agreement.objects.create(
        title="Bench agreement",
        academic_year_start=2026,
        academic_year_end=2028,
        status="approved",
        approved_at=datetime.now(UTC),
    )
    agreement.institutions.set([home, host])
    condition = CooperationCondition.objects.create(
        agreement=agreement,
        sending_institution=home,
        receiving_institution=host,
        mobility_type="student_study",
        isced_code="0613",
        eqf_level=6,
        people_per_year=500,
    )
    calls = max(1, args.applications // args.per_call)
    internships = Internship.objects.bulk_create(
        Internship(
            host=company,
            title=f"Bench internship {n}",
            subject_area="0613",
            starts_on=date(2027, 6, 1),
            ends_on=date(2027, 8, 31),
            language="en",
            places=50,
            for_country="KZ",
        )
        for n in range(calls)
    )
    now = datetime.now(UTC)
    call_rows = Call.objects.bulk_create(
        Call(
            home_institution=home,
            title=f"Bench call {n}",
            academic_year=2027,
            deadline=now - timedelta(days=n),
            status="allocated",
        )
        for n in range(calls)
    )
    places = []
    for call, internship in zip(call_rows, internships, strict=True):
        places.append(
            CallPlace(
                call=call,
                condition=condition,
                host=host,
                label="Bench PK University (0613)",
                capacity=200,
                mobility_type="student_study",
                subject_area="0613",
                study_level=6,
            )
        )
        places.append(
            CallPlace(
                call=call,
                internship=internship,
                host=company,
                label=f"{internship.title} — Bench PK Software",
                capacity=50,
                mobility_type="internship",
                subject_area="0613",
            )
        )
    places = CallPlace.objects.bulk_create(places)
    steps["offers"] = time.perf_counter() - started

    started = time.perf_counter()
    statuses = ["unplaced"] * 6 + ["nominated"] * 2 + ["accepted", "refused"]
    for offset in range(0, args.applications, BATCH):
        size = min(BATCH, args.applications - offset)
        users = User.objects.bulk_create(
            User(
                email=f"bench-student-{offset + n}@bench.example",
                password=UNUSABLE_PASSWORD,
                full_name=f"Student {offset + n}",
            )
            for n in range(size)
        )
        profiles = ApplicantProfile.objects.bulk_create(
            ApplicantProfile(
                user=user,
                home_institution=home,
                subject_area="0613",
                study_level=6,
                confirmed_at=now,
            )
            for user in users
        )
        applications = []
        for n, profile in enumerate(profiles):
            index = offset + n
            call_index = index % calls
            status = rng.choice(statuses)
            exchange, internship_place = places[2 * call_index], places[2 * call_index + 1]
            placed = status in ("nominated", "accepted")
            applications.append(
                Application(
                    call=call_rows[call_index],
                    applicant=profile,
                    motivation="Bench motivation.",
                    status=status,
                    home_rank=index // calls + 1,
                    place=rng.choice((exchange, internship_place)) if placed else None,
                    choice_number=1 if placed else None,
                    submitted_at=now - timedelta(minutes=index),
                    decided_at=now if status in ("unplaced", "refused") else None,
                )
            )
        applications = Application.objects.bulk_create(applications)
        choices = []
        for application in applications:
            call_index = (application.call_id - call_rows[0].pk) % calls
            exchange, internship_place = places[2 * call_index], places[2 * call_index + 1]
            order = [exchange, internship_place]
            rng.shuffle(order)
            choices += [
                ApplicationChoice(application=application, place=place, position=k + 1)
                for k, place in enumerate(order)
            ]
        ApplicationChoice.objects.bulk_create(choices)
        nominated = [a for a in applications if a.place_id is not None]
        nominations = Nomination.objects.bulk_create(
            Nomination(
                application=a,
                place_id=a.place_id,
                status="accepted" if a.status == "accepted" else "pending",
            )
            for a in nominated
        )
        mobilities = Mobility.objects.bulk_create(
            Mobility(
                nomination=nomination,
                status=rng.choice(("planned", "started", "completed", "cancelled")),
                sending_country="KZ",
                receiving_country="PK",
                mobility_type="student_study",
                subject_area="0613",
                study_level=6,
                planned_start=date(2027, 9, 1),
                planned_end=date(2028, 1, 31),
            )
            for nomination in nominations
            if nomination.status == "accepted"
        )
        LearningAgreement.objects.bulk_create(LearningAgreement(mobility=m) for m in mobilities)
        print(f"  applications: {offset + size:,}", end="\r")
    print()
    steps["applications"] = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return steps


def measure(args: argparse.Namespace) -> list[dict]:
    from django.test import Client

    from silkbridge.accounts.models import User
    from silkbridge.talent.exchanges.models import Application, Call

    coordinator = User.objects.get(email="home@bench.example")
    host = User.objects.get(email="host@bench.example")
    student = Application.objects.order_by("pk").first().applicant.user
    deep = max(1, Application.objects.count() // 20 // 2)
    call = Call.objects.order_by("pk").first()
    pages = [
        ("applications, coordinator, page 1", coordinator, "/talent/applications/"),
        ("applications, coordinator, deep page", coordinator, f"/talent/applications/?page={deep}"),
        ("applications, coordinator, status", coordinator, "/talent/applications/?status=refused"),
        ("nominations, host", host, "/talent/nominations/"),
        ("nominations, host, pending", host, "/talent/nominations/?status=pending"),
        ("mobilities, coordinator", coordinator, "/talent/mobilities/"),
        ("mobilities, host, completed", host, "/talent/mobilities/?status=completed"),
        ("calls, public", None, "/talent/calls/"),
        ("internships, public", None, "/talent/internships/"),
        ("applications, student", student, "/talent/applications/"),
        (
            f"call page, ranking table of {call.applications.count():,} applicants",
            coordinator,
            f"/talent/calls/{call.pk}/",
        ),
    ]
    rows = []
    for name, user, url in pages:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)  # warm up
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(args.renders):
            elapsed, response = timed(lambda client=client, url=url: client.get(url))
            assert response.status_code == 200
            times.append(elapsed)
        row = {"page": name, "url": url, **summary(times)}
        rows.append(row)
        flag = "" if row["p95_ms"] <= TARGET_MS else "  over target"
        print(f"{name:<52} p50 {row['p50_ms']:>8.1f} ms  p95 {row['p95_ms']:>8.1f} ms{flag}")
    return rows


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    RESULTS.mkdir(exist_ok=True)
    sqlite_file = f"talent-lists-{args.applications}.sqlite3"
    with database_url(args, sqlite_file) as url, tempfile.TemporaryDirectory() as static_root:
        configure_django(url, static_root)
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"Seeding {args.applications:,} applications on {args.db} …")
        steps = seed(args)
        print("Rendering pages:")
        rows = measure(args)
    result = {
        "benchmark": "talent_lists",
        "db": args.db,
        "applications": args.applications,
        "per_call": args.per_call,
        "renders": args.renders,
        "target_p95_ms": TARGET_MS,
        "seed_seconds": {k: round(v, 1) for k, v in steps.items()},
        "pages": rows,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = RESULTS / f"talent-lists-{args.db}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    main()
