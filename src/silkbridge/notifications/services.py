"""Creating notifications. Callers describe the event; this module decides who is told how."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from silkbridge.accounts.models import EmailNotifications, PlatformRole
from silkbridge.directory.models import Organisation
from silkbridge.notifications import emails, permissions
from silkbridge.notifications.kinds import KINDS
from silkbridge.notifications.models import Notification

User = get_user_model()
logger = logging.getLogger(__name__)


def people_of(organisation: Organisation | int):
    """Active users who belong to an organisation: the people told about its affairs."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return User.objects.filter(is_active=True, people__organisation_id=organisation_id).distinct()


def secretariat():
    return User.objects.filter(is_active=True, platform_role=PlatformRole.SECRETARIAT)


def notify(
    recipients: Iterable,
    kind: str,
    *,
    url: str = "",
    params: dict | None = None,
    exclude=None,
) -> list[Notification]:
    """Record one notification per recipient (each user once, never `exclude`) and queue the
    per-event e-mails for after the transaction commits, so a rollback tells nobody."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, url=url, params=dict(params or {})))
    created = Notification.objects.bulk_create(rows)
    each = [
        row.pk
        for row in created
        if row.recipient.email_notifications == EmailNotifications.EACH and row.pk is not None
    ]
    if each:
        from silkbridge.notifications.tasks import email_notifications

        transaction.on_commit(lambda: email_notifications(each))
    return created


def mark_read(*, user, notification: Notification) -> bool:
    """Mark one of the user's notifications read; False when it already was."""
    if not permissions.can_view_notification(user, notification):
        raise PermissionDenied
    return bool(
        Notification.objects.filter(
            pk=notification.pk, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def send_notification_emails(ids: Iterable[int]) -> int:
    """E-mail each notification to its recipient, at most once.

    A notification is claimed by setting `emailed_at` only where it is still empty, so a retried
    task or a second worker never sends it again; if sending fails the claim is released and the
    error raised, so the task's retry tries again. Recipients who have meanwhile chosen a digest
    or no e-mail, or whose account is disabled, are skipped.
    """
    sent = 0
    pending = (
        Notification.objects.filter(pk__in=list(ids), emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    for notification in pending:
        user = notification.recipient
        if not user.is_active or user.email_notifications != EmailNotifications.EACH:
            continue
        claimed_at = timezone.now()
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=claimed_at
        )
        if not claimed:
            continue
        try:
            emails.notification_message(notification).send()
        except Exception:
            Notification.objects.filter(pk=notification.pk, emailed_at=claimed_at).update(
                emailed_at=None
            )
            raise
        sent += 1
    return sent


def digest_due_at(user, now: datetime) -> datetime | None:
    """Today's digest moment in the user's time zone, or None while it is still ahead."""
    local = now.astimezone(emails.zone_of(user))
    due = local.replace(hour=settings.SILKBRIDGE_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return due if local >= due else None


def send_digests(now: datetime | None = None) -> int:
    """Send each "daily" user whose local digest hour has come one e-mail with the
    notifications not yet e-mailed; returns the number of e-mails sent.

    Safe to run as often as wanted: `last_digest_at` is claimed with a conditional update, so a
    second run (or a second process) the same day sends nothing.
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(recipient=OuterRef("pk"), emailed_at__isnull=True)
    # Only users with something to send, found through the notification_not_emailed index.
    candidates = list(
        User.objects.filter(is_active=True, email_notifications=EmailNotifications.DAILY)
        .filter(Exists(pending))
        .only("pk", "email", "full_name", "language", "time_zone", "last_digest_at")
        .order_by("pk")
    )
    sent = 0
    for user in candidates:
        due = digest_due_at(user, now)
        if due is None or (user.last_digest_at is not None and user.last_digest_at >= due):
            continue
        try:
            sent += _send_digest(user, due=due, now=now)
        except Exception:
            # One bad address or a mail server hiccup must not hold back everyone else's digest.
            logger.exception("Daily digest for user %s failed; it is tried again next run", user.pk)
    return sent


def _send_digest(user, *, due: datetime, now: datetime) -> int:
    previous = user.last_digest_at
    with transaction.atomic():
        claimed = (
            User.objects.filter(
                pk=user.pk, is_active=True, email_notifications=EmailNotifications.DAILY
            )
            .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=due))
            .update(last_digest_at=now)
        )
        if not claimed:
            return 0
        total = Notification.objects.filter(recipient=user, emailed_at__isnull=True).update(
            emailed_at=now
        )
        listed = list(
            Notification.objects.filter(recipient=user, emailed_at=now).order_by(
                "-created_at", "-id"
            )[: emails.DIGEST_LIMIT]
        )
    if not total:
        return 0
    try:
        emails.digest_message(user, listed, total).send()
    except Exception:
        # Release the claim so the next run sends the digest after all.
        Notification.objects.filter(recipient=user, emailed_at=now).update(emailed_at=None)
        User.objects.filter(pk=user.pk, last_digest_at=now).update(last_digest_at=previous)
        raise
    return 1
