"""Who may see and change a notification: only the person it was written for."""

from __future__ import annotations

from silkbridge.notifications.models import Notification


def can_view_notification(user, notification: Notification) -> bool:
    """Notifications are private to their recipient; not even the secretariat reads others'."""
    return bool(
        user and user.is_authenticated and user.is_active and notification.recipient_id == user.pk
    )
