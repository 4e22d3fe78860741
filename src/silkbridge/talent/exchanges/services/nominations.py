"""The receiving side's decision on a nomination: accepted, it becomes a planned mobility with
an empty learning agreement; rejected, the application is refused."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.talent.agreements.models import MobilityType
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.errors import FieldErrors, field_error
from silkbridge.talent.exchanges.models import (
    Application,
    ApplicationStatus,
    LearningAgreement,
    Mobility,
    Nomination,
    NominationStatus,
    PlanKind,
)
from silkbridge.talent.exchanges.services.calls import INTERNSHIP_MOBILITY
from silkbridge.talent.exchanges.services.mobilities import tell_everyone

TRAINEESHIP_TYPES = (INTERNSHIP_MOBILITY, MobilityType.STUDENT_TRAINEESHIP)


def decide_nomination(
    *,
    actor: User,
    nomination: Nomination,
    accept: bool,
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
) -> Nomination:
    """Accept (with the planned dates; an internship's own dates by default) or reject."""
    if not permissions.can_decide_nomination(actor, nomination):
        raise PermissionDenied(_("Only the receiving side's coordinators decide on nominations."))
    place = nomination.place
    internship = place.internship
    if accept:
        if internship is not None:
            planned_start = planned_start or internship.starts_on
            planned_end = planned_end or internship.ends_on
        errors = FieldErrors()
        if planned_start is None:
            errors.add("planned_start", _("Enter the planned start."), "required")
        if planned_end is None:
            errors.add("planned_end", _("Enter the planned end."), "required")
        if planned_start and planned_end and planned_end <= planned_start:
            errors.add("planned_end", _("The mobility must end after it starts."), "order")
        errors.raise_any()
    now = timezone.now()
    status = NominationStatus.ACCEPTED if accept else NominationStatus.REJECTED
    with transaction.atomic():
        changed = Nomination.objects.filter(
            pk=nomination.pk, status=NominationStatus.PENDING
        ).update(status=status, decided_by=actor, decided_at=now)
        if not changed:
            raise field_error("status", _("This nomination has already been decided."), "conflict")
        application = nomination.application
        if accept:
            Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ACCEPTED)
            call = application.call
            mobility = Mobility.objects.create(
                nomination=nomination,
                sending_country=call.home_institution.country,
                receiving_country=place.host.country,
                mobility_type=place.mobility_type,
                subject_area=place.subject_area,
                study_level=place.study_level
                or (application.applicant.study_level if application.applicant else None),
                planned_start=planned_start,
                planned_end=planned_end,
            )
            LearningAgreement.objects.create(
                mobility=mobility,
                plan_kind=PlanKind.TRAINEESHIP
                if place.mobility_type in TRAINEESHIP_TYPES
                else PlanKind.COURSES,
            )
        else:
            Application.objects.filter(pk=application.pk).update(
                status=ApplicationStatus.REFUSED, decided_at=now
            )
        tell_everyone(
            application,
            "talent_nomination_decided",
            exclude=actor,
            url=application.get_absolute_url(),
        )
    nomination.refresh_from_db()
    return nomination
