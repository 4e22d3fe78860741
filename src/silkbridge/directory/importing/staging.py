"""Committing a batch in the background: staged in short transactions, published in one.

A batch moves queued → staging → publishing → committed. Staging writes the prepared rows
`CHUNK_ROWS` at a time into `ImportStagedRow`, which no reader looks at, each chunk in its own
short transaction with the progress and a heartbeat; publishing writes them all to the directory
in one short transaction (see `publish`, which computes every value beforehand). So other
people's writes never wait long for the database, and readers see the whole file or none of it.

A file with errors ends `failed`, nothing written, its errors in the report. A worker that dies
leaves the batch without a heartbeat; housekeeping resumes it from its last staged chunk (a
row already staged is skipped by its number), and after `MAX_ATTEMPTS` rolls it back (staged
rows deleted) for the secretariat to retry. Every write of a worker is conditional on the
batch's `attempt`, so a worker given up for dead cannot write after its successor started.
"""

import logging
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from silkbridge.directory.importing.preview import ImportPreview, ImportRejected, preview_import
from silkbridge.directory.importing.publish import plan, prepare, write
from silkbridge.directory.importing.rows import NON_FIELD
from silkbridge.directory.models import ImportBatch, ImportStagedRow, ImportStatus

CHUNK_ROWS = 200
MAX_ATTEMPTS = 3
REPORTED_ERRORS = 200  # errors kept in a failed batch's report; the count says how many more
ACTIVE = (ImportStatus.QUEUED, ImportStatus.STAGING, ImportStatus.PUBLISHING)

logger = logging.getLogger(__name__)


class Abandoned(Exception):
    """Another attempt has taken the batch over (or it was rolled back): stop writing."""


def queue(batch: ImportBatch) -> None:
    """Run the batch's current attempt in the worker once this transaction commits.

    Without a broker (huey in immediate mode) a task would run inside the request, so the page
    would wait for the whole import: there the batch runs in a thread of the web process instead
    (IMPORT_IN_THREAD). A process that dies with it leaves a batch without a heartbeat, which
    housekeeping resumes as it would a dead worker's."""
    from silkbridge.directory.tasks import run_import

    batch_id, attempt = batch.pk, batch.attempt
    if settings.HUEY.get("immediate") and settings.IMPORT_IN_THREAD:
        transaction.on_commit(lambda: _start_thread(batch_id, attempt))
    else:
        transaction.on_commit(lambda: run_import(batch_id, attempt))


def _start_thread(batch_id: int, attempt: int) -> None:
    def run() -> None:
        try:
            run_batch(batch_id, attempt)
        except Exception:
            # The batch keeps its last heartbeat: housekeeping resumes or rolls it back.
            logger.exception("import batch %s, attempt %s, stopped", batch_id, attempt)
        finally:
            connection.close()

    threading.Thread(target=run, name=f"import-{batch_id}-{attempt}", daemon=True).start()


def _beat(batch: ImportBatch, **fields: object) -> None:
    """Record progress for this attempt; raises Abandoned if the batch is no longer ours."""
    fields["heartbeat_at"] = timezone.now()
    mine = ImportBatch.objects.filter(pk=batch.pk, attempt=batch.attempt, status__in=ACTIVE)
    if not mine.update(**fields):
        raise Abandoned
    for name, value in fields.items():
        setattr(batch, name, value)


def _chunks(records: list[dict]) -> Iterable[list[dict]]:
    for start in range(0, len(records), CHUNK_ROWS):
        yield records[start : start + CHUNK_ROWS]


def _stage_chunk(batch: ImportBatch, chunk: list[dict]) -> None:
    with transaction.atomic():
        ImportStagedRow.objects.bulk_create(
            ImportStagedRow(
                batch=batch,
                row_number=record["row"],
                action=record["action"],
                organisation_id=record["organisation"],
                payload=record["payload"],
            )
            for record in chunk
        )
        _beat(batch, rows_done=batch.rows_done + len(chunk))


def _stage(batch: ImportBatch) -> None:
    _beat(batch, status=ImportStatus.STAGING)
    preview = preview_import(content=bytes(batch.content), filename=batch.filename)
    if preview.has_errors:
        raise ImportRejected(preview)
    records = prepare(preview)
    staged = set(batch.staged_rows.values_list("row_number", flat=True))
    _beat(batch, rows_total=len(records), rows_done=len(staged))
    for chunk in _chunks([r for r in records if r["row"] not in staged]):
        _stage_chunk(batch, chunk)


def _publish(batch: ImportBatch) -> None:
    _beat(batch, status=ImportStatus.PUBLISHING)
    records = [
        {"row": r.row_number, "action": r.action, "organisation": r.organisation_id,
         "payload": r.payload}
        for r in batch.staged_rows.order_by("row_number")
    ]  # fmt: skip
    publication = plan(batch.committed_by, records, filename=batch.filename)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.attempt != batch.attempt or locked.status != ImportStatus.PUBLISHING:
            raise Abandoned
        report = write(publication)
        _beat(
            batch,
            status=ImportStatus.COMMITTED,
            report=report.as_dict(),
            finished_at=timezone.now(),
            content=b"",
        )
    batch.staged_rows.all().delete()


def error_report(preview: ImportPreview) -> dict:
    """The file and row errors of a refused commit, as plain data for the batch's report."""
    errors = [{"row": None, "column": "", "message": str(m)} for m in preview.file_errors]
    for row in preview.rows:
        for column, messages in row.errors.items():
            column = "" if column == NON_FIELD else column
            errors += [{"row": row.number, "column": column, "message": str(m)} for m in messages]
    return {"errors": errors[:REPORTED_ERRORS], "error_count": len(errors)}


def _fail(batch: ImportBatch, preview: ImportPreview) -> None:
    with transaction.atomic():
        _beat(
            batch,
            status=ImportStatus.FAILED,
            report=error_report(preview),
            finished_at=timezone.now(),
        )
        batch.staged_rows.all().delete()


def run_batch(batch_id: int, attempt: int) -> str:
    """The worker's part: stage what is left of the batch, then publish it. Returns the status
    the batch ended in, or "abandoned" if this attempt is no longer the batch's."""
    batch = ImportBatch.objects.filter(pk=batch_id, attempt=attempt, status__in=ACTIVE).first()
    if batch is None:
        return "abandoned"
    try:
        if batch.status != ImportStatus.PUBLISHING:
            _stage(batch)
        _publish(batch)
    except ImportRejected as rejected:
        try:
            _fail(batch, rejected.preview)
        except Abandoned:
            return "abandoned"
    except Abandoned:
        return "abandoned"
    return batch.status


def roll_back(batch: ImportBatch) -> bool:
    """Give up an unfinished commit: its staged rows go, the directory was never touched."""
    with transaction.atomic():
        rolled_back = ImportBatch.objects.filter(
            pk=batch.pk, attempt=batch.attempt, status__in=ACTIVE
        ).update(status=ImportStatus.ROLLED_BACK, finished_at=timezone.now(), rows_done=0)
        if rolled_back:
            ImportStagedRow.objects.filter(batch=batch).delete()
    return bool(rolled_back)


def recover_stalled_imports(now: datetime | None = None) -> int:
    """Housekeeping: resume each commit whose worker stopped writing IMPORT_STALL_MINUTES ago,
    from its last staged chunk, or roll it back after MAX_ATTEMPTS. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.IMPORT_STALL_MINUTES)
    recovered = 0
    for batch in ImportBatch.objects.filter(status__in=ACTIVE, heartbeat_at__lt=cutoff):
        if batch.attempt >= MAX_ATTEMPTS:
            recovered += roll_back(batch)
            continue
        with transaction.atomic():
            claimed = ImportBatch.objects.filter(
                pk=batch.pk, attempt=batch.attempt, status__in=ACTIVE
            ).update(attempt=batch.attempt + 1, heartbeat_at=now)
            if claimed:
                batch.attempt += 1
                queue(batch)
                recovered += 1
    return recovered
