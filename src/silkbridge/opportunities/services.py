"""Writes to opportunities. Every function checks permission first and records its actor.

Status changes are conditional UPDATEs (`filter(pk=…, status__in=…).update(…)`): of two people
acting at once (a double click, two reviewers), exactly one wins and the other gets a clear error.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.core.uploads import validate_attachment
from silkbridge.directory.models import LANGUAGE_CHOICES, Organisation, OrganisationKind, Term
from silkbridge.directory.services import acting_as
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.notifications.services import notify, people_of, secretariat
from silkbridge.opportunities import permissions
from silkbridge.opportunities.models import (
    SUMMARY_MAX_LENGTH,
    Opportunity,
    OpportunityAttachment,
    PartnershipType,
    Status,
)
from silkbridge.opportunities.search import TAG_FIELDS, search_text_of
from silkbridge.opportunities.signals import status_changed

MAX_ATTACHMENTS = 5
FIELDS = (
    "type",
    "direction",
    "title",
    "summary",
    "description",
    "target_country",
    "partner_kinds",
    "stage",
    "partnership_types",
    "languages",
    "deadline",
    "expires_on",
    "is_anonymous",
)
_LIST_CHOICES = {
    "partner_kinds": OrganisationKind,
    "partnership_types": PartnershipType,
}


# -- search text ------------------------------------------------------------------------------


def _tags(opportunity: Opportunity, data: dict | None = None) -> dict[str, list[Term]]:
    """Tags as they will stand: those given in `data`, else those stored."""
    data = data or {}
    return {
        field: list(data[field])
        if field in data
        else (list(getattr(opportunity, field).all()) if opportunity.pk else [])
        for field in TAG_FIELDS
    }


def refresh_search_text(opportunity: Opportunity) -> None:
    """Recompute the searchable text from what is stored (e.g. after a term was relabelled)."""
    opportunity.search_text = search_text_of(opportunity, _tags(opportunity))
    Opportunity.objects.filter(pk=opportunity.pk).update(search_text=opportunity.search_text)


# -- helpers ----------------------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _audit(opportunity: Opportunity, changes: dict[str, list]) -> None:
    """Record a change written with `update()`, which neither the audit log's signals nor other
    apps' `post_save` receivers see; a status change is announced on `status_changed`."""
    LogEntry.objects.log_create(
        opportunity,
        action=LogEntry.Action.UPDATE,
        changes={key: [str(old), str(new)] for key, (old, new) in changes.items()},
        force_log=True,
    )
    if "status" in changes:
        old, new = changes["status"]
        status_changed.send(Opportunity, opportunity=opportunity, old=old, new=new)


def _owner_params(opportunity: Opportunity) -> dict:
    return {"title": opportunity.title, "organisation": opportunity.organisation.name}


def default_target_country(organisation: Organisation) -> str:
    """The other platform country than the organisation's own."""
    countries = [code.upper() for code in settings.SILKBRIDGE_COUNTRIES]
    others = [code for code in countries if code != str(organisation.country).upper()]
    return (others or countries)[0]


def default_expiry(today: datetime.date | None = None) -> datetime.date:
    return (today or _today()) + datetime.timedelta(
        days=settings.SILKBRIDGE_OPPORTUNITY_DEFAULT_DAYS
    )


def latest_expiry(today: datetime.date | None = None) -> datetime.date:
    return (today or _today()) + datetime.timedelta(days=settings.SILKBRIDGE_OPPORTUNITY_MAX_DAYS)


def _check_expiry(expires_on: datetime.date | None) -> None:
    if expires_on is None:
        raise ValidationError({"expires_on": _("Choose an expiry date.")}, code="required")
    today = _today()
    if expires_on <= today:
        raise ValidationError(
            {"expires_on": _("The expiry date must be in the future.")}, code="expiry_past"
        )
    if expires_on > latest_expiry(today):
        raise ValidationError(
            {
                "expires_on": _(
                    "The expiry date can be at most %(days)s days ahead (%(date)s at the latest)."
                )
                % {
                    "days": settings.SILKBRIDGE_OPPORTUNITY_MAX_DAYS,
                    "date": latest_expiry(today).isoformat(),
                }
            },
            code="expiry_too_far",
        )


def _check_fields(opportunity: Opportunity, before: dict | None) -> None:
    """Checks the model cannot make: dates against today, list values, the two countries."""
    errors: dict[str, list[str]] = {}
    if before is None or before.get("expires_on") != opportunity.expires_on:
        try:
            _check_expiry(opportunity.expires_on)
        except ValidationError as error:
            errors.update(error.message_dict)
    deadline = opportunity.deadline
    if deadline is not None:
        if (before is None or before.get("deadline") != deadline) and deadline < _today():
            errors.setdefault("deadline", []).append(_("The deadline cannot be in the past."))
        elif opportunity.expires_on and deadline > opportunity.expires_on:
            errors.setdefault("deadline", []).append(
                _("The deadline must be on or before the expiry date.")
            )
    if len(opportunity.summary or "") > SUMMARY_MAX_LENGTH:
        errors.setdefault("summary", []).append(
            _("The summary can be at most %(n)s characters.") % {"n": SUMMARY_MAX_LENGTH}
        )
    platform = [code.upper() for code in settings.SILKBRIDGE_COUNTRIES]
    if str(opportunity.target_country).upper() not in platform:
        errors.setdefault("target_country", []).append(_("Choose one of the platform's countries."))
    for field, choices in _LIST_CHOICES.items():
        values = getattr(opportunity, field) or []
        if not isinstance(values, list) or any(v not in choices.values for v in values):
            errors.setdefault(field, []).append(_("Choose values from the list."))
    languages = {code for code, _label in LANGUAGE_CHOICES}
    if not isinstance(opportunity.languages, list) or any(
        v not in languages for v in opportunity.languages
    ):
        errors.setdefault("languages", []).append(_("Choose languages from the list."))
    if errors:
        raise ValidationError(errors)


def _apply(opportunity: Opportunity, data: dict) -> None:
    for field in FIELDS:
        if field in data:
            value = data[field]
            if field in ("partner_kinds", "partnership_types", "languages"):
                value = list(dict.fromkeys(value or []))
            setattr(opportunity, field, value)
    if isinstance(opportunity.target_country, str):
        opportunity.target_country = opportunity.target_country.upper()


def _validate_and_save(opportunity: Opportunity, data: dict, before: dict | None) -> Opportunity:
    errors: dict[str, list[str]] = {}
    try:
        _check_fields(opportunity, before)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        opportunity.full_clean(exclude=["search_text", *errors], validate_constraints=False)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    tags = _tags(opportunity, data)
    new = opportunity.pk is None
    opportunity.search_text = search_text_of(opportunity, tags)
    opportunity.save()
    for field in TAG_FIELDS:
        if field in data:
            if new:
                if tags[field]:
                    getattr(opportunity, field).add(*tags[field])
            else:
                getattr(opportunity, field).set(tags[field])
    return opportunity


def _refuse(opportunity: Opportunity, message: str) -> ValidationError:
    """The clearest error for a transition that did not apply, by the status now stored."""
    current = Opportunity.objects.filter(pk=opportunity.pk).values_list("status", flat=True).first()
    if current is not None:
        opportunity.status = current
    specific = {
        Status.EXPIRED: _("This opportunity has expired."),
        Status.CLOSED: _("This opportunity is closed."),
        Status.REJECTED: _("This opportunity was rejected."),
    }
    text = specific.get(current, message) if current is not None else message
    return ValidationError(text, code="invalid_status")


def _transition(
    opportunity: Opportunity, *, allowed: Iterable[str], message: str, to: str, **changes
) -> Opportunity:
    """Move from one of `allowed` statuses to `to` with one conditional UPDATE."""
    old = opportunity.status
    updated = Opportunity.objects.filter(pk=opportunity.pk, status__in=list(allowed)).update(
        status=to, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise _refuse(opportunity, message)
    opportunity.refresh_from_db()
    _audit(opportunity, {"status": [old, to]})
    return opportunity


# -- creating and editing ---------------------------------------------------------------------


def organisations_for_posting(user: User) -> list[Organisation]:
    """The organisations the user can post for: every one they belong to."""
    ids = member_organisation_ids(user)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))


def create_opportunity(
    *, actor: User, data: dict, organisation: Organisation | None = None
) -> Opportunity:
    """A new draft for one of the actor's organisations (which one, if they have several)."""
    if not permissions.can_create(actor):
        raise PermissionDenied(_("Only members of an organisation can post opportunities."))
    mine = member_organisation_ids(actor)
    if organisation is None:
        if len(mine) != 1:
            raise ValidationError(
                {"organisation": _("Choose which of your organisations is posting.")},
                code="required",
            )
        organisation = Organisation.objects.get(pk=next(iter(mine)))
    elif organisation.pk not in mine:
        raise PermissionDenied(_("You can only post for an organisation you belong to."))
    data = dict(data)
    data.setdefault("target_country", default_target_country(organisation))
    if not data.get("expires_on"):
        data["expires_on"] = default_expiry()
    with transaction.atomic(), acting_as(actor):
        opportunity = Opportunity(organisation=organisation, created_by=actor, status=Status.DRAFT)
        _apply(opportunity, data)
        _validate_and_save(opportunity, data, before=None)
    return opportunity


def update_opportunity(*, actor: User, opportunity: Opportunity, data: dict) -> Opportunity:
    """Edit a draft or one sent back for changes (the secretariat may edit any)."""
    with transaction.atomic(), acting_as(actor):
        # The stored row, locked: a review cannot slip in between the check and the save.
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        _check_editable(actor, locked)
        before = {"expires_on": locked.expires_on, "deadline": locked.deadline}
        _apply(locked, data)
        _validate_and_save(locked, data, before=before)
    return locked


def _check_editable(actor: User, opportunity: Opportunity) -> None:
    if permissions.can_edit(actor, opportunity):
        return
    if permissions.is_owner_member(actor, opportunity):
        raise ValidationError(
            _("This opportunity can no longer be edited: it is “%(status)s”.")
            % {"status": opportunity.get_status_display()},
            code="not_editable",
        )
    raise PermissionDenied(_("You cannot edit this opportunity."))


def add_attachments(
    *, actor: User, opportunity: Opportunity, uploads: list[UploadedFile]
) -> list[OpportunityAttachment]:
    """Attach files (PDF or images, size-checked by content); all of them or none."""
    with transaction.atomic(), acting_as(actor):
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        _check_editable(actor, locked)
        errors = []
        types = []
        for upload in uploads:
            try:
                types.append(validate_attachment(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        if locked.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("An opportunity can have at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS},
                code="too_many_files",
            )
        saved: list[OpportunityAttachment] = []
        try:
            for upload, content_type in zip(uploads, types, strict=True):
                attachment = OpportunityAttachment(
                    opportunity=locked,
                    original_name=os.path.basename(upload.name or "file")[:255],
                    content_type=content_type,
                    size=upload.size,
                    uploaded_by=actor,
                )
                attachment.file.save(upload.name or "file", upload, save=False)
                attachment.save()
                saved.append(attachment)
        except Exception:
            for attachment in saved:
                attachment.file.delete(save=False)
            raise
    return saved


def add_attachment(
    *, actor: User, opportunity: Opportunity, upload: UploadedFile
) -> OpportunityAttachment:
    return add_attachments(actor=actor, opportunity=opportunity, uploads=[upload])[0]


def remove_attachment(*, actor: User, attachment: OpportunityAttachment) -> None:
    with transaction.atomic(), acting_as(actor):
        locked = Opportunity.objects.select_for_update().get(pk=attachment.opportunity_id)
        _check_editable(actor, locked)
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


# -- lifecycle --------------------------------------------------------------------------------


def submit_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Send a draft (or a corrected one) to the secretariat for review."""
    if not permissions.is_owner_member(actor, opportunity):
        raise PermissionDenied(_("Only the organisation that posted it can submit it."))
    if opportunity.expires_on <= _today():
        raise ValidationError(
            {"expires_on": _("This opportunity has expired; choose a later expiry date first.")},
            code="expired",
        )
    with transaction.atomic(), acting_as(actor):
        _transition(
            opportunity,
            allowed=permissions.SUBMITTABLE,
            message=_("Only drafts and opportunities sent back for changes can be submitted."),
            to=Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        notify(
            secretariat(),
            "opportunity_submitted",
            url=opportunity.get_absolute_url(),
            params=_owner_params(opportunity),
            exclude=actor,
        )
    return opportunity


def _check_reviewer(actor: User) -> None:
    if not permissions.can_review(actor):
        raise PermissionDenied(_("Only the secretariat reviews opportunities."))


def approve_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Publish it; saved searches that match are told once the publication has committed."""
    _check_reviewer(actor)
    if opportunity.expires_on < _today():
        raise ValidationError(
            _("This opportunity has expired; ask for a later expiry date instead."),
            code="expired",
        )
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        _transition(
            opportunity,
            allowed=[Status.SUBMITTED],
            message=_("Only submitted opportunities can be reviewed."),
            to=Status.PUBLISHED,
            published_at=now,
            reviewed_at=now,
            reviewed_by=actor,
            review_comment="",
            expiry_reminder_sent_at=None,
        )
        notify(
            people_of(opportunity.organisation_id),
            "opportunity_approved",
            url=opportunity.get_absolute_url(),
            params=_owner_params(opportunity),
            exclude=actor,
        )
        from silkbridge.opportunities.tasks import match_saved_searches

        pk = opportunity.pk
        transaction.on_commit(lambda: match_saved_searches(pk))
    return opportunity


def _send_back(
    *, actor: User, opportunity: Opportunity, comment: str, to: str, kind: str, field: str
) -> Opportunity:
    _check_reviewer(actor)
    comment = (comment or "").strip()
    if not comment:
        message = (
            _("Say what should change.") if to == Status.CHANGES_REQUESTED else _("Give a reason.")
        )
        raise ValidationError({field: message}, code="required")
    with transaction.atomic(), acting_as(actor):
        _transition(
            opportunity,
            allowed=[Status.SUBMITTED],
            message=_("Only submitted opportunities can be reviewed."),
            to=to,
            reviewed_at=timezone.now(),
            reviewed_by=actor,
            review_comment=comment,
        )
        notify(
            people_of(opportunity.organisation_id),
            kind,
            url=opportunity.get_absolute_url(),
            params={**_owner_params(opportunity), "comment": comment},
            exclude=actor,
        )
    return opportunity


def request_changes(*, actor: User, opportunity: Opportunity, comment: str) -> Opportunity:
    """Send it back to its owner with a comment saying what to change."""
    return _send_back(
        actor=actor,
        opportunity=opportunity,
        comment=comment,
        to=Status.CHANGES_REQUESTED,
        kind="opportunity_changes_requested",
        field="comment",
    )


def reject_opportunity(*, actor: User, opportunity: Opportunity, reason: str) -> Opportunity:
    """Refuse publication for good, with a reason the owner sees."""
    return _send_back(
        actor=actor,
        opportunity=opportunity,
        comment=reason,
        to=Status.REJECTED,
        kind="opportunity_rejected",
        field="reason",
    )


def close_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """The owner (or the secretariat) takes a published opportunity down."""
    if not (permissions.is_secretariat(actor) or permissions.is_owner_member(actor, opportunity)):
        raise PermissionDenied(_("Only the organisation that posted it can close it."))
    with transaction.atomic(), acting_as(actor):
        return _transition(
            opportunity,
            allowed=[Status.PUBLISHED],
            message=_("Only published opportunities can be closed."),
            to=Status.CLOSED,
            closed_at=timezone.now(),
        )


def renew_opportunity(
    *, actor: User, opportunity: Opportunity, expires_on: datetime.date | None = None
) -> Opportunity:
    """Keep a published or expired opportunity open until a new date (default: the usual
    period from today). The reminder is sent again before the new date; a deadline that
    has passed is dropped, as it would leave the renewed post closed to responses."""
    if not (permissions.is_secretariat(actor) or permissions.is_owner_member(actor, opportunity)):
        raise PermissionDenied(_("Only the organisation that posted it can renew it."))
    expires_on = expires_on or default_expiry()
    _check_expiry(expires_on)
    deadline = opportunity.deadline
    if deadline is not None and deadline < _today():
        deadline = None
    if deadline is not None and deadline > expires_on:
        raise ValidationError(
            {
                "expires_on": _("The expiry date cannot be before the deadline (%(date)s).")
                % {"date": deadline.isoformat()}
            },
            code="expiry_before_deadline",
        )
    with transaction.atomic(), acting_as(actor):
        old_expiry = opportunity.expires_on
        _transition(
            opportunity,
            allowed=permissions.RENEWABLE,
            message=_("Only published or expired opportunities can be renewed."),
            to=Status.PUBLISHED,
            expires_on=expires_on,
            deadline=deadline,
            expiry_reminder_sent_at=None,
        )
        _audit(opportunity, {"expires_on": [old_expiry, expires_on]})
    return opportunity


def expire_due(now: datetime.datetime | None = None) -> int:
    """Expire published opportunities whose expiry date has passed; tell their owners.
    Idempotent: each is expired (and its owner told) once. Returns how many expired."""
    today = timezone.localdate(now or timezone.now())
    count = 0
    due = Opportunity.objects.filter(status=Status.PUBLISHED, expires_on__lt=today)
    for opportunity in due.select_related("organisation").iterator():
        with transaction.atomic():
            updated = Opportunity.objects.filter(
                pk=opportunity.pk, status=Status.PUBLISHED, expires_on__lt=today
            ).update(status=Status.EXPIRED, updated_at=timezone.now())
            if not updated:
                continue
            _audit(opportunity, {"status": [Status.PUBLISHED, Status.EXPIRED]})
            notify(
                people_of(opportunity.organisation_id),
                "opportunity_expired",
                url=opportunity.get_absolute_url(),
                params=_owner_params(opportunity),
            )
            count += 1
    return count


def remind_expiring(now: datetime.datetime | None = None) -> int:
    """Remind owners once that a published opportunity expires within the reminder period.
    Returns how many were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=settings.SILKBRIDGE_OPPORTUNITY_REMINDER_DAYS)
    count = 0
    due = Opportunity.objects.filter(
        status=Status.PUBLISHED,
        expires_on__gte=today,
        expires_on__lte=horizon,
        expiry_reminder_sent_at__isnull=True,
    )
    for opportunity in due.select_related("organisation").iterator():
        with transaction.atomic():
            updated = Opportunity.objects.filter(
                pk=opportunity.pk, status=Status.PUBLISHED, expiry_reminder_sent_at__isnull=True
            ).update(expiry_reminder_sent_at=now)
            if not updated:
                continue
            notify(
                people_of(opportunity.organisation_id),
                "opportunity_expiring",
                url=opportunity.get_absolute_url(),
                params={**_owner_params(opportunity), "date": opportunity.expires_on.isoformat()},
            )
            count += 1
    return count
