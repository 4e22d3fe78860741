from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import cached_property

from silkbridge.notifications.selectors import BADGE_CAP, unread_count


class UnreadBadge:
    """The navbar's unread count, queried only if a template shows it (one capped count)."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self.user)

    @property
    def display(self) -> str:
        return f"{BADGE_CAP}+" if self.count > BADGE_CAP else str(self.count)

    @property
    def more_than_cap(self) -> bool:
        return self.count > BADGE_CAP


def platform(request: HttpRequest) -> dict:
    """Values every page needs: the configured countries, the user's platform role and, for
    signed-in people, their unread notifications."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "PLATFORM_COUNTRIES": settings.SILKBRIDGE_COUNTRIES,
        "is_secretariat": signed_in and user.is_secretariat,
        "unread_notifications": UnreadBadge(user) if signed_in else None,
    }
