"""Template filters for account pages."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from silkbridge.directory.models import PersonRole

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A time span in words ("1 hour", "30 minutes"), translated, for the lock-out page."""
    if not value:
        return ""
    now = timezone.now()
    return timesince(now, now + value)


@register.filter
def role_label(value: str) -> str:
    """The translated name of an organisation role stored as a code ("admin" -> "Admin")."""
    return str(dict(PersonRole.choices).get(value, value))
