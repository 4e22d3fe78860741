"""Who may do what with interests and introductions: views, API and services ask here."""

from __future__ import annotations

from silkbridge.directory.models import Organisation
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.models import Interest, Introduction
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.opportunities.models import Opportunity

__all__ = [
    "can_broker",
    "can_express_interest",
    "can_manage_interests",
    "can_propose_introduction",
    "can_respond",
    "can_respond_to_interest",
    "can_see_contacts",
    "can_view_interest",
    "can_view_introduction",
    "can_withdraw_interest",
    "is_member",
    "is_secretariat",
]


def is_member(user: AnyUser, organisation: Organisation | int) -> bool:
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return organisation_id in member_organisation_ids(user)


def can_express_interest(
    user: AnyUser, opportunity: Opportunity, organisation: Organisation
) -> bool:
    """A member of an organisation other than the owner (open-ness is a service rule)."""
    return organisation.pk != opportunity.organisation_id and is_member(user, organisation)


def can_manage_interests(user: AnyUser, opportunity: Opportunity) -> bool:
    """The owner's people see every interest and accept or decline it."""
    return is_member(user, opportunity.organisation_id)


def can_view_interest(user: AnyUser, interest: Interest) -> bool:
    return (
        is_secretariat(user)
        or is_member(user, interest.organisation_id)
        or is_member(user, interest.opportunity.organisation_id)
    )


def can_withdraw_interest(user: AnyUser, interest: Interest) -> bool:
    return is_member(user, interest.organisation_id)


def can_respond_to_interest(user: AnyUser, interest: Interest) -> bool:
    return is_member(user, interest.opportunity.organisation_id)


def can_propose_introduction(user: AnyUser, from_org: Organisation, to_org: Organisation) -> bool:
    return from_org.pk != to_org.pk and is_member(user, from_org)


def can_view_introduction(user: AnyUser, introduction: Introduction) -> bool:
    """Only the two organisations' people and the secretariat."""
    return (
        is_secretariat(user)
        or is_member(user, introduction.org_a_id)
        or is_member(user, introduction.org_b_id)
    )


def can_respond(user: AnyUser, introduction: Introduction, organisation: Organisation) -> bool:
    """A member answers for their own side; the secretariat does not answer for anyone."""
    return introduction.side_of(organisation.pk) is not None and is_member(user, organisation)


def can_broker(user: AnyUser) -> bool:
    """Nudge, reassign, close, and introduce two organisations: the secretariat."""
    return is_secretariat(user)


def can_see_contacts(user: AnyUser, introduction: Introduction) -> bool:
    """The other side's people and e-mails appear once both have accepted."""
    if is_secretariat(user):
        return True
    return introduction.status == "accepted" and can_view_introduction(user, introduction)
