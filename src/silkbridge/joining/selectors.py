"""Reads for joining, with the access checks the pages share: one 404 for missing and forbidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation, Verification
from silkbridge.joining import permissions
from silkbridge.joining.models import Claim, ClaimReviewer, ClaimStatus

# The queue's kinds of item.
CLAIMS = "claims"
REGISTRATIONS = "registrations"


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters: kind of item, country (ISO code), route of a claim, minimum age."""

    kind: str = ""
    country: str = ""
    route: str = ""
    older_than_days: int | None = None


@dataclass(frozen=True)
class Queue:
    claims: list[Claim]
    registrations: list[Organisation]
    # Everything awaiting the secretariat, before the filters.
    open_claims: int
    open_registrations: int


def _claims_awaiting_secretariat() -> QuerySet[Claim]:
    return Claim.objects.filter(status=ClaimStatus.PENDING, reviewer=ClaimReviewer.SECRETARIAT)


def registrations_awaiting() -> QuerySet[Organisation]:
    """Organisations people registered themselves, not yet verified nor refused."""
    return Organisation.objects.filter(
        registered_at__isnull=False,
        verification=Verification.UNVERIFIED,
        registration_refused_at__isnull=True,
        merged_into__isnull=True,
    )


def queue(user: User, filters: QueueFilters) -> Queue:
    """The secretariat's queue, oldest first: claims it decides and new organisations."""
    if not permissions.can_work_queue(user):
        raise Http404
    claims = _claims_awaiting_secretariat()
    registrations = registrations_awaiting()
    open_claims, open_registrations = claims.count(), registrations.count()
    if filters.country:
        claims = claims.filter(organisation__country=filters.country)
        registrations = registrations.filter(country=filters.country)
    if filters.route:
        claims = claims.filter(route=filters.route)
        # A registration has no route: filtering by one leaves only claims.
        registrations = registrations.none()
    if filters.older_than_days:
        before = timezone.now() - timedelta(days=filters.older_than_days)
        claims = claims.filter(created_at__lte=before)
        registrations = registrations.filter(registered_at__lte=before)
    if filters.kind == CLAIMS:
        registrations = registrations.none()
    elif filters.kind == REGISTRATIONS:
        claims = claims.none()
    claims = claims.select_related(
        "claimant", "organisation", "organisation__city", "granted_person"
    ).order_by("created_at", "pk")
    registrations = registrations.select_related("city", "registered_by").order_by(
        "registered_at", "pk"
    )
    return Queue(
        claims=list(claims[:200]),
        registrations=list(registrations.prefetch_related("sectors")[:200]),
        open_claims=open_claims,
        open_registrations=open_registrations,
    )


def claims_for(user: User, organisation: Organisation) -> list[Claim]:
    """An organisation's claims, open ones first, for its admins and the secretariat."""
    if not permissions.can_see_claims_for(user, organisation):
        raise Http404
    open_first = Case(When(status=ClaimStatus.PENDING, then=Value(0)), default=Value(1))
    return list(
        organisation.claims.select_related("claimant", "decided_by", "organisation").order_by(
            open_first, "-created_at", "-pk"
        )[:200]
    )


def claims_of(user: User) -> list[Claim]:
    """The user's own claims, newest first."""
    if not user.is_authenticated:
        return []
    return list(
        user.organisation_claims.select_related("organisation").order_by("-created_at", "-pk")[:50]
    )


def get_claim(user: User, claim_id: int) -> Claim:
    """A claim the user may see (claimant or decider)."""
    claim = (
        Claim.objects.select_related("organisation", "claimant", "decided_by")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None or not permissions.can_view_claim(user, claim):
        raise Http404("No such claim")
    return claim


def get_registration(user: User, slug: str) -> Organisation:
    """A self-registered organisation awaiting verification, for the secretariat."""
    if not permissions.can_work_queue(user):
        raise Http404
    organisation = registrations_awaiting().filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such registration")
    return organisation
