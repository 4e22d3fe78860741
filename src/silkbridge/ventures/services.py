"""Writes for ventures: recording, updating, review and reminders; stage moves live in
ventures.stages and input checks in ventures.validation, both re-exported here so pages and API
call one module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.notifications.services import notify
from silkbridge.ventures import currency, permissions
from silkbridge.ventures.models import (
    OPEN_STAGES,
    StageChange,
    Venture,
    VentureOrigin,
    VentureParty,
    VentureStage,
    first_dates,
)
from silkbridge.ventures.origins import MANUAL, Origin
from silkbridge.ventures.stages import (
    StageConflict,
    change_stage,
    correct_stage_change,
    party_people,
)
from silkbridge.ventures.validation import (
    FieldErrors,
    clean_details,
    clean_parties,
    field_error,
    parse_intake_dates,
)

STALE_AFTER = timedelta(days=90)


# --- recording and updating --------------------------------------------------------------------


def _apply_value(venture: Venture, details: dict[str, Any]) -> None:
    """Keep the recorded rate unless the amount or currency changed."""
    amount = details["value_amount"]
    code = details["value_currency"]
    if amount is None:
        venture.value_amount = venture.usd_rate = venture.value_usd = None
        venture.value_currency = ""
        return
    if amount == venture.value_amount and code == venture.value_currency and venture.usd_rate:
        return
    rate = details["rate"]
    venture.value_amount = amount
    venture.value_currency = code
    venture.usd_rate = rate.usd_per_unit
    venture.value_usd = currency.to_usd(amount, rate.usd_per_unit)


def _assign(venture: Venture, details: dict[str, Any]) -> None:
    for name in (
        "title",
        "summary",
        "kind",
        "started_on",
        "jobs_created",
        "people_exchanged",
        "confidential",
        "working_group",
        "seats",
        "intake_dates",
        "fields_of_study",
    ):
        setattr(venture, name, details[name])
    _apply_value(venture, details)


def _manages_group(actor: User, group_id: int | None) -> bool:
    """A working group's co-chairs and secretaries record what its decisions started, whoever
    the parties are; a plain member names one of their own organisations, as anywhere else."""
    from silkbridge.workspace import permissions as group_permissions
    from silkbridge.workspace.models import WorkingGroup

    group = WorkingGroup.objects.filter(pk=group_id).first() if group_id else None
    return group is not None and group_permissions.can_manage_group(actor, group)


def create_venture(
    *,
    actor: User,
    data: dict[str, Any],
    parties: Iterable[tuple[Organisation, str]],
    origin: Origin = MANUAL,
    stage: str = VentureStage.INTRODUCED,
) -> Venture:
    """Record a venture with its parties and first stage; the other parties' people are told."""
    if not permissions.can_create_venture(actor):
        raise PermissionDenied(_("Only members of an organisation can record ventures."))
    errors = FieldErrors()
    try:
        details = clean_details(data)
    except ValidationError as error:
        errors.take(error)
        details = {}
    try:
        chosen = clean_parties(parties)
    except ValidationError as error:
        errors.take(error)
        chosen = []
    if stage not in VentureStage.values:
        errors.add("stage", _("Choose a stage from the list."), "invalid")
    errors.raise_any()
    if not permissions.may_record_for(actor, [o.pk for o, _role in chosen]) and not (
        origin.kind == VentureOrigin.WORKING_GROUP_DECISION
        and _manages_group(actor, origin.working_group_id)
    ):
        raise field_error(
            "parties",
            _("One of your organisations must be among the parties."),
            "not_a_party",
        )
    now = timezone.now()
    venture = Venture(
        stage=stage,
        origin=origin.kind,
        origin_introduction=origin.introduction,
        origin_label=origin.label[:255],
        stage_changed_at=now,
        created_by=actor,
    )
    if origin.kind in (VentureOrigin.B2B_MEETING, VentureOrigin.WORKING_GROUP_DECISION):
        venture.origin_object = origin.obj
    _assign(venture, details)
    if venture.working_group is None and origin.working_group_id is not None:
        venture.working_group_id = origin.working_group_id
    # Its one stage change so far, written below.
    first = first_dates([(stage, venture.started_on)])
    venture.first_signed_on, venture.first_contracted_on = first
    with set_actor(actor), transaction.atomic():
        venture.save()
        VentureParty.objects.bulk_create(
            VentureParty(venture=venture, organisation=o, role=role) for o, role in chosen
        )
        if details["sectors"]:
            venture.sectors.set(details["sectors"])
        StageChange.objects.create(
            venture=venture,
            from_stage="",
            to_stage=stage,
            changed_on=venture.started_on,
            author=actor,
        )
        notify(
            party_people(venture),
            "venture_recorded",
            url=venture.get_absolute_url(),
            params={"title": venture.title},
            exclude=actor,
        )
    return venture


def update_venture(
    *,
    actor: User,
    venture: Venture,
    data: dict[str, Any],
    parties: Iterable[tuple[Organisation, str]] | None = None,
) -> Venture:
    """Parties update their venture's details; the secretariat corrects any venture (audited)."""
    if not permissions.can_edit_venture(actor, venture):
        raise PermissionDenied(_("Only the venture's parties and the secretariat can change it."))
    errors = FieldErrors()
    try:
        details = clean_details(data, current=venture)
    except ValidationError as error:
        errors.take(error)
        details = {}
    chosen = None
    if parties is not None:
        try:
            chosen = clean_parties(parties)
        except ValidationError as error:
            errors.take(error)
    errors.raise_any()
    if chosen is not None and not permissions.may_record_for(actor, [o.pk for o, _r in chosen]):
        raise field_error(
            "parties",
            _("Keep one of your organisations among the parties."),
            "not_a_party",
        )
    _assign(venture, details)
    correcting = permissions.is_secretariat(actor) and not permissions.is_party_member(
        actor, venture
    )
    with set_actor(actor), transaction.atomic():
        venture.save(update_fields=venture.details_fields())
        if details["sectors"] is not None:
            venture.sectors.set(details["sectors"])
        if chosen is not None:
            _replace_parties(venture, chosen)
        if correcting:
            notify(
                party_people(venture),
                "venture_corrected",
                url=venture.get_absolute_url(),
                params={"title": venture.title},
                exclude=actor,
            )
    return venture


def _replace_parties(venture: Venture, chosen: list[tuple[Organisation, str]]) -> None:
    keep = {o.pk: role for o, role in chosen}
    existing = {p.organisation_id: p for p in venture.parties.all()}
    for organisation_id, party in existing.items():
        if organisation_id not in keep:
            party.delete()
        elif party.role != keep[organisation_id]:
            party.role = keep[organisation_id]
            party.save(update_fields=["role"])
    for organisation, role in chosen:
        if organisation.pk not in existing:
            VentureParty.objects.create(venture=venture, organisation=organisation, role=role)
    venture.__dict__.get("_prefetched_objects_cache", {}).pop("parties", None)


# --- review and reminders ----------------------------------------------------------------------


def mark_reviewed(*, actor: User, venture: Venture) -> Venture:
    if not permissions.can_review(actor):
        raise PermissionDenied(_("Only the secretariat reviews ventures."))
    now = timezone.now()
    with set_actor(actor):
        Venture.objects.filter(pk=venture.pk).update(reviewed_by=actor, reviewed_at=now)
    venture.reviewed_by = actor
    venture.reviewed_at = now
    return venture


def remind_stale(now: datetime) -> int:
    """Ask the parties of each open venture that has not moved for 90 days for an update, at
    most once per 90 days; returns how many ventures were reminded. Safe to run repeatedly."""
    cutoff = now - STALE_AFTER
    due = Venture.objects.filter(
        Q(last_update_reminder_at__isnull=True) | Q(last_update_reminder_at__lte=cutoff),
        stage__in=list(OPEN_STAGES),
        stage_changed_at__lte=cutoff,
        updated_at__lte=cutoff,
    ).order_by("pk")
    reminded = 0
    for venture in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                Venture.objects.filter(pk=venture.pk)
                .filter(
                    Q(last_update_reminder_at__isnull=True) | Q(last_update_reminder_at__lte=cutoff)
                )
                .update(last_update_reminder_at=now)
            )
            if not claimed:
                continue
            notify(
                party_people(venture),
                "venture_update_due",
                url=venture.get_absolute_url(),
                params={"title": venture.title},
            )
            reminded += 1
    return reminded


__all__ = [
    "StageConflict",
    "change_stage",
    "clean_details",
    "clean_parties",
    "correct_stage_change",
    "create_venture",
    "mark_reviewed",
    "parse_intake_dates",
    "remind_stale",
    "update_venture",
]
