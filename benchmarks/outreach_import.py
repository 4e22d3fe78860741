"""How long a 5,000-row invitation list takes: preview, confirmation and the e-mails.

    python benchmarks/outreach_import.py                      # 5,000 rows, 20,000 organisations
    python benchmarks/outreach_import.py --rows 10000 --organisations 100000

On a fresh SQLite file: creates the organisations (a third each found by website, by
registration number and by name), then times what the secretariat's requests do with an
N-row CSV — the upload's check, the preview's row report (with its query count), the
confirmation's atomic insert of the contacts, and the e-mails (in-process, as without
REDIS_URL, into an in-memory mailbox). Prints a table and writes
benchmarks/results/outreach-import-sqlite.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import RESULTS, configure_django  # the sibling benchmark's setup


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="data rows in the contact list")
    parser.add_argument("--organisations", type=int, default=20000, help="directory size")
    return parser.parse_args(argv)


def seed_directory(count: int) -> None:
    from silkbridge.directory.models import Organisation

    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench Organisation {n}",
                slug=f"bench-organisation-{n}",
                kind="company",
                country="KZ" if n % 2 else "PK",
                website=f"https://org{n}.bench.example",
                website_domain=f"org{n}.bench.example",
                registration_number=f"{n:07d}-{n % 10}",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def contact_list(rows: int, organisations: int) -> bytes:
    """Rows naming their organisation by domain, number or name; one in fifty is broken."""
    lines = ["email,name,organisation"]
    for n in range(rows):
        target = (n * 7) % organisations
        way = n % 3
        if n % 50 == 49:
            lines.append(f"broken-address-{n},Broken {n},org{target}.bench.example")
            continue
        organisation = (
            f"https://www.org{target}.bench.example/about",
            f"{target:07d}{target % 10}",
            f'"BENCH  organisation {target}"',
        )[way]
        lines.append(f"person{n}@org{target}.bench.example,Person {n},{organisation}")
    return ("\n".join(lines) + "\n").encode()


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="outreach-bench-")
    configure_django(f"sqlite:///{workdir}/bench.sqlite3", f"{workdir}/static")
    from django.conf import settings
    from django.core import mail
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from silkbridge.accounts.models import User
    from silkbridge.outreach import contact_lists, services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The e-mails through the (immediate) task queue, as a worker sends them, not a thread.
    settings.IMPORT_IN_THREAD = False
    mail.outbox = []
    call_command("migrate", interactive=False, verbosity=0)
    # Load the URL configuration (and the API schemas it imports) as a running server has.
    reverse("outreach:list")
    started = time.perf_counter()
    seed_directory(args.organisations)
    seeded = time.perf_counter() - started
    secretariat = User.objects.create_user(
        email="bench-secretariat@example.org", platform_role="secretariat"
    )
    content = contact_list(args.rows, args.organisations)
    upload = SimpleUploadedFile("contacts.csv", content)

    timings: dict[str, float] = {}
    started = time.perf_counter()
    campaign = services.upload_list(
        actor=secretariat, name="Benchmark", language="ru", upload=upload
    )
    timings["upload (read and check columns)"] = time.perf_counter() - started

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = contact_lists.report_for(bytes(campaign.content), campaign.filename)
    timings["preview (row report)"] = time.perf_counter() - started
    preview_queries = len(queries.captured_queries)

    # Confirmation without the e-mails, then the e-mails, timed apart.
    queued: list[list[int]] = []
    original = services.queue_emails
    services.queue_emails = lambda ids, reminder: queued.append(ids)
    started = time.perf_counter()
    campaign = services.confirm_campaign(actor=secretariat, campaign=campaign)
    timings["confirm (atomic insert of contacts)"] = time.perf_counter() - started
    services.queue_emails = original
    started = time.perf_counter()
    for ids in queued:
        services.queue_emails(ids, reminder=False)
    timings["e-mails (tokens, rendering, sending)"] = time.perf_counter() - started
    timings["one request: upload + preview"] = (
        timings["upload (read and check columns)"] + timings["preview (row report)"]
    )

    result = {
        "benchmark": "outreach_import",
        "database": "sqlite",
        "rows": args.rows,
        "organisations": args.organisations,
        "ready_rows": len(report.ready),
        "problem_rows": len(report.with_problems),
        "contacts_created": campaign.report["invited"],
        "emails_sent": len(mail.outbox),
        "preview_queries": preview_queries,
        "seconds": {key: round(value, 3) for key, value in timings.items()},
        "seed_seconds": round(seeded, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(
        f"{args.rows} rows against {args.organisations} organisations: "
        f"{result['ready_rows']} ready, {result['problem_rows']} with problems, "
        f"{result['emails_sent']} e-mails, preview in {preview_queries} queries"
    )
    width = max(len(key) for key in timings)
    for key, value in timings.items():
        print(f"  {key:<{width}}  {value:8.3f} s")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "outreach-import-sqlite.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Wrote {out.relative_to(Path(__file__).resolve().parents[1])}")
    return result


if __name__ == "__main__":
    main()
