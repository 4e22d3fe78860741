"""Matching over the API: the same selectors and services as the pages, same permissions."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from silkbridge.api import ERROR_RESPONSES
from silkbridge.directory.models import Organisation
from silkbridge.matching import selectors, services
from silkbridge.matching.schemas import (
    DelegationIn,
    DelegationRowOut,
    DismissIn,
    DismissOut,
    SuggestionOut,
)
from silkbridge.opportunities import permissions as opportunity_permissions
from silkbridge.opportunities.models import Opportunity

matching_router = Router(tags=["matching"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _out(shown: selectors.Shown) -> dict:
    return {
        "target_kind": shown.target_kind,
        "target_id": shown.target_id,
        "score": round(shown.score, 6),
        "reasons": shown.reasons,
        "organisation_id": shown.organisation.pk if shown.organisation else None,
        "organisation_name": shown.organisation.name if shown.organisation else None,
        "opportunity_title": shown.opportunity.title if shown.opportunity else None,
        "saved": shown.saved,
    }


def _organisation(organisation_id: int) -> Organisation:
    return get_object_or_404(Organisation.objects.active(), pk=organisation_id)


@matching_router.get("/organisations/{organisation_id}/partners", response=_ok(list[SuggestionOut]))
def partners_for(request: HttpRequest, organisation_id: int, k: int = Query(10, ge=1, le=50)):
    """Recommended partners (members of the organisation and the secretariat)."""
    org = _organisation(organisation_id)
    return [_out(s) for s in selectors.recommended_partners(request.user, org, k)]


@matching_router.get(
    "/organisations/{organisation_id}/opportunities", response=_ok(list[SuggestionOut])
)
def opportunities_for(request: HttpRequest, organisation_id: int, k: int = Query(10, ge=1, le=50)):
    """Suggested opportunities; an anonymous one's owner is null unless you may see it."""
    org = _organisation(organisation_id)
    return [_out(s) for s in selectors.suggested_opportunities(request.user, org, k)]


@matching_router.get(
    "/opportunities/{opportunity_id}/candidates", response=_ok(list[SuggestionOut])
)
def candidates_for(request: HttpRequest, opportunity_id: int, k: int = Query(10, ge=1, le=50)):
    """Candidates for an opportunity (its owner's members and the secretariat)."""
    opportunity = get_object_or_404(Opportunity, pk=opportunity_id)
    if not opportunity_permissions.can_view(request.user, opportunity):
        raise Http404
    return [_out(s) for s in selectors.candidates(request.user, opportunity, k)]


@matching_router.post("/dismissals", response={201: DismissOut, **ERROR_RESPONSES})
def dismiss(request: HttpRequest, payload: DismissIn):
    """Never suggest this organisation or opportunity to your organisation again."""
    org = _organisation(payload.organisation_id)
    dismissal = services.dismiss(
        actor=request.user,
        organisation=org,
        target_kind=payload.target_kind,
        target_id=payload.target_id,
        reason=payload.reason,
        note=payload.note,
    )
    return Status(201, dismissal)


@matching_router.post("/delegation", response=_ok(list[DelegationRowOut]))
def delegation(request: HttpRequest, payload: DelegationIn):
    """Top-k partners of each delegation member (secretariat only)."""
    members = list(
        Organisation.objects.active().filter(pk__in=payload.organisation_ids).order_by("name")
    )
    rows = selectors.delegation(request.user, members, payload.k)
    return [
        {
            "organisation_id": r.member.pk,
            "organisation_name": r.member.name,
            "candidate_id": r.candidate.pk,
            "candidate_name": r.candidate.name,
            "score": round(r.score, 6),
            "reasons": r.reasons,
        }
        for r in rows
    ]
