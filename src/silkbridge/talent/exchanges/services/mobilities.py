"""Learning agreements and the mobility's moves: planned → started → completed, or cancelled.

The plan (courses or a traineeship plan, each with credits) may change until the mobility ends;
each change bumps its version and clears the approvals, and an approval names the version it
approves, so nobody approves a plan they have not seen. Moves are conditional UPDATEs on the
status the writer saw.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import PersonRole
from silkbridge.notifications.services import notify
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.errors import FieldErrors, field_error
from silkbridge.talent.exchanges.models import (
    MOBILITY_MOVES,
    TITLE_MAX_LENGTH,
    Application,
    LearningAgreement,
    LearningComponent,
    Mobility,
    MobilityStatus,
    PlanKind,
)

MAX_COMPONENTS = 30
MAX_CREDITS = Decimal("999.9")


def people_of(application: Application) -> list[User]:
    """The applicant and both sides' coordinators: who hears of a change."""
    organisation_ids = [application.call.home_institution_id]
    with contextlib.suppress(Application.nomination.RelatedObjectDoesNotExist):
        organisation_ids.append(application.nomination.place.host_id)
    people = list(
        User.objects.filter(
            people__organisation_id__in=organisation_ids, people__role=PersonRole.ADMIN
        ).distinct()
    )
    if application.applicant is not None:
        people.append(application.applicant.user)
    return people


def tell_everyone(application: Application, kind: str, *, exclude: User, url: str) -> None:
    try:
        place = application.nomination.place.label
    except Application.nomination.RelatedObjectDoesNotExist:
        place = application.call.title
    notify(people_of(application), kind, url=url, params={"place": place}, exclude=exclude)


def clean_components(components: Iterable[dict[str, Any]]) -> list[LearningComponent]:
    """Each course or task with a title and credits above zero; at least one."""
    errors = FieldErrors()
    rows = []
    for n, item in enumerate(components, start=1):
        title = str(item.get("title") or "").strip()
        code = str(item.get("code") or "").strip()
        if not title and not code and item.get("credits") in (None, ""):
            continue  # an empty row of the form
        if not title:
            errors.add("components", _("Row %(n)d: name the course or task.") % {"n": n}, "title")
        elif len(title) > TITLE_MAX_LENGTH:
            errors.add("components", _("Row %(n)d: the name is too long.") % {"n": n}, "long")
        try:
            credits = Decimal(str(item.get("credits")))
            if not credits.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            credits = None
        if credits is None or credits <= 0:
            errors.add(
                "components",
                _("Row %(n)d: give the credits (ECTS), more than zero.") % {"n": n},
                "credits",
            )
        elif credits > MAX_CREDITS or credits != credits.quantize(Decimal("0.1")):
            errors.add(
                "components",
                _("Row %(n)d: credits are a number up to 999.9, with one decimal.") % {"n": n},
                "credits",
            )
        rows.append(LearningComponent(title=title, code=code[:40], credits=credits))
    if not rows and not errors:
        errors.add(
            "components", _("List at least one course or task with its credits."), "required"
        )
    if len(rows) > MAX_COMPONENTS:
        errors.add(
            "components", _("List at most %(limit)d rows.") % {"limit": MAX_COMPONENTS}, "many"
        )
    errors.raise_any()
    return rows


def set_learning_plan(
    *,
    actor: User,
    agreement: LearningAgreement,
    plan_kind: str,
    components: Sequence[dict[str, Any]],
) -> LearningAgreement:
    """Replace the plan; every approval is cleared and the version moves on."""
    if not permissions.can_edit_learning_plan(actor, agreement):
        raise PermissionDenied(_("Only the student and both sides' coordinators edit the plan."))
    if agreement.mobility.status in (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED):
        raise field_error("components", _("The mobility has ended."), "ended")
    errors = FieldErrors()
    if plan_kind not in PlanKind.values:
        errors.add("plan_kind", _("Choose courses or a traineeship plan."), "invalid")
    errors.raise_any()
    rows = clean_components(components)
    with transaction.atomic():
        LearningAgreement.objects.select_for_update().get(pk=agreement.pk)
        LearningAgreement.objects.filter(pk=agreement.pk).update(
            plan_kind=plan_kind,
            version=F("version") + 1,
            student_approved_at=None,
            home_approved_at=None,
            home_approved_by=None,
            host_approved_at=None,
            host_approved_by=None,
        )
        agreement.components.all().delete()
        for row in rows:
            row.agreement = agreement
        LearningComponent.objects.bulk_create(rows)
        application = agreement.mobility.nomination.application
        tell_everyone(
            application,
            "talent_learning_agreement_changed",
            exclude=actor,
            url=agreement.mobility.get_absolute_url(),
        )
    agreement.refresh_from_db()
    return agreement


def approve_learning_agreement(
    *, actor: User, agreement: LearningAgreement, version: int
) -> LearningAgreement:
    """Approve the plan of `version` for every side the actor speaks for."""
    sides = permissions.learning_agreement_side(actor, agreement)
    if not sides:
        raise PermissionDenied(_("Only the student and both sides' coordinators approve it."))
    if not agreement.components.exists():
        raise field_error(
            "components", _("List the courses or tasks with credits first."), "required"
        )
    now = timezone.now()
    values: dict[str, Any] = {}
    if "student" in sides:
        values["student_approved_at"] = now
    if "home" in sides:
        values.update(home_approved_at=now, home_approved_by=actor)
    if "host" in sides:
        values.update(host_approved_at=now, host_approved_by=actor)
    changed = LearningAgreement.objects.filter(pk=agreement.pk, version=version).update(**values)
    if not changed:
        raise field_error(
            "version", _("The plan changed since you read it; review it again."), "conflict"
        )
    agreement.refresh_from_db()
    return agreement


def move_mobility(
    *, actor: User, mobility: Mobility, to_status: str, on: datetime.date | None = None
) -> Mobility:
    """Start, complete or cancel a mobility, on a date (today by default)."""
    if to_status not in MobilityStatus.values:
        raise field_error("status", _("Choose a status from the list."), "invalid")
    if not permissions.may_move_mobility(actor, mobility, to_status):
        raise PermissionDenied(_("You cannot move this mobility."))
    on = on or timezone.localdate()
    if to_status not in MOBILITY_MOVES[MobilityStatus(mobility.status)]:
        raise field_error(
            "status",
            _("This mobility cannot move from “%(old)s” to “%(new)s”.")
            % {
                "old": mobility.get_status_display(),
                "new": MobilityStatus(to_status).label,
            },
            "invalid_move",
        )
    values: dict[str, Any] = {"status": to_status, "status_changed_at": timezone.now()}
    if to_status == MobilityStatus.STARTED:
        if not mobility.learning_agreement.approved:
            raise field_error(
                "status",
                _("The learning agreement needs the student's and both sides' approval first."),
                "not_approved",
            )
        values["started_on"] = on
    elif to_status in (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED):
        if mobility.started_on and on < mobility.started_on:
            raise field_error("on", _("It cannot end before it started."), "order")
        values["ended_on"] = on
    with transaction.atomic():
        changed = Mobility.objects.filter(pk=mobility.pk, status=mobility.status).update(**values)
        if not changed:
            raise field_error(
                "status", _("Someone else moved this mobility; reload the page."), "conflict"
            )
        tell_everyone(
            mobility.nomination.application,
            "talent_mobility_moved",
            exclude=actor,
            url=mobility.get_absolute_url(),
        )
    mobility.refresh_from_db()
    return mobility
