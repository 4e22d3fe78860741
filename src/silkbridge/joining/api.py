"""Claims over the API: the same selectors, services and permission checks as the pages.

Evidence documents are uploaded on the claim page; the API reads and decides claims."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Query, Router, Schema, Status

from silkbridge.api import ERROR_RESPONSES, error_response
from silkbridge.core.ratelimits import too_many_message
from silkbridge.directory import selectors as directory_selectors
from silkbridge.joining import selectors, services
from silkbridge.joining.schemas import ClaimIn, ClaimOut, RefusalIn

claims_router = Router(tags=["claims"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


class QueueFilters(Schema):
    country: str = ""
    route: str = ""
    older_than_days: int | None = None


@claims_router.get("", response=_ok(list[ClaimOut]), summary="Your claims")
def my_claims(request: HttpRequest) -> Any:
    """The claims you sent, newest first."""
    return selectors.claims_of(request.user)


@claims_router.post("", response={201: ClaimOut, **ERROR_RESPONSES}, summary="Claim a record")
def create_claim(request: HttpRequest, payload: ClaimIn) -> Any:
    """A verified address on the organisation's website domain makes you a member at once (its
    admin if it has none), to be confirmed; otherwise give evidence for the secretariat, or for
    the organisation's admins when it has some. Needs a verified e-mail address."""
    organisation = directory_selectors.get_organisation(payload.organisation)
    if is_ratelimited(
        request,
        group="claim",
        key="user",
        rate=settings.SILKBRIDGE_CLAIM_RATE,
        method="POST",
        increment=True,
    ):
        return error_response(request, 429, "rate_limited", too_many_message())
    services.check_can_claim(request.user, organisation)
    claim = services.submit_claim(
        claimant=request.user,
        organisation=organisation,
        evidence_kind=payload.evidence_kind,
        evidence_text=payload.evidence_text,
    )
    return Status(201, selectors.get_claim(request.user, claim.pk))


@claims_router.get("/queue", response=_ok(list[ClaimOut]), summary="The secretariat's claims")
def queue(request: HttpRequest, filters: Query[QueueFilters]) -> Any:
    """Secretariat only (404 for others): open claims it decides, oldest first. New
    organisations awaiting verification are in /v1/organisations with their status."""
    found = selectors.queue(
        request.user,
        selectors.QueueFilters(
            kind=selectors.CLAIMS,
            country=filters.country.upper(),
            route=filters.route,
            older_than_days=filters.older_than_days,
        ),
    )
    return found.claims


@claims_router.get("/for/{slug}", response=_ok(list[ClaimOut]), summary="Claims on an organisation")
def claims_for(request: HttpRequest, slug: str) -> Any:
    """For the organisation's admins and the secretariat (404 for others); open ones first."""
    return selectors.claims_for(request.user, directory_selectors.get_organisation(slug))


@claims_router.get("/{claim_id}", response=_ok(ClaimOut), summary="Read a claim")
def get_claim(request: HttpRequest, claim_id: int) -> Any:
    """For the claimant and whoever may decide it; 404 for anyone else."""
    return selectors.get_claim(request.user, claim_id)


@claims_router.post("/{claim_id}/approve", response=_ok(ClaimOut), summary="Approve a claim")
def approve(request: HttpRequest, claim_id: int) -> Any:
    """The claimant belongs to the organisation (its admin if it has none) and is told."""
    claim = selectors.get_claim(request.user, claim_id)
    services.approve_claim(claim=claim, by=request.user)
    return selectors.get_claim(request.user, claim_id)


@claims_router.post("/{claim_id}/refuse", response=_ok(ClaimOut), summary="Refuse a claim")
def refuse(request: HttpRequest, claim_id: int, payload: RefusalIn) -> Any:
    """With a reason the claimant reads; a membership the claim granted is removed."""
    claim = selectors.get_claim(request.user, claim_id)
    services.refuse_claim(claim=claim, by=request.user, reason=payload.reason)
    return selectors.get_claim(request.user, claim_id)


@claims_router.post("/{claim_id}/withdraw", response=_ok(ClaimOut), summary="Withdraw a claim")
def withdraw(request: HttpRequest, claim_id: int) -> Any:
    """The claimant takes back an open claim, and any membership it granted."""
    claim = selectors.get_claim(request.user, claim_id)
    services.withdraw_claim(claim=claim, by=request.user)
    return selectors.get_claim(request.user, claim_id)


__all__ = ["claims_router"]
