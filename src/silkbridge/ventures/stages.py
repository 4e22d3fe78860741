"""Moving a venture through its stages, and the secretariat's corrections of the history.

A move is a conditional UPDATE on the stage the writer saw, so when two parties move a venture
at once one wins and the other is told; each move leaves a StageChange row with its date, author
and, going back, a reason.
"""

from __future__ import annotations

from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.notifications.services import notify
from silkbridge.ventures import permissions
from silkbridge.ventures.models import (
    OPEN_STAGES,
    REASON_MAX_LENGTH,
    STAGE_PATH,
    StageChange,
    Venture,
    VentureStage,
    first_dates,
)
from silkbridge.ventures.validation import FieldErrors


class StageConflict(ValidationError):
    """Someone else moved the stage between reading and writing."""


def party_people(venture: Venture):
    """Active users of the venture's parties: the people told about its changes."""
    ids = list(venture.parties.values_list("organisation_id", flat=True))
    return User.objects.filter(is_active=True, people__organisation_id__in=ids).distinct()


def refresh_first_dates(venture: Venture) -> None:
    """Recompute the venture's first signature and first contract dates from its stage changes
    (and set them on `venture`). Call inside the transaction that wrote the changes, after the
    venture's row is locked, so that concurrent writers cannot interleave."""
    signed, contracted = first_dates(
        StageChange.objects.filter(venture_id=venture.pk).values_list("to_stage", "changed_on")
    )
    Venture.objects.filter(pk=venture.pk).update(
        first_signed_on=signed, first_contracted_on=contracted
    )
    venture.first_signed_on = signed
    venture.first_contracted_on = contracted


def _path_rank(stage: str) -> int:
    return STAGE_PATH.index(stage)


def stage_before_stall(venture: Venture) -> str | None:
    """The path stage a stalled venture stalled from."""
    last = (
        StageChange.objects.filter(venture=venture, to_stage=VentureStage.STALLED)
        .order_by("-changed_on", "-id")
        .values_list("from_stage", flat=True)
        .first()
    )
    return last if last in STAGE_PATH else None


def is_backwards(venture: Venture, current: str, to_stage: str) -> bool:
    """Whether moving from `current` to `to_stage` goes back: to an earlier stage of the path,
    or out of completed or dropped (reopening)."""
    if current in (VentureStage.COMPLETED, VentureStage.DROPPED):
        return True
    if to_stage not in STAGE_PATH:
        return False
    reference = current if current in STAGE_PATH else stage_before_stall(venture)
    return reference is not None and _path_rank(to_stage) < _path_rank(reference)


def check_stage_change(
    venture: Venture, current: str, to_stage: str, changed_on: date | None, reason: str
) -> None:
    errors = FieldErrors()
    if to_stage not in VentureStage.values:
        errors.add("to_stage", _("Choose a stage from the list."), "invalid")
    elif to_stage == current:
        errors.add("to_stage", _("The venture is already at this stage."), "same_stage")
    elif to_stage in (VentureStage.STALLED, VentureStage.DROPPED) and current not in OPEN_STAGES:
        errors.add(
            "to_stage",
            _("Only an open venture can be marked stalled or dropped."),
            "not_open",
        )
    elif is_backwards(venture, current, to_stage) and not reason:
        errors.add(
            "reason",
            _("Moving a venture back to an earlier stage or reopening it needs a reason."),
            "reason_required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        errors.add(
            "reason",
            _("Please keep it under %(limit)d characters.") % {"limit": REASON_MAX_LENGTH},
            "max_length",
        )
    if changed_on is None:
        errors.add("changed_on", _("This field is required."), "required")
    elif changed_on > timezone.localdate():
        errors.add("changed_on", _("The date cannot be in the future."), "future")
    else:
        previous = (
            StageChange.objects.filter(venture=venture)
            .order_by("-changed_on")
            .values_list("changed_on", flat=True)
            .first()
        )
        if previous is not None and changed_on < previous:
            errors.add(
                "changed_on",
                _("The date cannot be before the previous stage change (%(date)s).")
                % {"date": previous.isoformat()},
                "before_previous",
            )
    errors.raise_any()


def change_stage(
    *,
    actor: User,
    venture: Venture,
    to_stage: str,
    changed_on: date | None,
    reason: str = "",
    expected_stage: str | None = None,
) -> StageChange:
    """Move the venture to `to_stage`, as of `changed_on`, if it is still at `expected_stage`
    (the stage the actor saw; the stored one when not given)."""
    if not permissions.can_change_stage(actor, venture):
        raise PermissionDenied(_("Only the venture's parties and the secretariat can change it."))
    current = expected_stage or venture.stage
    reason = (reason or "").strip()
    check_stage_change(venture, current, to_stage, changed_on, reason)
    now = timezone.now()
    with set_actor(actor), transaction.atomic():
        moved = Venture.objects.filter(pk=venture.pk, stage=current).update(
            stage=to_stage, stage_changed_at=now, updated_at=now
        )
        if not moved:
            stored = Venture.objects.filter(pk=venture.pk).values_list("stage", flat=True).first()
            label = VentureStage(stored).label if stored in VentureStage.values else "—"
            raise StageConflict(
                _(
                    "Someone else changed the stage meanwhile; it is now “%(stage)s”. "
                    "Reload the page and try again."
                )
                % {"stage": label},
                code="conflict",
            )
        change = StageChange.objects.create(
            venture=venture,
            from_stage=current,
            to_stage=to_stage,
            changed_on=changed_on,
            author=actor,
            reason=reason,
        )
        # The conditional UPDATE above holds the venture's row lock.
        refresh_first_dates(venture)
        venture.stage = to_stage
        venture.stage_changed_at = now
        notify(
            party_people(venture),
            "venture_stage_changed",
            url=venture.get_absolute_url(),
            params={"title": venture.title},
            exclude=actor,
        )
    return change


def correct_stage_change(
    *, actor: User, change: StageChange, changed_on: date | None, reason: str
) -> StageChange:
    """The secretariat corrects a recorded change's date or reason; the timeline stays in order
    and a move back keeps a reason. Correcting the first change moves the start date with it."""
    if not permissions.can_review(actor):
        raise PermissionDenied(_("Only the secretariat corrects the stage history."))
    reason = (reason or "").strip()
    errors = FieldErrors()
    siblings = list(
        StageChange.objects.filter(venture_id=change.venture_id).order_by("changed_on", "id")
    )
    index = next(i for i, item in enumerate(siblings) if item.pk == change.pk)
    if changed_on is None:
        errors.add("changed_on", _("This field is required."), "required")
    elif changed_on > timezone.localdate():
        errors.add("changed_on", _("The date cannot be in the future."), "future")
    elif index > 0 and changed_on < siblings[index - 1].changed_on:
        errors.add(
            "changed_on",
            _("The date cannot be before the previous stage change (%(date)s).")
            % {"date": siblings[index - 1].changed_on.isoformat()},
            "before_previous",
        )
    elif index + 1 < len(siblings) and changed_on > siblings[index + 1].changed_on:
        errors.add(
            "changed_on",
            _("The date cannot be after the next stage change (%(date)s).")
            % {"date": siblings[index + 1].changed_on.isoformat()},
            "after_next",
        )
    if change.reason and not reason:
        errors.add(
            "reason",
            _("Moving a venture back to an earlier stage or reopening it needs a reason."),
            "reason_required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        errors.add(
            "reason",
            _("Please keep it under %(limit)d characters.") % {"limit": REASON_MAX_LENGTH},
            "max_length",
        )
    errors.raise_any()
    venture = change.venture
    with set_actor(actor), transaction.atomic():
        # Lock the venture first, as a move does, so the first dates are computed from a
        # history nobody else is changing.
        Venture.objects.select_for_update().filter(pk=venture.pk).values_list("pk").first()
        change.changed_on = changed_on
        change.reason = reason
        change.save(update_fields=["changed_on", "reason"])
        refresh_first_dates(venture)
        if index == 0 and venture.started_on != changed_on:
            venture.started_on = changed_on
            venture.save(update_fields=["started_on", "updated_at"])
        notify(
            party_people(venture),
            "venture_corrected",
            url=venture.get_absolute_url(),
            params={"title": venture.title},
            exclude=actor,
        )
    return change
