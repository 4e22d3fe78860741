"""Who may do what in working groups: pages, API and services ask here, on every object.

The secretariat manages every group; co-chairs and secretaries manage their own; members see
their group and update the action items they own. Everyone else sees nothing of a group.
"""

from __future__ import annotations

from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.workspace.models import (
    MANAGER_ROLES,
    ActionItem,
    GroupDocument,
    GroupMeeting,
    WorkingGroup,
)

__all__ = [
    "can_create_group",
    "can_edit_action",
    "can_manage_group",
    "can_see_overview",
    "can_view_action",
    "can_view_document",
    "can_view_group",
    "can_view_meeting",
    "forget_group_roles",
    "group_role",
    "is_secretariat",
]


def group_role(user: AnyUser, group: WorkingGroup | int) -> str | None:
    """The user's role in the group or None; cached on the user for the request."""
    if not user.is_authenticated:
        return None
    group_id = group if isinstance(group, int) else group.pk
    cache = user.__dict__.get("_group_roles")
    if cache is None:
        cache = dict(user.group_memberships.order_by().values_list("group_id", "role"))
        user.__dict__["_group_roles"] = cache
    return cache.get(group_id)


def forget_group_roles(user: AnyUser) -> None:
    """Drop the cached roles after a membership change in the same request."""
    user.__dict__.pop("_group_roles", None)


def can_create_group(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_see_overview(user: AnyUser) -> bool:
    """Every group's open and overdue action items at once: the secretariat."""
    return is_secretariat(user)


def can_view_group(user: AnyUser, group: WorkingGroup) -> bool:
    return is_secretariat(user) or group_role(user, group) is not None


def can_manage_group(user: AnyUser, group: WorkingGroup) -> bool:
    """Members, meetings, minutes, decisions, action items and documents of the group."""
    return is_secretariat(user) or group_role(user, group) in MANAGER_ROLES


def can_view_meeting(user: AnyUser, meeting: GroupMeeting) -> bool:
    return can_view_group(user, meeting.group)


def can_view_document(user: AnyUser, document: GroupDocument) -> bool:
    return can_view_group(user, document.group)


def owns_action(user: AnyUser, item: ActionItem) -> bool:
    return bool(user.is_authenticated and item.owner_user_id == user.pk)


def can_view_action(user: AnyUser, item: ActionItem) -> bool:
    """The group, the owner, and the people of the owning organisation ("my action items")."""
    return (
        can_view_group(user, item.group)
        or owns_action(user, item)
        or (
            item.owner_organisation_id is not None
            and item.owner_organisation_id in member_organisation_ids(user)
        )
    )


def can_edit_action(user: AnyUser, item: ActionItem) -> bool:
    """Status and comments: the owner and the group's managers."""
    return owns_action(user, item) or can_manage_group(user, item.group)


def require_manager(user: AnyUser, group: WorkingGroup) -> None:
    """Raise PermissionDenied unless the user manages the group (services call this first)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not can_manage_group(user, group):
        raise PermissionDenied(
            _("Only the group's co-chairs, secretaries and the secretariat can do this.")
        )
