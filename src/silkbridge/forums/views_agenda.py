"""Pages of a participant's agenda before and on the day: the agenda itself, its PDF and
calendar, the offline web app (manifest and service worker), and who attends a meeting.
Thin: every rule is in agenda, representatives and permissions."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.forums import agenda as agendas
from silkbridge.forums import ical, pdf, permissions, representatives, selectors
from silkbridge.forums.forms_day import RepresentativeForm
from silkbridge.forums.models import EventStatus, MeetingFeedback, Participant, ParticipantStatus
from silkbridge.forums.qr import qr_svg
from silkbridge.forums.views_day_shared import (
    _back,
    _errors,
    _event,
    _meeting,
    _page,
    _viewable_participant,
    checkin_url,
)


def _person(request: HttpRequest) -> int | None:
    """The representative whose agenda is asked for (`?person=<user id>`), if any."""
    value = request.GET.get("person", "")
    return int(value) if value.isdigit() else None


@login_required
def agenda(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    participant = _viewable_participant(request, slug, pk)
    shown = agendas.build_agenda(request.user, participant, person_id=_person(request))
    event = participant.event
    given = set(
        MeetingFeedback.objects.filter(participant=participant).values_list("meeting_id", flat=True)
    )
    code = ""
    if participant.status == ParticipantStatus.APPROVED:
        name = participant.organisation.name
        code = qr_svg(
            checkin_url(request, participant),
            _("Check-in code of %(organisation)s") % {"organisation": name},
        )
    return _page(
        request,
        "forums/agenda.html",
        {
            "event": event,
            "participant": participant,
            "agenda": shown,
            "feedback_given": given,
            "checkin_code": code,
            "is_member": permissions.is_participant_member(request.user, participant),
            "can_organise": permissions.can_organise(request.user, event),
            "can_choose": representatives.can_choose_representative(request.user, participant),
            "generated_at": timezone.now(),
            "published_at": selectors.last_published(event),
            "can_book": event.status == EventStatus.PUBLISHED
            and participant.status == ParticipantStatus.APPROVED,
        },
    )


@login_required
def agenda_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    participant = _viewable_participant(request, slug, pk)
    with translation.override(pdf.pdf_language()):
        shown = agendas.build_agenda(request.user, participant, person_id=_person(request))
        approved = participant.status == ParticipantStatus.APPROVED
        code = checkin_url(request, participant) if approved else ""
        body = pdf.agenda_pdf(shown, code)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(shown)}"'
    return response


@login_required
def agenda_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    participant = _viewable_participant(request, slug, pk)
    shown = agendas.build_agenda(request.user, participant, person_id=_person(request))
    body = ical.agenda_calendar(shown, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ical.filename(shown)}"'
    return response


#: Bumped when the service worker's caching changes, so browsers drop the old copies.
OFFLINE_VERSION = "1"


def agenda_manifest(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """The web app manifest that lets a phone install an agenda. Browsers fetch it without
    cookies, so it holds nothing but the public event name and where to start."""
    event = _event(request, slug)
    participant = get_object_or_404(Participant, event=event, pk=pk)
    person = _person(request)
    data = {
        "name": _("Agenda · %(event)s") % {"event": event.name},
        "short_name": _("Agenda"),
        "start_url": agendas.agenda_url(participant, person),
        "scope": reverse("forums:list"),
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": "#0d6efd",
        "lang": translation.get_language() or "en",
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "icons": [
            {
                "src": static("silkbridge/favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def agenda_service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that keeps agendas readable offline (scope: the forums' pages)."""
    body = render_to_string(
        "forums/agenda_sw.js",
        {
            "version": OFFLINE_VERSION,
            "static_prefix": settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL,
            "offline_text": mark_safe(  # noqa: S308 - JSON of our own translated sentence
                json.dumps(_("You are offline and this agenda was never opened on this device."))
            ),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("forums:list")
    return response


@login_required
def my_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The signed-in person's agenda at this event: their own meetings when they are one of
    several representatives, else the organisation's."""
    event = _event(request, slug)
    mine = [
        p
        for p in permissions.my_participants(request.user, event)
        if p.status == ParticipantStatus.APPROVED
    ]
    if not mine:
        raise Http404
    team = set(mine[0].representatives.values_list("user_id", flat=True))
    personal = len(team) > 1 and request.user.pk in team
    return redirect(agendas.agenda_url(mine[0], request.user.pk if personal else None))


@login_required
@require_POST
def meeting_representative(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's admin names who attends a meeting for their side."""
    meeting = _meeting(pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise PermissionDenied
    form = RepresentativeForm(request.POST, meeting=meeting)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            representatives.choose_representative(
                actor=request.user,
                meeting=meeting,
                participant=form.cleaned_data["participant"],
                representative=form.cleaned_data["representative"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Who attends is saved."))
    participant = form.cleaned_data.get("participant") if form.is_valid() else meeting.a
    return _back(request, agendas.agenda_url(participant))
