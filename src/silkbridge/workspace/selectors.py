"""Reading working groups, meetings and action items, always through what the user may see.

An object the user may not see is reported as missing (404), as elsewhere on the platform.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from silkbridge.directory.permissions import AnyUser
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.workspace import permissions
from silkbridge.workspace.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    GroupDocument,
    GroupMeeting,
    GroupMembership,
    MeetingStatus,
    WorkingGroup,
)

PAGE_SIZE = 25


def groups_for(user: AnyUser) -> QuerySet[WorkingGroup]:
    """The groups the user may see: all for the secretariat, else the user's own."""
    groups = WorkingGroup.objects.select_related("parent").annotate(
        member_count=Count("memberships", distinct=True)
    )
    if permissions.is_secretariat(user):
        return groups
    if not user.is_authenticated:
        return groups.none()
    return groups.filter(memberships__user=user)


def get_group(user: AnyUser, slug: str) -> WorkingGroup:
    group = WorkingGroup.objects.select_related("parent").filter(slug=slug).first()
    if group is None or not permissions.can_view_group(user, group):
        raise Http404
    return group


def get_meeting(user: AnyUser, pk: int) -> GroupMeeting:
    meeting = GroupMeeting.objects.select_related("group").filter(pk=pk).first()
    if meeting is None or not permissions.can_view_meeting(user, meeting):
        raise Http404
    return meeting


def get_action(user: AnyUser, pk: int) -> ActionItem:
    item = (
        ActionItem.objects.select_related(
            "group", "decision__meeting", "owner_user", "owner_organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if item is None or not permissions.can_view_action(user, item):
        raise Http404
    return item


def get_document(user: AnyUser, pk: int) -> GroupDocument:
    document = GroupDocument.objects.select_related("group").filter(pk=pk).first()
    if document is None or not permissions.can_view_document(user, document):
        raise Http404
    return document


def memberships_of(group: WorkingGroup) -> QuerySet[GroupMembership]:
    return group.memberships.select_related("user", "organisation").order_by(
        "role", "user__full_name", "id"
    )


def member_users(group: WorkingGroup):
    """Active users who are members of the group: the people invited and reminded."""
    from silkbridge.accounts.models import User

    return User.objects.filter(is_active=True, group_memberships__group=group).distinct()


def subgroups_for(user: AnyUser, group: WorkingGroup) -> QuerySet[WorkingGroup]:
    return groups_for(user).filter(parent=group)


def meetings_of(group: WorkingGroup, *, upcoming: bool) -> QuerySet[GroupMeeting]:
    now = timezone.now()
    meetings = group.meetings.all()
    if upcoming:
        return (
            meetings.filter(ends_at__gte=now)
            .exclude(status=MeetingStatus.HELD)
            .order_by("starts_at", "id")
        )
    return meetings.filter(Q(ends_at__lt=now) | Q(status=MeetingStatus.HELD))


def meeting_decisions(meeting: GroupMeeting):
    """Decisions with their action items and owners, in two queries."""
    actions = ActionItem.objects.select_related("group", "owner_user", "owner_organisation")
    return meeting.decisions.select_related("agenda_item").prefetch_related(
        Prefetch("action_items", queryset=actions)
    )


def _with_relations(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return items.select_related("group", "owner_user", "owner_organisation", "decision__meeting")


def action_items_of(group: WorkingGroup, *, open_only: bool = True) -> QuerySet[ActionItem]:
    items = _with_relations(group.action_items.all())
    return items.filter(status__in=OPEN_ACTION_STATUSES) if open_only else items


def my_action_items(user: AnyUser, *, open_only: bool = True) -> QuerySet[ActionItem]:
    """Items the user owns, and items owned by the user's organisations."""
    if not user.is_authenticated:
        return ActionItem.objects.none()
    mine = Q(owner_user=user)
    organisations = member_organisation_ids(user)
    if organisations:
        mine |= Q(owner_organisation_id__in=organisations)
    items = _with_relations(ActionItem.objects.filter(mine))
    if open_only:
        items = items.filter(status__in=OPEN_ACTION_STATUSES)
    return items.order_by("due_on", "id")


def overview(
    *,
    group: WorkingGroup | None = None,
    status: str = "",
    overdue: bool = False,
    today: date | None = None,
) -> QuerySet[ActionItem]:
    """Every action item for the secretariat; open ones unless a status is chosen."""
    items = _with_relations(ActionItem.objects.all())
    if group is not None:
        items = items.filter(group=group)
    items = items.filter(status=status) if status else items.filter(status__in=OPEN_ACTION_STATUSES)
    if overdue:
        items = items.filter(
            status__in=OPEN_ACTION_STATUSES, due_on__lt=today or timezone.localdate()
        )
    return items.order_by("due_on", "id")


def open_action_item_counts(group: WorkingGroup | None = None) -> dict[str, int]:
    """How many action items are open and how many of those are overdue, in one query."""
    today = timezone.localdate()
    items = ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES)
    if group is not None:
        items = items.filter(group=group)
    counts = items.aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    return {"open": counts["open"], "overdue": counts["overdue"]}


def documents_of(group: WorkingGroup, meeting: GroupMeeting | None = None):
    documents = GroupDocument.objects.filter(group=group).select_related("uploaded_by")
    return documents.filter(meeting=meeting) if meeting is not None else documents


def membership_for_feed(token: str) -> GroupMembership | None:
    """The live membership behind a calendar subscription; None once revoked or left."""
    if not token:
        return None
    return (
        GroupMembership.objects.select_related("group", "user")
        .filter(feed_token=token, user__is_active=True, group__is_active=True)
        .first()
    )


def feed_membership(user: AnyUser, group: WorkingGroup) -> GroupMembership | None:
    if not user.is_authenticated:
        return None
    return group.memberships.filter(user=user).first()
