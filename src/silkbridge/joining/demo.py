"""A demo claim, so the secretariat's verification queue has something to decide.

The Kazakh demo member asks, with an Astana Hub membership number, to join a second demo
company that nobody administers (a sister firm). Written directly, without notifications;
running the demo again changes nothing.
"""

from __future__ import annotations

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation, OrganisationKind, Person, PersonRole
from silkbridge.directory.seed.demo_users import KZ_MEMBER_EMAIL
from silkbridge.joining.models import Claim, ClaimReviewer, ClaimRoute, EvidenceKind

EVIDENCE = "Astana Hub participant certificate no. AH-2025-0417; I lead its mobile team."


def create_demo_claims() -> int:
    """Create the demo claim if it is missing; returns how many claims were created."""
    claimant = User.objects.filter(email__iexact=KZ_MEMBER_EMAIL).first()
    if claimant is None or Claim.objects.filter(claimant=claimant).exists():
        return 0
    administered = Person.objects.filter(role=PersonRole.ADMIN, user__is_active=True)
    sister = (
        Organisation.objects.active()
        .filter(is_demo=True, kind=OrganisationKind.COMPANY, country="KZ")
        .exclude(pk__in=administered.values("organisation_id"))
        .exclude(pk__in=claimant.people.values("organisation_id"))
        .order_by("pk")
        .first()
    )
    if sister is None:
        return 0
    Claim.objects.create(
        claimant=claimant,
        organisation=sister,
        route=ClaimRoute.EVIDENCE,
        reviewer=ClaimReviewer.SECRETARIAT,
        evidence_kind=EvidenceKind.ASTANA_HUB_MEMBERSHIP,
        evidence_text=EVIDENCE,
    )
    return 1
