"""Who may do what with ventures: every page, API operation and service asks here.

Details of a confidential venture are for its parties' people and the secretariat; everyone
signed in sees the others. Anonymous visitors see no venture (totals are the dashboard's).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps

from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.ventures.models import Venture

__all__ = [
    "can_change_stage",
    "can_create_venture",
    "can_edit_venture",
    "can_manage_rates",
    "can_review",
    "can_view_venture",
    "is_group_member",
    "is_party_member",
    "is_secretariat",
    "may_record_for",
]


def party_ids(venture: Venture) -> set[int]:
    """Organisation ids of the venture's parties (from the prefetch when there is one)."""
    cache = getattr(venture, "_prefetched_objects_cache", {})
    if "parties" in cache:
        return {party.organisation_id for party in cache["parties"]}
    return set(venture.parties.values_list("organisation_id", flat=True))


def is_party_member(user: AnyUser, venture: Venture) -> bool:
    mine = member_organisation_ids(user)
    return bool(mine) and bool(mine & party_ids(venture))


def is_group_member(user: AnyUser, group_id: int | None) -> bool:
    """Whether the user is listed in the working group (workspace's memberships)."""
    if not user.is_authenticated or group_id is None:
        return False
    membership = apps.get_model("workspace", "GroupMembership")
    return membership.objects.filter(group_id=group_id, user=user).exists()


def can_view_venture(user: AnyUser, venture: Venture) -> bool:
    if not user.is_authenticated:
        return False
    if not venture.confidential:
        return True
    return is_secretariat(user) or is_party_member(user, venture)


def can_create_venture(user: AnyUser) -> bool:
    """Members of an organisation record ventures for it; the secretariat for anyone."""
    return is_secretariat(user) or bool(member_organisation_ids(user))


def may_record_for(user: AnyUser, organisation_ids: Iterable[int]) -> bool:
    """A venture a member records must have one of their organisations among its parties."""
    return is_secretariat(user) or bool(member_organisation_ids(user) & set(organisation_ids))


def can_edit_venture(user: AnyUser, venture: Venture) -> bool:
    """Parties update their own ventures; the secretariat corrects any of them."""
    return is_secretariat(user) or is_party_member(user, venture)


def can_change_stage(user: AnyUser, venture: Venture) -> bool:
    return can_edit_venture(user, venture)


def can_review(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_manage_rates(user: AnyUser) -> bool:
    return is_secretariat(user)
