"""Pages after a meeting and after the event: feedback, introductions requested from it, and
the statistics of the organisers and of each participant. Thin: every rule is in day_services,
after_event, stats and permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from silkbridge.forums import day_services, permissions, stats
from silkbridge.forums.forms_day import FeedbackForm
from silkbridge.forums.models import Meeting, MeetingFeedback, Participant
from silkbridge.forums.views_day_shared import (
    _errors,
    _event,
    _meeting,
    _page,
    _viewable_participant,
)

# --- feedback ----------------------------------------------------------------------------------


def _my_side(request: HttpRequest, meeting: Meeting) -> Participant:
    for participant in (meeting.a, meeting.b):
        if permissions.can_give_feedback(request.user, meeting, participant):
            return participant
    raise PermissionDenied


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    side = _my_side(request, meeting)
    partner = meeting.other_side(side.pk)
    existing = MeetingFeedback.objects.filter(meeting=meeting, participant=side).first()
    initial = None
    if existing:
        initial = {
            "rating": existing.rating,
            "follow_up_planned": "yes" if existing.follow_up_planned else "no",
            "notes": existing.notes,
        }
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            day_services.submit_feedback(
                actor=request.user, meeting=meeting, participant=side, **form.cleaned_data
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Thank you: your feedback is saved."))
            return redirect("forums:feedback", pk=meeting.pk)
    return _page(
        request,
        "forums/feedback.html",
        {
            "meeting": meeting,
            "event": meeting.event,
            "side": side,
            "partner": partner,
            "form": form,
            "existing": existing,
            "is_open": day_services.feedback_open(meeting),
            "venture_url": day_services.venture_url(meeting),
            "introduction": day_services.open_introduction(
                side.organisation_id, partner.organisation_id
            ),
            "event_tz": meeting.event.zone,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def feedback_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Request an introduction" after a meeting with a follow-up planned."""
    meeting = _meeting(pk)
    side = _my_side(request, meeting)
    try:
        introduction, created = day_services.request_introduction(
            actor=request.user, meeting=meeting, participant=side
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("forums:feedback", pk=meeting.pk)
    if created:
        messages.success(request, _("Introduction requested."))
    else:
        messages.info(request, _("Your organisations already have an open introduction."))
    return redirect(introduction.get_absolute_url())


# --- statistics --------------------------------------------------------------------------------


@login_required
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if not permissions.can_view_stats(request.user, event):
        raise PermissionDenied
    figures = stats.event_stats(event)
    if request.GET.get("format") == "csv":
        response = HttpResponse(stats.stats_csv(figures), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-statistics.csv"'
        return response
    page = Paginator(figures.participants, 50).get_page(request.GET.get("page"))
    return _page(
        request,
        "forums/stats.html",
        {"event": event, "stats": figures, "page": page},
    )


@login_required
@require_POST
def feedback_remind(request: HttpRequest, slug: str) -> HttpResponse:
    """Remind every participant that owes feedback (each once)."""
    event = _event(request, slug)
    if not permissions.can_view_stats(request.user, event):
        raise PermissionDenied
    from silkbridge.forums.after_event import remind_feedback

    told = remind_feedback(actor=request.user, event=event)
    messages.success(
        request,
        ngettext(
            "%(count)d participant was reminded to give feedback.",
            "%(count)d participants were reminded to give feedback.",
            told,
        )
        % {"count": told},
    )
    return redirect("forums:stats", slug=event.slug)


@login_required
def own_statistics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant's figures about itself, for its people (and the organisers)."""
    from silkbridge.forums.after_event import own_figures

    participant = _viewable_participant(request, slug, pk)
    return _page(
        request,
        "forums/own_stats.html",
        {
            "event": participant.event,
            "participant": participant,
            "figures": own_figures(participant),
        },
    )
