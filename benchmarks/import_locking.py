"""How long a large import holds the database's write lock, and what other writers see meanwhile.

    python benchmarks/import_locking.py                 # 8,000 rows on a fresh SQLite file
    python benchmarks/import_locking.py --rows 2000 --post-every 0.1

First times the refusal of a 5 KB XLSX whose sheet declares A1:ZZ60000 (finding M1), then
commits an N-row CSV the way the import page does (queued, staged in chunks, published at once;
the worker runs in-process as it does without REDIS_URL) while another thread posts a message
every `--post-every` seconds. Every write transaction of the import is timed from its
`BEGIN IMMEDIATE` (when SQLite takes the write lock) to its commit; a statement outside a
transaction counts as one. Prints a table and writes benchmarks/results/import-locking-sqlite.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import RESULTS, configure_django  # the sibling benchmark's setup

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=8000, help="data rows in the imported file")
    parser.add_argument(
        "--post-every", type=float, default=0.2, help="seconds between concurrent message posts"
    )
    return parser.parse_args(argv)


def import_file(rows: int, sectors: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["external_id", "name", "kind", "country", "website", "description", "sectors"])
    for n in range(rows):
        writer.writerow(
            [
                f"bench-{n}",
                f"Benchmark Organisation {n}",
                "company" if n % 3 else "academic",
                "KZ" if n % 2 else "PK",
                f"https://org{n}.bench.example",
                "Software development, cloud services and payment systems integration.",
                "; ".join(sectors[n % len(sectors) : n % len(sectors) + 2]),
            ]
        )
    return buffer.getvalue().encode()


class TransactionClock:
    """Times every write transaction on one connection (this thread's)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.durations: list[float] = []
        self._started: float | None = None
        real_commit, real_rollback = connection._commit, connection._rollback

        def commit() -> None:
            real_commit()
            self._end()

        def rollback() -> None:
            real_rollback()
            self._end()

        connection._commit, connection._rollback = commit, rollback

    def _end(self) -> None:
        if self._started is not None:
            self.durations.append(time.perf_counter() - self._started)
            self._started = None

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith("BEGIN"):
            self._started = time.perf_counter()
            return execute(sql, params, many, context)
        single = self._started is None and sql.lstrip().upper().startswith(WRITES)
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if single:
                self.durations.append(time.perf_counter() - began)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def declared_huge_xlsx() -> bytes:
    """A one-row workbook whose <dimension> claims A1:ZZ60000."""
    import re
    import zipfile

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["name", "kind", "country"])
    workbook.active.append(["Declared Org", "company", "KZ"])
    saved, patched = io.BytesIO(), io.BytesIO()
    workbook.save(saved)
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:ZZ60000"/>', data
                )
            target.writestr(item, data)
    return patched.getvalue()


def time_refusal() -> dict:
    import tracemalloc

    from silkbridge.directory import importing

    content = declared_huge_xlsx()
    tracemalloc.start()
    began = time.perf_counter()
    preview = importing.preview_import(content=content, filename="huge.xlsx")
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "xlsx_bytes": len(content),
        "xlsx_refused": bool(preview.file_errors),
        "xlsx_refusal_ms": round(1000 * seconds, 1),
        "xlsx_refusal_peak_mib": round(peak / 2**20, 2),
    }


def run(args: argparse.Namespace) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from silkbridge.accounts.models import User
    from silkbridge.conversations import services as conversations
    from silkbridge.directory import importing
    from silkbridge.directory.models import ImportBatch, Organisation, Term

    call_command("migrate", interactive=False, verbosity=0)
    refusal = time_refusal()
    secretariat = User.objects.create_user(
        email="bench@example.org", password=None, platform_role="secretariat"
    )
    organisation = Organisation.objects.create(
        name="Benchmark Counterpart", slug="benchmark-counterpart", kind="company", country="KZ"
    )
    sectors = []
    for n in range(6):
        Term.objects.create(vocabulary="sector", slug=f"bench-sector-{n}", label_en=f"Sector {n}")
        sectors.append(f"bench-sector-{n}")
    thread = conversations.start_secretariat_thread(
        actor=secretariat, organisation=organisation, subject="Benchmark", body="Start."
    )
    content = import_file(args.rows, sectors)
    batch = importing.create_batch(
        actor=secretariat, upload=SimpleUploadedFile("bench.csv", content)
    )
    connection.close()

    done = threading.Event()
    outcome: dict = {}
    posts: list[tuple[float, str]] = []

    def commit() -> None:
        clock = TransactionClock(connection)
        try:
            with connection.execute_wrapper(clock):
                started = time.perf_counter()
                importing.commit_batch(actor=secretariat, batch=batch)
                outcome["total_s"] = time.perf_counter() - started
            outcome["transactions"] = clock.durations
        except Exception as error:
            outcome["error"] = repr(error)
        finally:
            done.set()
            connection.close()

    def post_meanwhile() -> None:
        n = 0
        while not done.is_set():
            n += 1
            began = time.perf_counter()
            try:
                conversations.post_message(actor=secretariat, conversation=thread, body=f"#{n}")
                posts.append((time.perf_counter() - began, "ok"))
            except Exception as error:
                posts.append((time.perf_counter() - began, str(error)))
            time.sleep(args.post_every)
        connection.close()

    workers = [threading.Thread(target=commit), threading.Thread(target=post_meanwhile)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if "error" in outcome:
        raise SystemExit(f"The import failed: {outcome['error']}")
    batch = ImportBatch.objects.get(pk=batch.pk)
    transactions = outcome["transactions"]
    latencies = [seconds for seconds, result in posts]
    failures = [result for _seconds, result in posts if result != "ok"]
    return refusal | {
        "rows": args.rows,
        "file_bytes": len(content),
        "status": batch.status,
        "report": batch.report,
        "import_total_s": round(outcome["total_s"], 2),
        "write_transactions": len(transactions),
        "longest_write_transaction_ms": round(1000 * max(transactions), 1),
        "p95_write_transaction_ms": round(1000 * percentile(transactions, 0.95), 1),
        "posts": len(posts),
        "posts_failed": len(failures),
        "post_errors": sorted(set(failures)),
        "post_success_rate": round(1 - len(failures) / len(posts), 3) if posts else None,
        "post_latency_p50_ms": round(1000 * statistics.median(latencies), 1) if posts else None,
        "post_latency_p95_ms": round(1000 * percentile(latencies, 0.95), 1) if posts else None,
        "post_latency_max_ms": round(1000 * max(latencies), 1) if posts else None,
    }


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        configure_django(f"sqlite:///{Path(folder) / 'import.sqlite3'}", folder)
        figures = run(args)
    figures |= {
        "database": "sqlite",
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(f"Import of {figures['rows']} rows on SQLite: {figures['status']} {figures['report']}")
    for key in (
        "xlsx_bytes",
        "xlsx_refused",
        "xlsx_refusal_ms",
        "xlsx_refusal_peak_mib",
        "import_total_s",
        "write_transactions",
        "longest_write_transaction_ms",
        "p95_write_transaction_ms",
        "posts",
        "posts_failed",
        "post_success_rate",
        "post_latency_p50_ms",
        "post_latency_p95_ms",
        "post_latency_max_ms",
    ):
        print(f"  {key:<30} {figures[key]}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import-locking-sqlite.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
