"""Periodic reminders (registered in core.housekeeping): meetings a day ahead, and overdue
action items once a day. Each claim is a conditional UPDATE, so two runs never remind twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from silkbridge.notifications.services import notify
from silkbridge.workspace import selectors
from silkbridge.workspace.models import (
    MANAGER_ROLES,
    OPEN_ACTION_STATUSES,
    ActionItem,
    GroupMeeting,
    MeetingStatus,
)

MEETING_REMINDER_AHEAD = timedelta(hours=24)


def remind_meetings(now: datetime) -> int:
    """Remind members of each planned meeting starting within the next 24 hours, once."""
    due = GroupMeeting.objects.filter(
        status=MeetingStatus.PLANNED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + MEETING_REMINDER_AHEAD,
    ).select_related("group")
    sent = 0
    for meeting in due:
        with transaction.atomic():
            claimed = GroupMeeting.objects.filter(
                pk=meeting.pk, reminder_sent_at__isnull=True, status=MeetingStatus.PLANNED
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            local = meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone))
            notify(
                selectors.member_users(meeting.group),
                "group_meeting_reminder",
                url=meeting.get_absolute_url(),
                params={
                    "title": meeting.title,
                    "group": meeting.group.name,
                    "date": local.date().isoformat(),
                    "time": f"{local:%H:%M} ({meeting.time_zone})",
                },
            )
            sent += 1
    return sent


def _overdue_recipients(item: ActionItem):
    """The owner; with no owning person, the group's co-chairs and secretaries."""
    if item.owner_user is not None and item.owner_user.is_active:
        return [item.owner_user]
    return list(
        item.group.memberships.filter(role__in=MANAGER_ROLES, user__is_active=True).select_related(
            "user"
        )
    )


def remind_overdue_actions(now: datetime) -> int:
    """Tell owners of open items past their due date, at most once per day per item."""
    today = timezone.localtime(now, ZoneInfo(settings.TIME_ZONE)).date()
    due = (
        ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("group", "owner_user")
    )
    sent = 0
    for item in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                ActionItem.objects.filter(pk=item.pk, status__in=OPEN_ACTION_STATUSES)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .update(reminded_on=today)
            )
            if not claimed:
                continue
            recipients = [getattr(entry, "user", entry) for entry in _overdue_recipients(item)]
            notify(
                recipients,
                "action_item_overdue",
                url=item.get_absolute_url(),
                params={
                    "title": item.title,
                    "group": item.group.name,
                    "date": item.due_on.isoformat(),
                },
            )
            sent += 1
    return sent
