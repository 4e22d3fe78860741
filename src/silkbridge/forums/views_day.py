"""Pages of a participant's agenda and of the forum's day: check-in desk, held / no-show marks,
walk-in bookings, feedback after a meeting, and the organisers' statistics. Thin: every rule is
in day_services, agenda, stats and permissions."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from silkbridge.forums import agenda as agendas
from silkbridge.forums import (
    day_services,
    ical,
    pdf,
    permissions,
    representatives,
    selectors,
    stats,
)
from silkbridge.forums.forms_day import (
    CheckInForm,
    FeedbackForm,
    MarkForm,
    RepresentativeForm,
    WalkInForm,
)
from silkbridge.forums.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    TimeSlot,
)
from silkbridge.forums.qr import qr_svg

CHECKINS_PER_PAGE = 25


def _event(request: HttpRequest, slug: str) -> Event:
    """The event, or 404 for a draft the user may not see."""
    return selectors.get_event(request.user, slug)


def _participant(request: HttpRequest, slug: str, pk: int) -> Participant:
    event = _event(request, slug)
    return get_object_or_404(
        Participant.objects.select_related("event", "organisation"), event=event, pk=pk
    )


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("event", "slot", "a__organisation", "b__organisation"),
        pk=pk,
    )


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form, error: ValidationError, hidden: set[str] | frozenset = frozenset()) -> None:
    """A service's errors on the form: under their field when it is shown, else on top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages_ in error.message_dict.items():
        shown = field in form.fields and field not in hidden
        for message in messages_:
            form.add_error(field if shown else None, message)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """Render with what the forum's header and tabs (forums/_nav.html) need."""
    event = context["event"]
    user = request.user
    nav = {
        "organiser": permissions.can_organise(user, event),
        "acting": selectors.acting_participant(user, event),
        "can_view_participants": permissions.can_view_participants(user, event),
    }
    return render(request, template, {**nav, **context}, status=status)


def checkin_url(request: HttpRequest, participant: Participant) -> str:
    """The URL in the participant's QR code: the organisers' check-in page for this code."""
    path = reverse(
        "forums:checkin-code",
        kwargs={"slug": participant.event.slug, "token": participant.checkin_token},
    )
    return request.build_absolute_uri(path)


# --- agenda ------------------------------------------------------------------------------------


def _viewable_participant(request: HttpRequest, slug: str, pk: int) -> Participant:
    participant = _participant(request, slug, pk)
    if not permissions.can_view_agenda(request.user, participant):
        raise PermissionDenied
    return participant


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


# --- check-in ----------------------------------------------------------------------------------


def _organised(request: HttpRequest, slug: str) -> Event:
    event = _event(request, slug)
    if not permissions.can_check_in(request.user, event):
        raise PermissionDenied
    return event


def _announce(request: HttpRequest, result: day_services.CheckIn) -> None:
    name = result.participant.organisation.name
    if result.already:
        when = timezone.localtime(result.participant.checked_in_at, result.participant.event.zone)
        messages.info(
            request,
            _("%(organisation)s was already checked in at %(time)s.")
            % {"organisation": name, "time": when.strftime("%H:%M")},
        )
    else:
        messages.success(request, _("%(organisation)s is checked in.") % {"organisation": name})


@login_required
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers' desk: scan or type a code; the list shows who has arrived."""
    event = _organised(request, slug)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = day_services.check_in(
                actor=request.user, event=event, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            _announce(request, result)
            return redirect("forums:checkin", slug=event.slug)
    query = (request.GET.get("q") or "").strip()[:100]
    approved = Participant.objects.filter(event=event, status=ParticipantStatus.APPROVED)
    arrived = approved.filter(checked_in_at__isnull=False).select_related("organisation")
    page = Paginator(arrived.order_by("-checked_in_at", "pk"), CHECKINS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return _page(
        request,
        "forums/checkin.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "arrived_count": arrived.count(),
            "approved_count": approved.count(),
            "query": query,
            "found": selectors.checkin_search(event, query),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def checkin_participant(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check in a participant the desk found by name or organisation."""
    event = _organised(request, slug)
    participant = get_object_or_404(
        Participant.objects.select_related("organisation", "event"), event=event, pk=pk
    )
    try:
        result = day_services.check_in_participant(
            actor=request.user, event=event, participant=participant
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        _announce(request, result)
    return _back(request, reverse("forums:checkin", kwargs={"slug": event.slug}))


@login_required
def checkin_code(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Where a scanned QR code leads: the organiser confirms the arrival with one button."""
    event = _organised(request, slug)
    if request.method == "POST":
        try:
            result = day_services.check_in(actor=request.user, event=event, token=token)
        except ValidationError as error:
            _errors(request, error)
        else:
            _announce(request, result)
        return redirect("forums:checkin", slug=event.slug)
    participant = (
        Participant.objects.select_related("organisation")
        .filter(event=event, checkin_token=token)
        .first()
    )
    return _page(
        request,
        "forums/checkin_confirm.html",
        {"event": event, "participant": participant, "token": token},
        status=200 if participant else 404,
    )


@login_required
def badges_all(request: HttpRequest, slug: str) -> HttpResponse:
    """Every approved participant's people's badges, one page each (organisers)."""
    event = _organised(request, slug)
    return _badges_response(request, event, None)


@login_required
def badges_participant(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One participant's badges: for the organisers' desk, or its own people to print."""
    participant = _viewable_participant(request, slug, pk)
    return _badges_response(request, participant.event, participant)


def _badges_response(
    request: HttpRequest, event: Event, participant: Participant | None
) -> HttpResponse:
    from silkbridge.forums import badges  # the PDF library loads only when badges are printed

    chosen = badges.badged_participants(event, participant)
    body = badges.badges_pdf(event, badges.badges_of(chosen, lambda p: checkin_url(request, p)))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{badges.filename(event, participant)}"'
    return response


# --- the day: marks and walk-ins ---------------------------------------------------------------


def _current_slot(event: Event, chosen: str | None) -> TimeSlot | None:
    slots = TimeSlot.objects.filter(event=event)
    if chosen and chosen.isdigit():
        slot = slots.filter(pk=int(chosen)).first()
        if slot:
            return slot
    now = timezone.now()
    return slots.filter(ends_at__gt=now).order_by("starts_at").first() or (
        slots.order_by("-starts_at").first()
    )


@login_required
def day(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers' view of one slot: its meetings with held / no-show buttons and the
    tables still free for walk-ins."""
    event = _event(request, slug)
    if not permissions.can_run_day(request.user, event):
        raise PermissionDenied
    slot = _current_slot(event, request.GET.get("slot"))
    meetings = []
    free: list[int] = []
    if slot is not None:
        meetings = list(
            Meeting.objects.filter(slot=slot)
            .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.DRAFT])
            .select_related("a__organisation", "b__organisation", "slot")
            .order_by("virtual", "table", "pk")
        )
        free = day_services.free_tables(slot)
    return _page(
        request,
        "forums/day_desk.html",
        {
            "event": event,
            "slot": slot,
            "slots": TimeSlot.objects.filter(event=event).order_by("starts_at"),
            "meetings": meetings,
            "free_tables": free,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    if not permissions.can_mark_meeting(request.user, meeting):
        raise PermissionDenied
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose held or no-show."))
    else:
        try:
            day_services.mark_meeting(
                actor=request.user, meeting=meeting, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The meeting is marked."))
    return _back(request, reverse("forums:day", kwargs={"slug": meeting.event.slug}))


def _own_participant(request: HttpRequest, event: Event) -> Participant | None:
    for participant in permissions.my_participants(request.user, event):
        if participant.status == ParticipantStatus.APPROVED:
            return participant
    return None


@login_required
def walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Book a walk-in meeting: organisers for any two participants, a participant for itself."""
    event = _event(request, slug)
    organiser = permissions.can_run_day(request.user, event)
    own = None if organiser else _own_participant(request, event)
    if not organiser and own is None:
        raise PermissionDenied
    initial = {"slot": request.GET.get("slot")} if request.GET.get("slot") else None
    form = WalkInForm(request.POST or None, event=event, own=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = day_services.book_walk_in(
                actor=request.user,
                event=event,
                slot=data["slot"],
                a=own if own is not None else data["a"],
                b=data["b"],
                table=data["table"],
                virtual=data["virtual"],
            )
        except ValidationError as error:
            _form_errors(form, error, hidden={"a"} if own else set())
        else:
            where = (
                _("online") if meeting.virtual else _("table %(table)s") % {"table": meeting.table}
            )
            messages.success(request, _("Walk-in meeting booked: %(where)s.") % {"where": where})
            if organiser:
                return redirect(
                    f"{reverse('forums:day', kwargs={'slug': slug})}?slot={meeting.slot_id}"
                )
            return redirect(agendas.agenda_url(own))
    return _page(
        request,
        "forums/day_walk_in.html",
        {"event": event, "form": form, "own": own, "organiser": organiser},
        status=422 if form.errors else 200,
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
