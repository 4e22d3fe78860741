"""Writes for announcements. Only the secretariat writes; every write is audit-logged (the model
is registered with auditlog and the actor set here) and drops the cached visitors' home page, so
a published or withdrawn announcement shows there at once.

Publishing and unpublishing are conditional UPDATEs on the state the writer saw, so two people
pressing the button at once leave one publication date, not two."""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.announcements import permissions
from silkbridge.announcements.front_page import forget_front_page
from silkbridge.announcements.models import Announcement
from silkbridge.announcements.validation import TEXT_FIELDS, clean_announcement

__all__ = [
    "create_announcement",
    "publish_announcement",
    "unpublish_announcement",
    "update_announcement",
]

EDITABLE_FIELDS = (*TEXT_FIELDS, "kind", "forum", "expires_on")


def _check(actor: User) -> None:
    if not permissions.can_manage_announcements(actor):
        raise PermissionDenied(_("Only the secretariat writes announcements."))


def create_announcement(*, actor: User, data: dict[str, Any]) -> Announcement:
    """A new draft; nothing is public until it is published."""
    _check(actor)
    clean = clean_announcement(data)
    with set_actor(actor), transaction.atomic():
        announcement = Announcement.objects.create(
            author=actor, **{name: clean[name] for name in EDITABLE_FIELDS}
        )
    return announcement


def update_announcement(
    *, actor: User, announcement: Announcement, data: dict[str, Any]
) -> Announcement:
    """Change the texts, kind, forum or expiry; a published one stays published."""
    _check(actor)
    clean = clean_announcement(data)
    with set_actor(actor), transaction.atomic():
        for name in EDITABLE_FIELDS:
            setattr(announcement, name, clean[name])
        announcement.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
    transaction.on_commit(forget_front_page)
    return announcement


def publish_announcement(*, actor: User, announcement: Announcement) -> Announcement:
    """Publish a draft now. Publishing what is already published changes nothing."""
    _check(actor)
    clean_announcement(
        {**{name: getattr(announcement, name) for name in EDITABLE_FIELDS}, "expires_on": None}
    )
    if announcement.expires_on is not None and announcement.expires_on < timezone.localdate():
        raise ValidationError(
            {"expires_on": _("It expired already: choose a later date before publishing.")}
        )
    with set_actor(actor), transaction.atomic():
        now = timezone.now()
        updated = Announcement.objects.filter(pk=announcement.pk, published_at__isnull=True).update(
            published_at=now, updated_at=now
        )
        if updated:
            # The UPDATE above bypasses save(); log the change as a save would.
            announcement.refresh_from_db()
            _log_state_change(announcement, before=None)
    announcement.refresh_from_db()
    transaction.on_commit(forget_front_page)
    return announcement


def unpublish_announcement(*, actor: User, announcement: Announcement) -> Announcement:
    """Withdraw it from the public pages and feeds; it becomes a draft again."""
    _check(actor)
    with set_actor(actor), transaction.atomic():
        before = (
            Announcement.objects.filter(pk=announcement.pk)
            .values_list("published_at", flat=True)
            .first()
        )
        updated = Announcement.objects.filter(
            pk=announcement.pk, published_at__isnull=False
        ).update(published_at=None, updated_at=timezone.now())
        if updated:
            announcement.refresh_from_db()
            _log_state_change(announcement, before=before)
    announcement.refresh_from_db()
    transaction.on_commit(forget_front_page)
    return announcement


def _log_state_change(announcement: Announcement, *, before) -> None:
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        announcement,
        action=LogEntry.Action.UPDATE,
        changes={"published_at": [str(before), str(announcement.published_at)]},
        force_log=True,
    )
