"""The notification inbox over the API. Pages are read by keyset (`before`/`after` a
notification id) through the same selector as the inbox page, never with OFFSET or a full
COUNT(*); the unread count stops at the badge's limit. Texts are rendered in the reader's
account language."""

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Status

from silkbridge.api import ERROR_RESPONSES
from silkbridge.notifications import selectors, services
from silkbridge.notifications.models import Notification
from silkbridge.notifications.schemas import (
    InboxFilters,
    NotificationOut,
    NotificationPage,
    ReadAllOut,
    UnreadCountOut,
)

notifications_router = Router(tags=["notifications"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _link(request: HttpRequest, **cursor: int) -> str:
    params = request.GET.copy()
    for name in ("before", "after"):
        params.pop(name, None)
    params.update({name: str(value) for name, value in cursor.items()})
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _language(user: Any) -> str:
    """The account's language; the request's when the account names none."""
    return getattr(user, "language", "") or translation.get_language()


def _outs(request: HttpRequest, notifications: list[Notification]) -> list[NotificationOut]:
    with translation.override(_language(request.user)):
        return [
            NotificationOut(
                id=n.pk,
                kind=n.kind,
                text=n.text,
                url=request.build_absolute_uri(n.url) if n.url.startswith("/") else n.url,
                created_at=n.created_at,
                read=not n.is_unread,
            )
            for n in notifications
        ]


@notifications_router.get("", response=_ok(NotificationPage), summary="My notifications")
def list_notifications(request: HttpRequest, filters: Query[InboxFilters]) -> Any:
    """Newest first, `page_size` at a time; `next` leads to older ones, `previous` to newer."""
    page = selectors.inbox_page(
        request.user, before=filters.before, after=filters.after, per_page=filters.page_size
    )
    return {
        "next": _link(request, before=page.older_cursor) if page.older_cursor else None,
        "previous": _link(request, after=page.newer_cursor) if page.newer_cursor else None,
        "items": _outs(request, page.notifications),
    }


@notifications_router.get("/unread-count", response=_ok(UnreadCountOut), summary="Unread count")
def unread_count(request: HttpRequest) -> Any:
    """For a badge: counting stops just past the limit, so it stays cheap for any inbox."""
    limit = selectors.BADGE_CAP
    found = selectors.unread_count(request.user, cap=limit)
    return {"unread": min(found, limit), "limit": limit, "more": found > limit}


@notifications_router.post(
    "/{notification_id}/read", response=_ok(NotificationOut), summary="Mark one read"
)
def mark_read(request: HttpRequest, notification_id: int) -> Any:
    """Only your own notifications; anyone else's is not found."""
    notification = selectors.get_own_notification(request.user, notification_id)
    services.mark_read(user=request.user, notification=notification)
    notification.refresh_from_db()
    return _outs(request, [notification])[0]


@notifications_router.post("/read-all", response=_ok(ReadAllOut), summary="Mark all read")
def mark_all_read(request: HttpRequest) -> Any:
    return Status(200, {"marked": services.mark_all_read(user=request.user)})
