"""What the exchanges achieved, computed from the mobilities (never typed), for the outcomes
dashboard, the quarterly report and the API. Aggregates only: no person can be told apart in
them, and no applicant's name is ever read here."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from silkbridge.talent.agreements.models import Agreement, AgreementStatus
from silkbridge.talent.exchanges.models import CallPlace, Mobility, MobilityStatus
from silkbridge.talent.exchanges.services.calls import INTERNSHIP_MOBILITY

# A place counts as used once its nominee's mobility is planned, under way or done.
USED_STATUSES = (MobilityStatus.PLANNED, MobilityStatus.STARTED, MobilityStatus.COMPLETED)
# Academic years start in September: 2026 means 2026/2027.
ACADEMIC_YEAR_FIRST_MONTH = 9

VentureLink = Agreement.ventures.through


def current_academic_year(today: datetime.date | None = None) -> int:
    """The first calendar year of the academic year `today` falls in."""
    today = today or timezone.localdate()
    return today.year if today.month >= ACADEMIC_YEAR_FIRST_MONTH else today.year - 1


def active_agreements(today: datetime.date | None = None) -> int:
    """Approved agreements (not terminated) whose last academic year is not over."""
    return (
        Agreement.objects.order_by()
        .filter(
            status=AgreementStatus.APPROVED, academic_year_end__gte=current_academic_year(today)
        )
        .count()
    )


def completed_mobilities() -> QuerySet:
    return Mobility.objects.filter(status=MobilityStatus.COMPLETED).order_by()


def ventures_with_mobilities() -> Exists:
    """True for a venture (as `OuterRef("pk")`) linked to an agreement under which a mobility
    completed: such a venture's people exchanged are its mobilities, not its typed figure."""
    done = completed_mobilities().filter(
        nomination__place__condition__agreement_id=OuterRef("agreement_id")
    )
    return Exists(VentureLink.objects.filter(venture_id=OuterRef("pk")).filter(Exists(done)))


def mobilities_of_ventures(ventures: QuerySet, start: datetime.date, end: datetime.date) -> int:
    """Completed mobilities that ended between `start` and `end` under an agreement linked to
    one of `ventures`; each counted once, however many of those ventures share its agreement."""
    links = VentureLink.objects.filter(
        agreement_id=OuterRef("nomination__place__condition__agreement_id"),
        venture_id__in=ventures.values("pk"),
    )
    return (
        completed_mobilities()
        .filter(ended_on__gte=start, ended_on__lte=end)
        .filter(Exists(links))
        .count()
    )


def talent_outcomes(today: datetime.date | None = None) -> dict[str, Any]:
    """Completed mobilities by direction, type, subject area and level; internships completed;
    active agreements; places offered and used."""
    completed = completed_mobilities()

    def by(*fields: str) -> list[dict[str, Any]]:
        rows = completed.values(*fields).annotate(people=Count("pk")).order_by(*fields)
        return [dict(row) for row in rows]

    directions = [
        {
            "sending_country": str(row["sending_country"]),
            "receiving_country": str(row["receiving_country"]),
            "people": row["people"],
        }
        for row in by("sending_country", "receiving_country")
    ]
    offered = CallPlace.objects.order_by().aggregate(seats=Sum("capacity"))["seats"] or 0
    used = Mobility.objects.filter(status__in=USED_STATUSES).order_by().count()
    internships = completed.aggregate(n=Count("pk", filter=Q(mobility_type=INTERNSHIP_MOBILITY)))
    return {
        "completed_mobilities": completed.count(),
        "by_direction": directions,
        "by_type": by("mobility_type"),
        "by_subject_area": by("subject_area"),
        "by_level": by("study_level"),
        "internships_completed": internships["n"],
        "active_agreements": active_agreements(today),
        "places_offered": offered,
        "places_used": used,
    }
