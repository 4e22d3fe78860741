"""Reading ventures, always through what the user may see."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from silkbridge.core import csvsafe
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.ventures import permissions
from silkbridge.ventures.models import ACADEMIC_KINDS, StageChange, Venture, VentureParty

PAGE_SIZE = 25


@dataclass(frozen=True)
class Filters:
    stage: str = ""
    kind: str = ""
    country: str = ""
    sector: int | None = None
    group: int | None = None
    academic: bool = False
    mine: bool = False


def visible_ventures(user: AnyUser) -> QuerySet[Venture]:
    """Non-confidential ventures for everyone signed in; confidential ones for their parties'
    people and the secretariat; nothing for anonymous visitors."""
    if not user.is_authenticated:
        return Venture.objects.none()
    if is_secretariat(user):
        return Venture.objects.all()
    mine = member_organisation_ids(user)
    if not mine:
        return Venture.objects.filter(confidential=False)
    ours = VentureParty.objects.filter(venture=OuterRef("pk"), organisation_id__in=mine)
    return Venture.objects.filter(Q(confidential=False) | Exists(ours))


def with_list_relations(qs: QuerySet[Venture]) -> QuerySet[Venture]:
    return qs.select_related("working_group").prefetch_related(
        Prefetch(
            "parties",
            queryset=VentureParty.objects.select_related("organisation").order_by("role", "id"),
        ),
        "sectors",
    )


def filter_ventures(qs: QuerySet[Venture], filters: Filters, user: AnyUser) -> QuerySet[Venture]:
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.academic:
        qs = qs.filter(kind__in=list(ACADEMIC_KINDS))
    if filters.country:
        qs = qs.filter(
            Exists(
                VentureParty.objects.filter(
                    venture=OuterRef("pk"), organisation__country=filters.country
                )
            )
        )
    if filters.sector:
        qs = qs.filter(
            Exists(
                Venture.sectors.through.objects.filter(
                    venture_id=OuterRef("pk"), term_id=filters.sector
                )
            )
        )
    if filters.group:
        qs = qs.filter(working_group_id=filters.group)
    if filters.mine:
        qs = qs.filter(
            Exists(
                VentureParty.objects.filter(
                    venture=OuterRef("pk"), organisation_id__in=member_organisation_ids(user)
                )
            )
        )
    return qs


def ventures_for(user: AnyUser, filters: Filters | None = None) -> QuerySet[Venture]:
    qs = visible_ventures(user)
    if filters is not None:
        qs = filter_ventures(qs, filters, user)
    return with_list_relations(qs.order_by("-stage_changed_at", "-id"))


def get_venture(user: AnyUser, pk: int) -> Venture:
    """One venture the user may see (a missing one and a hidden one are the same 404)."""
    venture = (
        with_list_relations(Venture.objects.all())
        .select_related("created_by", "reviewed_by", "origin_introduction", "origin_content_type")
        .filter(pk=pk)
        .first()
    )
    if venture is None or not permissions.can_view_venture(user, venture):
        raise Http404
    return venture


def people_exchanged(venture: Venture) -> tuple[int, bool]:
    """The venture's students and staff exchanged, and whether they are its completed
    mobilities: an alliance whose agreements completed one counts those, not its typed figure
    (the outcomes count the same way)."""
    if venture.is_academic_alliance:
        from silkbridge.talent.exchanges.outcomes import completed_mobilities_of_venture

        moved = completed_mobilities_of_venture(venture.pk)
        if moved:
            return moved, True
    return venture.people_exchanged, False


def timeline(venture: Venture) -> list[StageChange]:
    return list(
        StageChange.objects.filter(venture=venture)
        .select_related("author")
        .order_by("changed_on", "id")
    )


def origin_url(venture: Venture) -> str:
    """A link to the venture's origin, if it has a page."""
    target: Any = venture.origin_introduction or venture.origin_object
    if target is None:
        return ""
    getter = getattr(target, "get_absolute_url", None)
    try:
        return getter() if getter else ""
    except Exception:
        return ""


CSV_COLUMNS = [
    "id",
    "title",
    "kind",
    "stage",
    "origin",
    "parties",
    "countries",
    "sectors",
    "working_group",
    "started_on",
    "stage_changed_at",
    "value_amount",
    "value_currency",
    "usd_rate",
    "value_usd",
    "jobs_created",
    "people_exchanged",
    "seats",
    "intake_dates",
    "fields_of_study",
    "confidential",
]


def csv_lines(qs: QuerySet[Venture]) -> Iterator[str]:
    """The list as CSV, streamed a chunk at a time."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for venture in qs.iterator(chunk_size=500):
        parties = list(venture.parties.all())
        writer.writerow(
            [
                venture.pk,
                venture.title,
                venture.get_kind_display(),
                venture.get_stage_display(),
                venture.get_origin_display(),
                "; ".join(p.organisation.name for p in parties),
                "; ".join(sorted({str(p.organisation.country) for p in parties})),
                "; ".join(t.label for t in venture.sectors.all()),
                venture.working_group.name if venture.working_group else "",
                venture.started_on.isoformat(),
                venture.stage_changed_at.isoformat(),
                venture.value_amount,
                venture.value_currency,
                venture.usd_rate,
                venture.value_usd,
                venture.jobs_created,
                venture.people_exchanged,
                venture.seats,
                ", ".join(venture.intake_dates or []),
                venture.fields_of_study,
                "yes" if venture.confidential else "no",
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
