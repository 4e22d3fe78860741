"""Who may see and act on matching suggestions: views, API and services ask here."""

from __future__ import annotations

from silkbridge.directory.models import Organisation
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.opportunities.models import Opportunity


def is_member(user: AnyUser, organisation: Organisation | int) -> bool:
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return organisation_id in member_organisation_ids(user)


def can_view_recommendations(user: AnyUser, organisation: Organisation) -> bool:
    """Recommendations say what the platform thinks an organisation needs: its own people and
    the secretariat only."""
    return is_secretariat(user) or is_member(user, organisation)


def can_act_for(user: AnyUser, organisation: Organisation) -> bool:
    """Dismiss, save, or request an introduction on the organisation's behalf: its members."""
    return is_member(user, organisation)


def can_view_candidates(user: AnyUser, opportunity: Opportunity) -> bool:
    return is_secretariat(user) or is_member(user, opportunity.organisation_id)


def can_match_delegation(user: AnyUser) -> bool:
    return is_secretariat(user)
