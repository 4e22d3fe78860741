"""What the exchanges achieved, computed from the mobilities (never typed), for the outcomes
dashboard, the quarterly report and the API. Aggregates only: no person can be told apart in
them, and no applicant's name is ever read here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from silkbridge.talent.agreements.isced import isced_label
from silkbridge.talent.agreements.models import Agreement, AgreementStatus, MobilityType
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


def completed_mobilities_of_venture(venture_id: int) -> int:
    """Mobilities completed, at any date, under the agreements linked to one venture."""
    agreements = VentureLink.objects.filter(venture_id=venture_id).values("agreement_id")
    return (
        completed_mobilities()
        .filter(nomination__place__condition__agreement_id__in=agreements)
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


@dataclass(frozen=True)
class Breakdown:
    """One table of people exchanged: a title and (label, people) rows in the reader's language."""

    key: str
    title: str
    rows: list[tuple[str, int]]


def mobility_type_label(code: str) -> str:
    if code == INTERNSHIP_MOBILITY:
        return _("Internship")
    return str(dict(MobilityType.choices).get(code, code))


def breakdowns(figures: dict[str, Any]) -> list[Breakdown]:
    """The breakdowns of `talent_outcomes()` labelled for people (country names, mobility
    types, ISCED-F fields, EQF levels), for the dashboard and the report alike."""
    names = dict(countries)

    def country(code: str) -> str:
        return str(names.get(code, code))

    return [
        Breakdown(
            "direction",
            _("People exchanged by direction"),
            [
                (
                    f"{country(r['sending_country'])} → {country(r['receiving_country'])}",
                    r["people"],
                )
                for r in figures["by_direction"]
            ],
        ),
        Breakdown(
            "type",
            _("People exchanged by mobility type"),
            [(mobility_type_label(r["mobility_type"]), r["people"]) for r in figures["by_type"]],
        ),
        Breakdown(
            "subject_area",
            _("People exchanged by subject area"),
            [(isced_label(r["subject_area"]), r["people"]) for r in figures["by_subject_area"]],
        ),
        Breakdown(
            "level",
            _("People exchanged by study level"),
            [
                (f"EQF {r['study_level']}" if r["study_level"] else "—", r["people"])
                for r in figures["by_level"]
            ],
        ),
    ]
