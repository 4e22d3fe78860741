"""Suggestions joined with the database, filtered by what the reader may see.

The engine's results are re-checked here: only active organisations and open opportunities are
shown (a change the index has not replayed yet cannot leak a closed post), an anonymous
opportunity's owner stays hidden (`opportunities.permissions.show_owner`), and no reason names
an anonymous post of someone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from silkbridge.directory.models import Organisation, Person
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.engines.matching import Suggestion
from silkbridge.engines.matching.ranker import fit_label
from silkbridge.introductions.selectors import introduced_to, member_organisation_ids
from silkbridge.matching import feed, permissions, reasons, services
from silkbridge.matching.models import SavedSuggestion, TargetKind
from silkbridge.opportunities import permissions as opportunity_permissions
from silkbridge.opportunities.models import Opportunity

#: Ask the engine for a few more than shown, since the database check may drop some.
SLACK = 5
#: Suggestions a page shows at once; "Show more" adds as many again.
PAGE_SIZE = 10
#: How many suggestions the recommendations page asks the engine for before filtering and paging.
POOL = 200
#: Reason codes that describe an anonymous opportunity's owner rather than the post itself.
OWNER_REASONS = {
    "shared_sectors",
    "shared_technologies",
    "shared_services",
    "kind_fit",
    "collaboration_path",
    "active_collaborator",
}


@dataclass
class Shown:
    """One suggestion as a page or the API shows it."""

    target_kind: str
    target_id: int
    score: float
    reasons: list[str]
    #: The suggested organisation, or the opportunity's owner when the reader may see it.
    organisation: Organisation | None = None
    opportunity: Opportunity | None = None
    saved: bool = False
    signals: dict[str, float] = field(default_factory=dict)
    #: Calibrated chance of a good match (0..1); pages show only its fit label, never a number.
    probability: float = 0.0
    #: False when no active user speaks for the suggested organisation (the secretariat brokers).
    reachable: bool = True
    #: The note typed into "Request an introduction" when it came back with an error.
    note: str | None = None
    note_errors: list[str] = field(default_factory=list)

    @property
    def fit(self) -> str:
        """ "strong", "good" or "possible": what the page says instead of a score."""
        return fit_label(self.probability)

    @property
    def prefill(self) -> str:
        """The introduction note offered to the requester: the reasons, to edit."""
        if not self.reasons:
            return _("We were suggested to each other and would like to talk.")
        lines = [_("We were suggested to each other because:")]
        lines += [f"- {reason}" for reason in self.reasons]
        return "\n".join(lines)


def _item_ids(suggestions: list[Suggestion]) -> set[int]:
    ids = set()
    for s in suggestions:
        for r in s.reasons:
            for key in ("offer_item", "need_item"):
                if r.params.get(key) is not None:
                    ids.add(int(r.params[key]))
    return ids


def _hidden_items(user: AnyUser, item_ids: set[int]) -> set[int]:
    """Anonymous posts of other organisations whose owner this reader may not know."""
    if not item_ids or is_secretariat(user):
        return set()
    mine = member_organisation_ids(user)
    hidden = set()
    rows = Opportunity.objects.filter(pk__in=item_ids, is_anonymous=True).values_list(
        "pk", "organisation_id"
    )
    known: dict[int, bool] = {}
    for pk, owner in rows:
        if owner in mine:
            continue
        if owner not in known:
            known[owner] = introduced_to(user, owner)
        if not known[owner]:
            hidden.add(pk)
    return hidden


def _context(user: AnyUser, suggestions: list[Suggestion]) -> reasons.Context:
    all_reasons = [r for s in suggestions for r in s.reasons]
    return reasons.Context(
        hidden_items=_hidden_items(user, _item_ids(suggestions)),
        labels=reasons.term_labels(all_reasons),
    )


def _saved(user: AnyUser, organisation_id: int, target_kind: str) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        SavedSuggestion.objects.filter(
            user=user, organisation_id=organisation_id, target_kind=target_kind
        ).values_list("target_id", flat=True)
    )


def _organisations(suggestions, user, ctx, saved, k) -> list[Shown]:
    found = Organisation.objects.active().in_bulk([s.target_id for s in suggestions])
    out = []
    for s in suggestions:
        organisation = found.get(s.target_id)
        if organisation is None:
            continue
        out.append(
            Shown(
                TargetKind.ORGANISATION,
                s.target_id,
                s.score,
                [reasons.render(r, ctx) for r in s.reasons],
                organisation=organisation,
                saved=s.target_id in saved,
                signals=dict(s.signals),
                probability=s.probability,
            )
        )
    return out[:k]


def recommended_partners(user: AnyUser, organisation: Organisation, k: int = 10) -> list[Shown]:
    """Organisations of the other country this one should talk to, with reasons."""
    if not permissions.can_view_recommendations(user, organisation):
        raise PermissionDenied
    suggestions = services.partners_for(organisation.pk, k + SLACK)
    ctx = _context(user, suggestions)
    saved = _saved(user, organisation.pk, TargetKind.ORGANISATION)
    return _organisations(suggestions, user, ctx, saved, k)


def suggested_opportunities(user: AnyUser, organisation: Organisation, k: int = 10) -> list[Shown]:
    """Open offers and requests of others that suit this organisation."""
    if not permissions.can_view_recommendations(user, organisation):
        raise PermissionDenied
    suggestions = services.opportunities_for(organisation.pk, k + SLACK)
    ctx = _context(user, suggestions)
    saved = _saved(user, organisation.pk, TargetKind.OPPORTUNITY)
    found = (
        feed.open_opportunities_qs()
        .select_related("organisation")
        .in_bulk([s.target_id for s in suggestions])
    )
    out = []
    for s in suggestions:
        opportunity = found.get(s.target_id)
        if opportunity is None:
            continue
        visible = opportunity_permissions.show_owner(user, opportunity)
        rendered = []
        for r in s.reasons:
            if not visible and r.code in OWNER_REASONS:
                continue
            if not visible and r.code == "offer_meets_need":
                # Only the post itself and the reader's own posts may be named.
                ctx_here = reasons.Context(
                    hidden_items=ctx.hidden_items | _others(r.params, s.target_id, user),
                    labels=ctx.labels,
                )
                rendered.append(reasons.render(r, ctx_here))
                continue
            rendered.append(reasons.render(r, ctx))
        out.append(
            Shown(
                TargetKind.OPPORTUNITY,
                s.target_id,
                s.score,
                rendered,
                organisation=opportunity.organisation if visible else None,
                opportunity=opportunity,
                saved=s.target_id in saved,
                signals=dict(s.signals),
                probability=s.probability,
            )
        )
    return out[:k]


@dataclass
class Page:
    """One slice of a suggestion list: what to show and whether more follow."""

    items: list[Shown]
    page: int
    has_more: bool
    #: How many suggestions the pool held before the filters (for the empty state).
    pooled: int = 0


def mark_reachable(shown: list[Shown]) -> list[Shown]:
    """Flag suggestions whose organisation nobody here answers for (one query for the list)."""
    ids = {s.organisation.pk for s in shown if s.organisation is not None}
    if not ids:
        return shown
    answered = set(
        Person.objects.filter(
            organisation_id__in=ids, user__isnull=False, user__is_active=True
        ).values_list("organisation_id", flat=True)
    )
    for s in shown:
        if s.organisation is not None:
            s.reachable = s.organisation.pk in answered
    return shown


def paginate(pool: list[Shown], page: int, filters: dict | None = None) -> Page:
    """The first `page` pages of the pool after the filters (a page number beyond the end
    shows everything there is)."""
    kept = [s for s in pool if matches(s.organisation, filters or {})]
    end = max(page, 1) * PAGE_SIZE
    return Page(items=kept[:end], page=max(page, 1), has_more=len(kept) > end, pooled=len(pool))


def matches(organisation: Organisation | None, filters: dict) -> bool:
    """Whether a suggested organisation passes the partner filters (empty ones pass all)."""
    if organisation is None:
        return not any(filters.values())
    if filters.get("kind") and organisation.kind != filters["kind"]:
        return False
    if filters.get("city") and organisation.city_id != filters["city"].pk:
        return False
    if filters.get("sector") and filters["sector"].pk not in _sector_ids(organisation):
        return False
    language = filters.get("language")
    return not language or language in (organisation.languages or [])


def _sector_ids(organisation: Organisation) -> set[int]:
    cached = getattr(organisation, "_prefetched_objects_cache", {}).get("sectors")
    if cached is not None:
        return {t.pk for t in cached}
    return set(organisation.sectors.values_list("pk", flat=True))


def partner_pool(user: AnyUser, organisation: Organisation) -> list[Shown]:
    """The partners the recommendations page filters and pages.

    The engine ranks without knowing the reader's filters, so the page asks it for a large
    pool (`POOL`) and filters and pages that: asking for ten and filtering afterwards would
    leave a filtered page empty although good matches exist further down."""
    shown = recommended_partners(user, organisation, POOL)
    found = Organisation.objects.prefetch_related("sectors").in_bulk(
        [s.organisation.pk for s in shown]
    )
    for s in shown:
        s.organisation = found.get(s.organisation.pk, s.organisation)
    return shown


def opportunity_pool(user: AnyUser, organisation: Organisation) -> list[Shown]:
    """Suggested opportunities for the page's "Show more" (same pool as the partners)."""
    return suggested_opportunities(user, organisation, POOL)


def _others(params, target_id: int, user: AnyUser) -> set[int]:
    """Items in a reason other than the suggested post and the reader's own posts."""
    ids = {params.get("offer_item"), params.get("need_item")} - {None, target_id}
    if not ids:
        return set()
    mine = member_organisation_ids(user)
    own = set(
        Opportunity.objects.filter(pk__in=ids, organisation_id__in=mine).values_list(
            "pk", flat=True
        )
    )
    return {int(i) for i in ids} - own


def candidates(user: AnyUser, opportunity: Opportunity, k: int = 10) -> list[Shown]:
    """Organisations that could answer or provide this opportunity (for its owner)."""
    if not permissions.can_view_candidates(user, opportunity):
        raise PermissionDenied
    if not opportunity.is_open:
        return []
    suggestions = services.candidates_for(opportunity, k + SLACK)
    ctx = _context(user, suggestions)
    saved = _saved(user, opportunity.organisation_id, TargetKind.ORGANISATION)
    return _organisations(suggestions, user, ctx, saved, k)


# --- delegations ----------------------------------------------------------------------------

_SPLIT = re.compile(r"[\s,;]+")


def delegation_members(
    *, country: str = "", kind: str = "", identifiers: str = "", limit: int = 200
) -> list[Organisation]:
    """Organisations chosen by country and kind, or by pasted ids and slugs."""
    qs = Organisation.objects.active().order_by("name", "pk")
    tokens = [t for t in _SPLIT.split(identifiers or "") if t]
    if tokens:
        ids = [int(t) for t in tokens if t.isdigit()]
        slugs = [t for t in tokens if not t.isdigit()]
        found = list(qs.filter(pk__in=ids)) + list(qs.filter(slug__in=slugs))
        return list({o.pk: o for o in found}.values())[:limit]
    if not country and not kind:
        return []
    if country:
        qs = qs.filter(country=country)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs[:limit])


@dataclass
class DelegationRow:
    member: Organisation
    candidate: Organisation
    score: float
    reasons: list[str]


def delegation(user: AnyUser, members: list[Organisation], k: int = 10) -> list[DelegationRow]:
    """Top-k partners of each delegation member (secretariat only), member by member."""
    if not permissions.can_match_delegation(user):
        raise PermissionDenied(_("Only the secretariat matches delegations."))
    result = services.delegation([m.pk for m in members], k)
    suggestions = [s for lst in result.suggestions.values() for s in lst]
    ctx = _context(user, suggestions)
    found = Organisation.objects.active().in_bulk([s.target_id for s in suggestions])
    rows = []
    for member in members:
        for s in result.suggestions.get(member.pk, []):
            candidate = found.get(s.target_id)
            if candidate is not None:
                rows.append(
                    DelegationRow(
                        member, candidate, s.score, [reasons.render(r, ctx) for r in s.reasons]
                    )
                )
    return rows
