"""Import batches: an uploaded file kept between its preview and its background commit."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory import permissions
from silkbridge.directory.importing import staging
from silkbridge.directory.importing.preview import ImportPreview, preview_import
from silkbridge.directory.importing.rows import FileRejected, check_limits, format_for
from silkbridge.directory.models import ImportBatch, ImportStatus
from silkbridge.directory.permissions import AnyUser

# An upload left in preview this long is discarded when the next file is uploaded.
STALE_BATCH_AGE = timedelta(days=7)


def create_batch(*, actor: User, upload: UploadedFile) -> ImportBatch:
    """Keep an uploaded file for preview; raises ValidationError for a file that is not accepted."""
    if not permissions.can_import(actor):
        raise PermissionDenied(_("Only the secretariat can import organisations."))
    file_format = format_for(upload.name or "")
    if upload.size is not None and upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d bytes.") % {"limit": settings.IMPORT_MAX_BYTES}
        )
    content = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d bytes.") % {"limit": settings.IMPORT_MAX_BYTES}
        )
    try:
        check_limits(content, upload.name or "")
    except FileRejected as rejected:
        raise ValidationError(rejected.messages) from rejected
    discard_stale_batches()
    return ImportBatch.objects.create(
        uploaded_by=actor, filename=upload.name[:255], content=content, format=file_format
    )


def discard_stale_batches(*, older_than: timedelta = STALE_BATCH_AGE) -> int:
    """Mark uploads nobody committed or discarded within `older_than` as discarded, dropping
    their content, so abandoned files do not pile up in the database. A failed or rolled-back
    commit keeps its status (and report) but loses its file just the same."""
    cutoff = timezone.now() - older_than
    ImportBatch.objects.filter(
        status__in=[ImportStatus.FAILED, ImportStatus.ROLLED_BACK], created_at__lt=cutoff
    ).update(content=b"")
    return ImportBatch.objects.filter(status=ImportStatus.PENDING, created_at__lt=cutoff).update(
        status=ImportStatus.DISCARDED, content=b"", finished_at=timezone.now()
    )


def recent_batches(user: AnyUser, *, limit: int = 20) -> list[ImportBatch]:
    """The latest uploads, with their state, for the import page."""
    if not permissions.can_import(user):
        return []
    return list(ImportBatch.objects.select_related("uploaded_by").defer("content")[:limit])


def get_batch(user: AnyUser, token: str) -> ImportBatch:
    """The batch if this user may see it (its uploader or the secretariat); one 404 otherwise."""
    batch = ImportBatch.objects.filter(token=token).first()
    if batch is None or not permissions.can_import(user):
        raise Http404("No such import")
    if batch.uploaded_by_id != user.pk and not permissions.is_secretariat(user):
        raise Http404("No such import")
    return batch


def preview_batch(batch: ImportBatch) -> ImportPreview:
    """The dry run of a pending batch against the directory as it is now."""
    return preview_import(content=bytes(batch.content), filename=batch.filename)


def _finish(batch: ImportBatch, status: str, report: dict | None = None) -> None:
    """Close a locked batch; its uploaded copy is no longer needed either way."""
    batch.status = status
    batch.report = report or {}
    batch.finished_at = timezone.now()
    batch.content = b""
    batch.save(update_fields=["status", "report", "finished_at", "content"])


def _lock(actor: User, batch: ImportBatch, *states: str) -> ImportBatch:
    """The batch row, locked for this transaction; refused unless it is in one of `states`."""
    if not permissions.can_import(actor):
        raise PermissionDenied(_("Only the secretariat can import organisations."))
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status not in states:
        raise ValidationError(
            _("This import is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def commit_batch(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Queue a pending batch for the worker, once; a second commit (even a concurrent one) is
    refused. The batch's status and progress say how it goes."""
    return _queue(actor, batch, ImportStatus.PENDING)


def retry_batch(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Queue a failed or rolled-back commit again, from the start."""
    return _queue(actor, batch, ImportStatus.FAILED, ImportStatus.ROLLED_BACK)


def _queue(actor: User, batch: ImportBatch, *states: str) -> ImportBatch:
    with transaction.atomic():
        locked = _lock(actor, batch, *states)
        if not locked.content:
            raise ValidationError(_("The file of this import is no longer kept; upload it again."))
        locked.status = ImportStatus.QUEUED
        locked.committed_by = actor
        locked.attempt += 1
        locked.heartbeat_at = timezone.now()
        locked.rows_done = 0
        locked.report = {}
        locked.finished_at = None
        locked.save(
            update_fields=[
                "status",
                "committed_by",
                "attempt",
                "heartbeat_at",
                "rows_done",
                "report",
                "finished_at",
            ]
        )
        staging.queue(locked)
    batch.refresh_from_db()
    return batch


def discard_batch(*, actor: User, batch: ImportBatch) -> None:
    """Drop a pending batch and its file content."""
    with transaction.atomic():
        _finish(_lock(actor, batch, ImportStatus.PENDING), ImportStatus.DISCARDED)
    batch.refresh_from_db()
