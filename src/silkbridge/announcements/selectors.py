"""Reads of announcements with their access rules: the public sees what is published and
current; the secretariat sees everything. A hidden announcement and a missing one are the same
404."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from silkbridge.announcements import permissions
from silkbridge.announcements.models import Announcement, AnnouncementKind
from silkbridge.directory.permissions import AnyUser

__all__ = ["PAGE_SIZE", "all_announcements", "get_announcement", "public_announcements"]

PAGE_SIZE = 20


def public_announcements(kind: str = "") -> QuerySet[Announcement]:
    """What anyone may read, newest first, optionally of one kind."""
    qs = Announcement.objects.public().select_related("forum").order_by("-published_at", "-id")
    if kind in AnnouncementKind.values:
        qs = qs.filter(kind=kind)
    return qs


def all_announcements(user: AnyUser, kind: str = "") -> QuerySet[Announcement]:
    """Every announcement, drafts first, for the secretariat's list."""
    if not permissions.can_manage_announcements(user):
        raise Http404
    qs = Announcement.objects.select_related("author", "forum")
    if kind in AnnouncementKind.values:
        qs = qs.filter(kind=kind)
    # Drafts (no publication date) first, on PostgreSQL and SQLite alike.
    return qs.order_by(F("published_at").desc(nulls_first=True), "-updated_at", "-id")


def get_announcement(user: AnyUser, pk: int) -> Announcement:
    announcement = Announcement.objects.select_related("forum", "author").filter(pk=pk).first()
    if announcement is None or not permissions.can_view_announcement(user, announcement):
        raise Http404
    return announcement
