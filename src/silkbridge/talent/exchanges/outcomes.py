"""What the exchanges achieved, computed from the mobilities (never typed), for the outcomes
dashboard and the API. Aggregates only: no person can be told apart in them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from silkbridge.talent.exchanges.models import CallPlace, Mobility, MobilityStatus
from silkbridge.talent.exchanges.services.calls import INTERNSHIP_MOBILITY

# A place counts as used once its nominee's mobility is planned, under way or done.
USED_STATUSES = (MobilityStatus.PLANNED, MobilityStatus.STARTED, MobilityStatus.COMPLETED)


def talent_outcomes() -> dict[str, Any]:
    """Completed mobilities by direction, type, subject area and level; internships completed;
    places offered and used."""
    completed = Mobility.objects.filter(status=MobilityStatus.COMPLETED).order_by()

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
    return {
        "completed_mobilities": completed.count(),
        "by_direction": directions,
        "by_type": by("mobility_type"),
        "by_subject_area": by("subject_area"),
        "by_level": by("study_level"),
        "internships_completed": completed.filter(mobility_type=INTERNSHIP_MOBILITY).count(),
        "places_offered": offered,
        "places_used": used,
    }
