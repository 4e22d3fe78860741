"""Creating notifications. Callers describe the event; this module decides who is told how."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction

from silkbridge.accounts.models import EmailNotifications, PlatformRole
from silkbridge.directory.models import Organisation
from silkbridge.notifications.kinds import KINDS
from silkbridge.notifications.models import Notification

User = get_user_model()


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
        rows.append(
            Notification(recipient=user, kind=kind, url=url, params=dict(params or {}))
        )
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
