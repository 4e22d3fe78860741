"""Database → matching engine inputs.

Everything is read with `values()` queries and grouped in Python, so building inputs for
100,000 organisations costs a handful of queries, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from silkbridge.directory.models import Organisation, Term
from silkbridge.engines.matching import HistoryEdge, Item, Profile
from silkbridge.introductions.models import Introduction, IntroductionStatus
from silkbridge.opportunities.models import Opportunity, Status

CHUNK = 5000
ALIAS_LANGUAGES = ("ru", "kk", "ur")


@dataclass
class Inputs:
    """Everything `MatchIndex.build` takes."""

    profiles: list[Profile] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    history: list[HistoryEdge] = field(default_factory=list)
    taxonomy_labels: dict[str, str] = field(default_factory=dict)
    taxonomy_aliases: dict[str, list[str]] = field(default_factory=dict)


def organisations_qs():
    """Organisations the engine matches: not merged away, in the platform's countries."""
    return Organisation.objects.active().in_platform_countries()


def open_opportunities_qs():
    """Published opportunities still taking responses (the same rule as `Opportunity.is_open`)."""
    today = timezone.localdate()
    return Opportunity.objects.filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today),
        status=Status.PUBLISHED,
        expires_on__gte=today,
        organisation__merged_into__isnull=True,
    )


def _tags(model, owner_field: str, owner_ids: Iterable[int] | None) -> dict[str, dict]:
    """{"sectors": {owner id: [slug, ...]}, ...} for the M2M fields of `model`."""
    out: dict[str, dict] = {}
    for name in ("sectors", "technologies", "services"):
        if not hasattr(model, name):
            continue
        through = getattr(model, name).through
        qs = through.objects.order_by()
        if owner_ids is not None:
            qs = qs.filter(**{f"{owner_field}__in": list(owner_ids)})
        grouped: dict[int, list[str]] = defaultdict(list)
        for owner, slug in qs.values_list(owner_field, "term__slug").iterator(chunk_size=CHUNK):
            grouped[owner].append(slug)
        out[name] = grouped
    return out


def profiles(ids: Iterable[int] | None = None) -> list[Profile]:
    """Profiles of active organisations (all, or only those with the given ids)."""
    qs = organisations_qs().order_by("pk")
    if ids is not None:
        ids = list(ids)
        qs = qs.filter(pk__in=ids)
    rows = qs.values("id", "kind", "country", "size", "languages", "description", "name")
    tags = _tags(Organisation, "organisation_id", ids)
    return [
        Profile(
            id=r["id"],
            country=str(r["country"]),
            kind=r["kind"],
            size=r["size"] or "",
            languages=tuple(r["languages"] or ()),
            sectors=tuple(tags["sectors"].get(r["id"], ())),
            technologies=tuple(tags["technologies"].get(r["id"], ())),
            services=tuple(tags["services"].get(r["id"], ())),
            description=r["description"] or "",
            name=r["name"],
        )
        for r in rows.iterator(chunk_size=CHUNK)
    ]


def items(ids: Iterable[int] | None = None, owner_ids: set[int] | None = None) -> list[Item]:
    """Open published opportunities as engine items; "request" becomes a need."""
    qs = open_opportunities_qs().order_by("pk")
    if ids is not None:
        ids = list(ids)
        qs = qs.filter(pk__in=ids)
    rows = qs.values(
        "id",
        "organisation_id",
        "direction",
        "type",
        "title",
        "summary",
        "description",
        "partner_kinds",
        "target_country",
        "languages",
    )
    tags = _tags(Opportunity, "opportunity_id", ids)
    out = []
    for r in rows.iterator(chunk_size=CHUNK):
        if owner_ids is not None and r["organisation_id"] not in owner_ids:
            continue
        text = "\n".join(t for t in (r["title"], r["summary"], r["description"]) if t)
        out.append(
            Item(
                id=r["id"],
                owner_id=r["organisation_id"],
                direction="offer" if r["direction"] == "offer" else "need",
                text=text,
                sectors=tuple(tags["sectors"].get(r["id"], ())),
                technologies=tuple(tags["technologies"].get(r["id"], ())),
                kind=r["type"],
                partner_kinds=tuple(r["partner_kinds"] or ()),
                target_country=str(r["target_country"] or ""),
                languages=tuple(r["languages"] or ()),
                title=r["title"],
            )
        )
    return out


def _introduction_edges(ids: Iterable[int] | None) -> list[HistoryEdge]:
    """Accepted introductions, dated by their acceptance."""
    rows = Introduction.objects.filter(
        status=IntroductionStatus.ACCEPTED, accepted_at__isnull=False
    ).order_by("pk")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return [
        HistoryEdge(a, b, timezone.localdate(when), "introduction", ref=f"introduction:{pk}")
        for pk, a, b, when in rows.values_list(
            "pk", "org_a_id", "org_b_id", "accepted_at"
        ).iterator(chunk_size=CHUNK)
    ]


def _venture_edges(ids: Iterable[int] | None) -> list[HistoryEdge]:
    """Ventures (any stage but dropped): every pair of their parties, dated by the start."""
    from silkbridge.ventures.models import VentureParty, VentureStage

    rows = VentureParty.objects.exclude(venture__stage=VentureStage.DROPPED).order_by(
        "venture_id", "organisation_id"
    )
    if ids is not None:
        rows = rows.filter(venture_id__in=list(ids))
    parties: dict[int, list[int]] = defaultdict(list)
    started: dict[int, object] = {}
    for venture, organisation, when in rows.values_list(
        "venture_id", "organisation_id", "venture__started_on"
    ).iterator(chunk_size=CHUNK):
        parties[venture].append(organisation)
        started[venture] = when
    return [
        HistoryEdge(a, b, started[venture], "venture", ref=f"venture:{venture}")
        for venture, orgs in parties.items()
        for i, a in enumerate(orgs)
        for b in orgs[i + 1 :]
    ]


def _meeting_edges(ids: Iterable[int] | None) -> list[HistoryEdge]:
    """B2B meetings marked held, dated by their slot."""
    from silkbridge.forums.models import Meeting, MeetingStatus

    rows = Meeting.objects.filter(status=MeetingStatus.HELD).order_by("pk")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return [
        HistoryEdge(a, b, timezone.localdate(when), "meeting", ref=f"meeting:{pk}")
        for pk, a, b, when in rows.values_list(
            "pk", "a__organisation_id", "b__organisation_id", "slot__starts_at"
        ).iterator(chunk_size=CHUNK)
        if a != b
    ]


#: Where collaborations come from, by journal kind; each reads all records (ids None) or some.
HISTORY_SOURCES = {
    "introduction": _introduction_edges,
    "venture": _venture_edges,
    "meeting": _meeting_edges,
}


def history() -> list[HistoryEdge]:
    """Every collaboration the platform knows of, for a full build."""
    return [edge for source in HISTORY_SOURCES.values() for edge in source(None)]


def collaborations(kind: str, ids: Iterable[int]) -> tuple[list[HistoryEdge], list[str]]:
    """The current edges of some records of one kind, and the refs of those that no longer
    count (a declined, dropped or cancelled record), for a journal replay."""
    ids = sorted(set(ids))
    edges = HISTORY_SOURCES[kind](ids)
    present = {edge.ref for edge in edges}
    return edges, [f"{kind}:{pk}" for pk in ids if f"{kind}:{pk}" not in present]


def taxonomy() -> tuple[dict[str, str], dict[str, list[str]]]:
    """English labels and the other languages' labels (aliases) keyed "vocabulary:slug"."""
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    fields = ["vocabulary", "slug", "label_en"] + [f"label_{c}" for c in ALIAS_LANGUAGES]
    for row in Term.objects.order_by().values(*fields):
        key = f"{row['vocabulary']}:{row['slug']}"
        labels[key] = row["label_en"]
        others = [row[f"label_{c}"] for c in ALIAS_LANGUAGES if row[f"label_{c}"]]
        if others:
            aliases[key] = others
    return labels, aliases


def build_inputs() -> Inputs:
    """All inputs of a full build."""
    found = profiles()
    alive = {p.id for p in found}
    labels, aliases = taxonomy()
    edges = [e for e in history() if e.a in alive and e.b in alive]
    return Inputs(found, items(owner_ids=alive), edges, labels, aliases)
