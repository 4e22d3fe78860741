"""E-mails built from notifications, each in its reader's language and time zone.

Rendering happens here, at send time, not when the event happened: the text then follows the
reader's current language and time zone, whoever caused the event.
"""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import ngettext

from silkbridge.notifications.models import Notification

# A digest lists this many notifications and links to the inbox for the rest.
DIGEST_LIMIT = 50


def absolute_url(path: str) -> str:
    """A link for an e-mail: e-mails have no request, so the host comes from SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + (path or "/")


def zone_of(user) -> zoneinfo.ZoneInfo:
    """The user's time zone, or UTC when the stored name is unknown to this server."""
    try:
        return zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@contextlib.contextmanager
def as_reader(user) -> Iterator[None]:
    """Render in the user's language and time zone, whatever the surrounding request uses."""
    language = user.language if user.language in dict(settings.LANGUAGES) else None
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zone_of(user)):
        yield


def _item(notification: Notification) -> dict:
    return {
        "text": notification.text,
        "created_at": notification.created_at,
        "link": absolute_url(notification.url or reverse("notifications:list")),
    }


def _message(user, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {
        **context,
        "user": user,
        "site_url": absolute_url("/"),
        "inbox_url": absolute_url(reverse("notifications:list")),
        "profile_url": absolute_url(reverse("accounts:profile")),
    }
    body = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    # A subject must be one line.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(subject, body, None, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for one event, in the recipient's language and time zone."""
    user = notification.recipient
    with as_reader(user):
        item = _item(notification)
        subject = Truncator(item["text"]).chars(120)
        return _message(user, subject, "notification", {"item": item})


def digest_message(user, notifications: Sequence[Notification], total: int):
    """The daily digest listing `notifications` (the newest of `total`) in the user's terms."""
    with as_reader(user):
        subject = ngettext(
            "Silkbridge: %(count)d new notification",
            "Silkbridge: %(count)d new notifications",
            total,
        ) % {"count": total}
        return _message(
            user,
            subject,
            "digest",
            {
                "items": [_item(n) for n in notifications],
                "total": total,
                "more": max(0, total - len(notifications)),
            },
        )
