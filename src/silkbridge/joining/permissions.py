"""Who may claim, see and decide claims: every page and service of joining asks here."""

from __future__ import annotations

from silkbridge.directory.models import Organisation, PersonRole
from silkbridge.directory.permissions import AnyUser, is_secretariat, organisation_role
from silkbridge.joining.models import Claim, ClaimReviewer

__all__ = [
    "can_decide_claim",
    "can_see_claims_for",
    "can_view_claim",
    "can_withdraw_claim",
    "can_work_queue",
    "is_secretariat",
]


def can_work_queue(user: AnyUser) -> bool:
    """The verification queue (claims and self-registered organisations) is the secretariat's."""
    return is_secretariat(user)


def can_see_claims_for(user: AnyUser, organisation: Organisation) -> bool:
    """An organisation's claims are for its admins and the secretariat."""
    return is_secretariat(user) or organisation_role(user, organisation) == PersonRole.ADMIN


def can_decide_claim(user: AnyUser, claim: Claim) -> bool:
    """The secretariat decides any claim; an organisation's admins those sent to them, never
    their own (a claimant made admin by their domain waits for the secretariat)."""
    if not user.is_authenticated or claim.claimant_id == user.pk:
        return False
    if is_secretariat(user):
        return True
    return (
        claim.reviewer == ClaimReviewer.ADMINS
        and organisation_role(user, claim.organisation) == PersonRole.ADMIN
    )


def can_view_claim(user: AnyUser, claim: Claim) -> bool:
    """The claimant, and whoever may decide it (its evidence file included)."""
    if not user.is_authenticated:
        return False
    return claim.claimant_id == user.pk or can_decide_claim(user, claim)


def can_withdraw_claim(user: AnyUser, claim: Claim) -> bool:
    return bool(user.is_authenticated and claim.claimant_id == user.pk and claim.is_open)
