"""The notification inbox: list, open (mark read and follow the link), mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from silkbridge.notifications import selectors, services


def _cursor(value: str | None) -> int | None:
    """A notification id from the query string; anything else (or too big) means none."""
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = selectors.inbox_page(
        request.user,
        before=_cursor(request.GET.get("before")),
        after=_cursor(request.GET.get("after")),
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go where it points.

    A plain link (GET) so it can be opened in a new tab; marking one's own notification read is
    harmless to repeat. Only local addresses are followed, never another site.
    """
    notification = selectors.get_own_notification(request.user, pk)
    services.mark_read(user=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    changed = services.mark_all_read(user=request.user)
    if changed:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
