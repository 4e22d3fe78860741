"""Erasing applicants' personal data a while after it stopped being needed (housekeeping).

SILKBRIDGE_TALENT_RETENTION_DAYS after an application was refused, withdrawn or left without a
place, or after its mobility ended, its documents' files are deleted, and its motivation, ranks,
choices and the link to the person are cleared. The mobility keeps only what the outcomes count
(countries, type, subject area, level, dates). Idempotent: anonymised rows are skipped.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from silkbridge.talent.exchanges.models import (
    FINAL_REFUSALS,
    Application,
    ApplicationChoice,
    ApplicationDocument,
    MobilityStatus,
)

logger = logging.getLogger(__name__)
BATCH = 500


def due_for_erasure(now: datetime):
    """Applications whose personal data has been kept long enough."""
    cutoff = now - timedelta(days=settings.SILKBRIDGE_TALENT_RETENTION_DAYS)
    ended = (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED)
    return Application.objects.filter(anonymised_at__isnull=True).filter(
        Q(status__in=FINAL_REFUSALS, decided_at__lt=cutoff)
        | Q(
            nomination__mobility__status__in=ended,
            nomination__mobility__ended_on__lt=cutoff.date(),
        )
    )


def erase_personal_data(now: datetime | None = None) -> int:
    """Delete the files and anonymise the rows of every application due; returns how many."""
    now = now or timezone.now()
    done = 0
    while True:
        ids = list(due_for_erasure(now).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        documents = list(ApplicationDocument.objects.filter(application_id__in=ids))
        with transaction.atomic():
            ApplicationDocument.objects.filter(application_id__in=ids).delete()
            ApplicationChoice.objects.filter(application_id__in=ids).delete()
            Application.objects.filter(pk__in=ids).update(
                applicant=None,
                motivation="",
                home_rank=None,
                refusals=[],
                anonymised_at=now,
            )
        # Files go after the rows are gone: a crash in between leaves a file without a row,
        # never a row that points at nothing.
        for document in documents:
            try:
                document.file.delete(save=False)
            except OSError:
                logger.warning("Could not delete the file of document %s", document.pk)
        done += len(ids)
