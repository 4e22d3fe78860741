"""Who may do what with announcements: the secretariat writes and publishes; everyone, signed in
or not, reads what is published."""

from __future__ import annotations

from silkbridge.announcements.models import Announcement
from silkbridge.directory.permissions import AnyUser, is_secretariat

__all__ = ["can_manage_announcements", "can_view_announcement"]


def can_manage_announcements(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_view_announcement(user: AnyUser, announcement: Announcement) -> bool:
    """Published and current: everyone; drafts, scheduled or expired: the secretariat."""
    return announcement.is_public() or can_manage_announcements(user)
