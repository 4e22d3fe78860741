"""The organisers' pages for many participants at once: approve or refuse a selection, and
message all participants or a filtered group; and the page where a recipient reads a message.
The rules are in `bulk`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from silkbridge.core.form_errors import add_errors
from silkbridge.forums import bulk, permissions, selectors
from silkbridge.forums.forms import MessageForm
from silkbridge.forums.models import ForumMessage

FILTERS = ("q", "country", "participation_type", "sector", "status")


def _filters(data: dict) -> selectors.ParticipantFilters:
    return selectors.ParticipantFilters(**{k: v for k, v in data.items() if k in FILTERS and v})


@login_required
@require_POST
def participants_decide(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    approve = request.POST.get("decision") == "approve"
    ids = [value for value in request.POST.getlist("participants") if value.isdigit()]
    try:
        result = bulk.decide_many(
            actor=request.user, event=event, participant_ids=map(int, ids), approve=approve
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done = len(result.decided)
        text = (
            ngettext("%(count)d registration approved.", "%(count)d registrations approved.", done)
            if approve
            else ngettext(
                "%(count)d registration refused.", "%(count)d registrations refused.", done
            )
        ) % {"count": done}
        if result.skipped:
            text += " " + ngettext(
                "%(count)d was already decided.",
                "%(count)d were already decided.",
                len(result.skipped),
            ) % {"count": len(result.skipped)}
        messages.success(request, text)
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("forums:participants", slug=event.slug)


@login_required
def participants_message(request: HttpRequest, slug: str) -> HttpResponse:
    """Write to the registrations the filters select; the count shows who it will reach."""
    event = selectors.get_organised_event(request.user, slug)
    form = MessageForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            message = bulk.message_participants(
                actor=request.user,
                event=event,
                filters=_filters(form.cleaned_data),
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                audience=form.audience_words(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            count = message.recipients.count()
            messages.success(
                request,
                ngettext(
                    "The message is sent to %(count)d organisation.",
                    "The message is sent to %(count)d organisations.",
                    count,
                )
                % {"count": count},
            )
            return redirect("forums:message", slug=event.slug, pk=message.pk)
    source = form.data if form.is_bound else request.GET
    preview = MessageForm({**source.dict(), "subject": "-", "body": "-"})
    reach = (
        bulk.audience_of(event, _filters(preview.cleaned_data)).count() if preview.is_valid() else 0
    )
    return render(
        request,
        "forums/message_form.html",
        {
            "event": event,
            "form": form,
            "reach": reach,
            "sent": event.messages.select_related("sent_by")[:20],
            "organiser": True,
        },
        status=422 if form.errors else 200,
    )


@login_required
def message_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    message = get_object_or_404(
        ForumMessage.objects.select_related("event", "sent_by"), event=event, pk=pk
    )
    if not bulk.can_read_message(request.user, message):
        raise Http404
    return render(
        request,
        "forums/message.html",
        {
            "event": event,
            "message": message,
            "recipient_count": message.recipients.count(),
            "organiser": permissions.can_organise(request.user, event),
            "acting": selectors.acting_participant(request.user, event),
            "can_view_participants": permissions.can_view_participants(request.user, event),
        },
    )
