"""Applications: a confirmed student applies to a call of their home institution before its
deadline, with a motivation, PDF documents and up to five places ranked best first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.core.uploads import PDF_TYPE, validate_attachment
from silkbridge.engines.allocation import MAX_CHOICES
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.errors import FieldErrors, field_error
from silkbridge.talent.exchanges.models import (
    MOTIVATION_MAX_LENGTH,
    ApplicantProfile,
    Application,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationStatus,
    Call,
    CallStatus,
    DocumentKind,
)


def _check_pdf(errors: FieldErrors, field: str, upload: UploadedFile) -> None:
    try:
        content_type = validate_attachment(upload)
    except ValidationError as error:
        for message in error.messages:
            errors.add(field, message, error.code or "invalid")
        return
    if content_type != PDF_TYPE:
        errors.add(field, _("“%(name)s” is not a PDF.") % {"name": upload.name}, "file_type")


def clean_choices(errors: FieldErrors, call: Call, choices: Sequence[Any]) -> list[int]:
    """Place ids of the call, best first: one to five, none twice."""
    offered = set(call.places.values_list("pk", flat=True))
    ids: list[int] = []
    for value in choices:
        try:
            place_id = int(getattr(value, "pk", value))
        except (TypeError, ValueError):
            place_id = None
        if place_id not in offered:
            errors.add("choices", _("Choose places this call offers."), "unknown_place")
            return ids
        if place_id in ids:
            errors.add("choices", _("A place may be chosen only once."), "duplicate_place")
            return ids
        ids.append(place_id)
    if not ids:
        errors.add("choices", _("Choose at least one place."), "required")
    elif len(ids) > MAX_CHOICES:
        errors.add(
            "choices",
            _("Choose at most %(limit)d places.") % {"limit": MAX_CHOICES},
            "too_many",
        )
    return ids


def submit_application(
    *,
    actor: User,
    call: Call,
    profile: ApplicantProfile | None,
    motivation: str,
    choices: Sequence[Any],
    documents: Mapping[str, UploadedFile | None],
    now=None,
) -> Application:
    """Apply to a call; everything is checked first, and nothing is written on any error."""
    now = now or timezone.now()
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to apply."))
    errors = FieldErrors()
    if call.status != CallStatus.OPEN or call.is_closed(now):
        errors.add("call", _("The deadline of this call has passed."), "closed")
    if profile is None or profile.user_id != actor.pk:
        errors.add("profile", _("Choose your applicant profile."), "required")
    elif profile.home_institution_id != call.home_institution_id:
        errors.add(
            "profile",
            _("This call is for students of %(institution)s.")
            % {"institution": call.home_institution.name},
            "other_institution",
        )
    elif not profile.confirmed:
        errors.add(
            "profile",
            _("Your home institution has not confirmed you as its student yet."),
            "unconfirmed",
        )
    elif Application.objects.filter(call=call, applicant=profile).exists():
        errors.add("profile", _("You have already applied to this call."), "duplicate")
    motivation = (motivation or "").strip()
    if not motivation:
        errors.add("motivation", _("This field is required."), "required")
    elif len(motivation) > MOTIVATION_MAX_LENGTH:
        errors.add(
            "motivation",
            _("Please keep it under %(limit)d characters.") % {"limit": MOTIVATION_MAX_LENGTH},
            "long",
        )
    place_ids = clean_choices(errors, call, choices)
    required = {
        DocumentKind.CV: call.requires_cv,
        DocumentKind.TRANSCRIPT: call.requires_transcript,
    }
    uploads = {}
    for kind, needed in required.items():
        upload = documents.get(kind)
        if upload is None:
            if needed:
                errors.add(kind, _("Attach this document as a PDF."), "required")
            continue
        _check_pdf(errors, kind, upload)
        uploads[kind] = upload
    errors.raise_any()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, applicant=profile, motivation=motivation, submitted_at=now
            )
            ApplicationChoice.objects.bulk_create(
                ApplicationChoice(application=application, place_id=place_id, position=n)
                for n, place_id in enumerate(place_ids, start=1)
            )
            for kind, upload in uploads.items():
                ApplicationDocument.objects.create(
                    application=application,
                    kind=kind,
                    file=upload,
                    original_name=upload.name[:255],
                    content_type=PDF_TYPE,
                    size=upload.size,
                )
    except IntegrityError:
        # Two submissions at once: the unique constraint let one through.
        raise field_error(
            "profile", _("You have already applied to this call."), "duplicate"
        ) from None
    return application


def withdraw_application(*, actor: User, application: Application) -> Application:
    """The applicant withdraws while the places are not yet allocated."""
    if not permissions.is_applicant(actor, application):
        raise PermissionDenied(_("Only the applicant can withdraw an application."))
    changed = Application.objects.filter(
        pk=application.pk, status=ApplicationStatus.SUBMITTED, call__status=CallStatus.OPEN
    ).update(status=ApplicationStatus.WITHDRAWN, decided_at=timezone.now(), home_rank=None)
    if not changed:
        raise field_error(
            "status", _("Only an application awaiting allocation can be withdrawn."), "conflict"
        )
    application.refresh_from_db()
    return application


def open_document(*, actor: User, document: ApplicationDocument) -> ApplicationDocument:
    """A document for reading, after the permission check; every read is in the audit log."""
    if not permissions.can_view_application(actor, document.application):
        raise PermissionDenied(_("Only the applicant and their coordinators can read this."))
    LogEntry.objects.log_create(
        document,
        action=LogEntry.Action.ACCESS,
        changes={"read_by": [None, str(actor.pk)]},
        actor=actor,
        force_log=True,
    )
    return document
