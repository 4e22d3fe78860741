"""Meeting request pages: a participant's requests and suggested partners, and the actions on
a request (send, accept, decline, cancel, mark)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.forums import meeting_requests, permissions, selectors
from silkbridge.forums.forms import MarkForm, RequestForm
from silkbridge.forums.models import MeetingRequest, RequestOrigin, RequestStatus
from silkbridge.forums.views import flash_errors

TABS = ("incoming", "outgoing", "accepted", "closed")


@login_required
def request_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The acting participant's requests by tab, with suggested partners; organisers without a
    registration of their own see every request of the event."""
    event = selectors.get_event(request.user, slug)
    acting = selectors.acting_participant(request.user, event)
    organiser = permissions.can_organise(request.user, event)
    if acting is None and not organiser:
        raise Http404
    tab = request.GET.get("tab")
    if tab not in TABS:
        tab = "incoming"
    context = {"event": event, "acting": acting, "organiser": organiser, "tab": tab}
    if acting is not None:
        tabs = selectors.requests_of(acting)
        if request.GET.get("tab") not in TABS:
            # Open on the first tab that holds something, not on an empty one beside a full one.
            tab = next((key for key in TABS if tabs.get(key)), "incoming")
        context |= {
            "tab": tab,
            "tabs": [(key, _label(key), len(tabs.get(key, []))) for key in TABS],
            "rows": tabs.get(tab, []),
            "suggestions": selectors.suggested_partners(acting)
            if permissions.can_request_meetings(request.user, acting)
            else [],
            "mark_form": MarkForm(),
        }
    else:
        status = request.GET.get("status", "")
        context |= {
            "page": Paginator(
                selectors.event_requests(event, status), selectors.PAGE_SIZE
            ).get_page(request.GET.get("page")),
            "status": status,
            "statuses": RequestStatus.choices,
        }
    return render(request, "forums/requests.html", context)


def _label(key: str) -> str:
    return {
        "incoming": _("To answer"),
        "outgoing": _("Sent"),
        "accepted": _("Agreed"),
        "closed": _("Closed"),
    }[key]


@login_required
@require_POST
def request_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    receiver = selectors.get_participant(request.user, event, pk)
    sender = selectors.acting_participant(request.user, event)
    if sender is None:
        raise Http404
    form = RequestForm(request.POST, sender=sender)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("forums:participant", slug=event.slug, pk=receiver.pk)
    origin = (
        RequestOrigin.SUGGESTED
        if request.POST.get("origin") == RequestOrigin.SUGGESTED
        else RequestOrigin.MANUAL
    )
    try:
        meeting_requests.send_request(
            actor=request.user,
            sender=sender,
            receiver=receiver,
            origin=origin,
            **form.cleaned_data,
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("forums:participant", slug=event.slug, pk=receiver.pk)
    messages.success(
        request,
        _("Your request was sent to %(organisation)s.")
        % {"organisation": receiver.organisation.name},
    )
    return redirect("forums:requests", slug=event.slug)


def _act(request: HttpRequest, slug: str, pk: int, action) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    meeting_request = selectors.get_request(request.user, pk)
    if meeting_request.event_id != event.pk:
        raise Http404
    try:
        text = action(meeting_request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, text)
    tab = request.POST.get("tab", "")
    target = f"?tab={tab}" if tab in TABS else ""
    return redirect(f"{event.get_absolute_url()}requests/{target}")


@login_required
@require_POST
def request_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def accept(item: MeetingRequest) -> str:
        form = MarkForm(request.POST)
        mark = form.cleaned_data["mark"] if form.is_valid() else ""
        meeting_requests.accept_request(actor=request.user, request=item, mark=mark)
        return _("Accepted: the meeting will be placed in the schedule.")

    return _act(request, slug, pk, accept)


@login_required
@require_POST
def request_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def decline(item: MeetingRequest) -> str:
        meeting_requests.decline_request(actor=request.user, request=item)
        return _("The request is declined.")

    return _act(request, slug, pk, decline)


@login_required
@require_POST
def request_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def cancel(item: MeetingRequest) -> str:
        meeting_requests.cancel_request(actor=request.user, request=item)
        return _("The request is cancelled.")

    return _act(request, slug, pk, cancel)


@login_required
@require_POST
def request_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def mark(item: MeetingRequest) -> str:
        form = MarkForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Select a valid choice."))
        meeting_requests.set_mark(actor=request.user, request=item, mark=form.cleaned_data["mark"])
        return _("Your preference is saved.")

    return _act(request, slug, pk, mark)
