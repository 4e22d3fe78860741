"""Pages of the organisers' desk on the forum's day: check-in, badges, held / no-show marks
and walk-in bookings. Thin: every rule is in day_services, badges and permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.forums import agenda as agendas
from silkbridge.forums import day_services, permissions, selectors
from silkbridge.forums.forms_day import CheckInForm, MarkForm, WalkInForm
from silkbridge.forums.models import (
    Event,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    TimeSlot,
)
from silkbridge.forums.views_day_shared import (
    _back,
    _errors,
    _event,
    _form_errors,
    _meeting,
    _page,
    _viewable_participant,
    checkin_url,
)

CHECKINS_PER_PAGE = 25


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
