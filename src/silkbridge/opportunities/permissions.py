"""Who may do what with opportunities: every view and API operation asks here, nowhere else."""

from __future__ import annotations

from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.selectors import introduced_to, member_organisation_ids
from silkbridge.opportunities.models import Opportunity, SavedSearch, Status

EDITABLE_BY_OWNER = {Status.DRAFT, Status.CHANGES_REQUESTED}
SUBMITTABLE = {Status.DRAFT, Status.CHANGES_REQUESTED}
RENEWABLE = {Status.PUBLISHED, Status.EXPIRED}
# After an opportunity ends, organisations that answered it may still read what they answered.
ENDED = {Status.EXPIRED, Status.CLOSED}


def is_owner_member(user: AnyUser, opportunity: Opportunity) -> bool:
    """Whether the user belongs to the organisation that posted the opportunity (any role)."""
    return opportunity.organisation_id in member_organisation_ids(user)


def _expressed_interest(user: AnyUser, opportunity: Opportunity) -> bool:
    mine = member_organisation_ids(user)
    if not mine:
        return False
    from silkbridge.introductions.models import Interest

    return Interest.objects.filter(opportunity=opportunity, organisation_id__in=mine).exists()


def can_create(user: AnyUser) -> bool:
    """Anyone who belongs to an organisation may post for it; the secretariat reviews."""
    return bool(member_organisation_ids(user))


def can_view(user: AnyUser, opportunity: Opportunity) -> bool:
    if opportunity.status == Status.PUBLISHED:
        return True
    if is_secretariat(user) or is_owner_member(user, opportunity):
        return True
    return opportunity.status in ENDED and _expressed_interest(user, opportunity)


def can_edit(user: AnyUser, opportunity: Opportunity) -> bool:
    if is_secretariat(user):
        return True
    return opportunity.status in EDITABLE_BY_OWNER and is_owner_member(user, opportunity)


def can_submit(user: AnyUser, opportunity: Opportunity) -> bool:
    return opportunity.status in SUBMITTABLE and is_owner_member(user, opportunity)


def can_review(user: AnyUser, opportunity: Opportunity | None = None) -> bool:
    """The secretariat reviews submitted opportunities (without one: may use the queue)."""
    if not is_secretariat(user):
        return False
    return opportunity is None or opportunity.status == Status.SUBMITTED


def can_close(user: AnyUser, opportunity: Opportunity) -> bool:
    if opportunity.status != Status.PUBLISHED:
        return False
    return is_secretariat(user) or is_owner_member(user, opportunity)


def can_renew(user: AnyUser, opportunity: Opportunity) -> bool:
    if opportunity.status not in RENEWABLE:
        return False
    return is_secretariat(user) or is_owner_member(user, opportunity)


def can_manage_attachments(user: AnyUser, opportunity: Opportunity) -> bool:
    return can_edit(user, opportunity)


def can_download_attachment(user: AnyUser, opportunity: Opportunity) -> bool:
    return can_view(user, opportunity)


def can_save_search(user: AnyUser) -> bool:
    return bool(user.is_authenticated)


def can_manage_saved_search(user: AnyUser, saved_search: SavedSearch) -> bool:
    return bool(user.is_authenticated and saved_search.user_id == user.pk)


def show_owner(user: AnyUser, opportunity: Opportunity) -> bool:
    """Whether the user may see which organisation posted it: always, unless it is anonymous;
    then only its members, the secretariat and organisations introduced to it."""
    if not opportunity.is_anonymous:
        return True
    if is_secretariat(user) or is_owner_member(user, opportunity):
        return True
    return introduced_to(user, opportunity.organisation_id)
