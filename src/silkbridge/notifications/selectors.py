"""Reads of a person's own notifications: the inbox a page at a time and the unread count.

Inboxes can hold tens of thousands of rows, so pages are read by keyset (the position of the
last row shown) along the `notification_inbox` index, never with OFFSET or a full COUNT(*).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from silkbridge.notifications import permissions
from silkbridge.notifications.models import Notification

PAGE_SIZE = 20
# The badge shows "99+" beyond this; counting stops one past it.
BADGE_CAP = 99


@dataclass
class InboxPage:
    """One page of the inbox, newest first, with the cursors of its neighbours."""

    notifications: list[Notification] = field(default_factory=list)
    newer_cursor: int | None = None
    older_cursor: int | None = None
    is_first: bool = True

    @property
    def has_other_pages(self) -> bool:
        return self.newer_cursor is not None or self.older_cursor is not None


def _cursor_time(user, cursor: int | None):
    if cursor is None:
        return None
    return (
        Notification.objects.filter(recipient=user, pk=cursor)
        .values_list("created_at", flat=True)
        .first()
    )


def inbox_page(
    user, *, before: int | None = None, after: int | None = None, per_page: int = PAGE_SIZE
) -> InboxPage:
    """The page of the user's notifications just older than `before`, or just newer than
    `after` (both notification ids), or the newest page. An unknown cursor gives the newest."""
    own = Notification.objects.filter(recipient=user)
    after_time = _cursor_time(user, after) if before is None else None
    before_time = _cursor_time(user, before)
    if after_time is not None:
        # Newer rows in ascending order from the cursor, then turned round for display.
        rows = list(
            own.filter(created_at__gte=after_time)
            .exclude(created_at=after_time, pk__lte=after)
            .order_by("created_at", "id")[: per_page + 1]
        )
        has_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        if not has_newer:
            # Back at the top: show a full newest page rather than a short one.
            return inbox_page(user, per_page=per_page)
        return InboxPage(
            notifications=rows,
            newer_cursor=rows[0].pk,
            older_cursor=rows[-1].pk,
            is_first=False,
        )
    if before_time is not None:
        own = own.filter(created_at__lte=before_time).exclude(
            created_at=before_time, pk__gte=before
        )
    rows = list(own.order_by("-created_at", "-id")[: per_page + 1])
    has_older = len(rows) > per_page
    rows = rows[:per_page]
    is_first = before_time is None
    return InboxPage(
        notifications=rows,
        newer_cursor=rows[0].pk if rows and not is_first else None,
        older_cursor=rows[-1].pk if has_older else None,
        is_first=is_first,
    )


def unread_count(user, cap: int = BADGE_CAP) -> int:
    """Unread notifications, counted up to `cap + 1` on the `notification_unread` index."""
    if not getattr(user, "is_authenticated", False):
        return 0
    # No ORDER BY: with one, the database would sort every unread row before counting.
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()
    return unread[: cap + 1].count()


def get_own_notification(user, pk: int) -> Notification:
    """The user's notification; one 404 for missing and someone else's alike."""
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None or not permissions.can_view_notification(user, notification):
        raise Http404("No such notification")
    return notification
