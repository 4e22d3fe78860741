"""Forum pages: events, sessions, registration, participants and the marketplace. Requests are
in views_requests.py, the organiser's schedule in views_schedule.py. Each view parses input,
calls a selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.core.form_errors import add_errors
from silkbridge.forums import permissions, selectors, services
from silkbridge.forums.forms import (
    EventForm,
    ParticipantFilterForm,
    RegistrationForm,
    RequestForm,
    SessionForm,
    SlotCapacityForm,
)
from silkbridge.forums.meeting_requests import check_pair
from silkbridge.forums.models import EventStatus, ParticipantStatus, Session, TimeSlot
from silkbridge.introductions.selectors import member_organisation_ids


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _params(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- events ------------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.events_for(request.user), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forums/list.html",
        {"page": page, "can_create": permissions.can_create_event(request.user)},
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_event(request.user):
        raise Http404
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                actor=request.user,
                data=form.event_data() | {"allowed_pairs": form.cleaned_data["allowed_pairs"]},
                organisers=form.cleaned_data["organiser_emails"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The forum is created as a draft: now add its sessions."))
            return redirect("forums:sessions", slug=event.slug)
    return render(request, "forums/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                actor=request.user,
                event=event,
                data=form.event_data() | {"allowed_pairs": form.cleaned_data["allowed_pairs"]},
                organisers={request.user, *form.cleaned_data["organiser_emails"]},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The forum is saved."))
            return redirect(event)
    return render(request, "forums/event_form.html", {"form": form, "event": event})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    user = request.user
    mine = permissions.my_participants(user, event)
    return render(
        request,
        "forums/event.html",
        {
            "event": event,
            "organiser": permissions.can_organise(user, event),
            "mine": mine,
            "approved": [p for p in mine if p.status == ParticipantStatus.APPROVED],
            "can_register": permissions.can_register(user, event)
            and bool(selectors.user_organisations_to_register(user, event)),
            # Signed in without an organisation: the way to take part goes through joining.
            "has_organisation": bool(member_organisation_ids(user)),
            "can_view_participants": permissions.can_view_participants(user, event),
            "sessions": event.sessions.prefetch_related("slots"),
            "counts": selectors.counts(event),
            "statuses": EventStatus.choices,
        },
    )


@login_required
@require_POST
def event_status(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    try:
        services.set_event_status(
            actor=request.user, event=event, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("The forum is now: %(status)s.") % {"status": event.get_status_display()}
        )
    return redirect(event)


# --- sessions and slots ------------------------------------------------------------------------


@login_required
def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    form = SessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The session is added and cut into slots."))
            return redirect("forums:sessions", slug=event.slug)
    return render(
        request,
        "forums/sessions.html",
        {
            "event": event,
            "form": form,
            "sessions": event.sessions.prefetch_related("slots"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    session = Session.objects.filter(event=event, pk=pk).first()
    if session is None:
        raise Http404
    try:
        services.delete_session(actor=request.user, session=session)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The session is deleted."))
    return redirect("forums:sessions", slug=event.slug)


@login_required
@require_POST
def slot_capacity(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    slot = TimeSlot.objects.filter(event=event, pk=pk).first()
    if slot is None:
        raise Http404
    form = SlotCapacityForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("forums:sessions", slug=event.slug)
    try:
        services.set_slot_capacity(actor=request.user, slot=slot, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The slot's capacity is saved."))
    return redirect("forums:sessions", slug=event.slug)


# --- registration ------------------------------------------------------------------------------


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    if not permissions.can_register(request.user, event):
        messages.error(request, _("Registration for this forum is not open."))
        return redirect(event)
    choices = selectors.user_organisations_to_register(request.user, event)
    if not choices:
        messages.info(request, _("Your organisations are already registered."))
        return redirect(event)
    wanted = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = next((o for o in choices if str(o.pk) == wanted), choices[0])
    form = RegistrationForm(
        request.POST or None,
        event=event,
        organisation=organisation,
        initial={"representatives": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.register(
                actor=request.user, event=event, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if participant.status == ParticipantStatus.WAITING:
                messages.info(
                    request,
                    _(
                        "The forum is full: you are number %(position)d on the waiting list. "
                        "You will be told when a place frees up."
                    )
                    % {"position": services.waiting_position(participant)},
                )
            else:
                messages.success(
                    request, _("Your registration is received; the organisers will confirm it.")
                )
            return redirect("forums:participant", slug=event.slug, pk=participant.pk)
    return render(
        request,
        "forums/register.html",
        {"event": event, "form": form, "organisation": organisation, "choices": choices},
        status=400 if form.errors else 200,
    )


@login_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    if not permissions.can_view_participants(request.user, event):
        raise Http404
    organiser = permissions.can_organise(request.user, event)
    form = ParticipantFilterForm(request.GET or None, organiser=organiser)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.participants(
        event,
        selectors.ParticipantFilters(**{k: v for k, v in filters.items() if v}),
        organiser=organiser,
    )
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    acting = selectors.acting_participant(request.user, event)
    return render(
        request,
        "forums/participants.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "params": _params(request),
            "organiser": organiser,
            "acting": acting,
            "requested": selectors.requested_partner_ids(acting) if acting else set(),
        },
    )


@login_required
def participant_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    participant = selectors.get_participant(request.user, event, pk)
    acting = selectors.acting_participant(request.user, event)
    can_request, why_not = False, ""
    if acting and permissions.can_request_meetings(request.user, acting):
        try:
            check_pair(acting, participant, request.user)
        except ValidationError as error:
            why_not = " ".join(error.messages)
        else:
            can_request = participant.pk not in selectors.requested_partner_ids(acting)
            if not can_request:
                why_not = _("You already have an open request with this organisation.")
    return render(
        request,
        "forums/participant.html",
        {
            "event": event,
            "participant": participant,
            "organisation": participant.organisation,
            "representatives": participant.representatives.select_related("user"),
            "own": permissions.is_participant_member(request.user, participant),
            "organiser": permissions.can_organise(request.user, event),
            "acting": acting,
            "can_request": can_request,
            "why_not": why_not if acting and acting.pk != participant.pk else "",
            "request_form": RequestForm(sender=acting if can_request else None),
            "waiting_position": services.waiting_position(participant),
            "opportunities": selectors.marketplace(event).filter(
                organisation=participant.organisation
            )[:5],
            "available": participant.available_slots.order_by("order"),
        },
    )


@login_required
def participant_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    participant = selectors.get_participant(request.user, event, pk)
    if not permissions.can_manage_participant(request.user, participant):
        raise Http404
    form = RegistrationForm(
        request.POST or None,
        event=event,
        organisation=participant.organisation,
        initial={
            "participation_type": participant.participation_type,
            "pitch": participant.pitch,
            "representatives": list(participant.representatives.values_list("user_id", flat=True)),
            "available_slots": list(participant.available_slots.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_registration(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your registration is saved."))
            return redirect("forums:participant", slug=event.slug, pk=participant.pk)
    return render(
        request,
        "forums/register.html",
        {
            "event": event,
            "form": form,
            "organisation": participant.organisation,
            "participant": participant,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def participant_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    participant = selectors.get_participant(request.user, event, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_participant(actor=request.user, participant=participant, approve=approve)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(organisation)s is approved.") % {"organisation": participant.organisation.name}
            if approve
            else _("%(organisation)s is rejected.")
            % {"organisation": participant.organisation.name},
        )
    return redirect("forums:participants", slug=event.slug)


@login_required
@require_POST
def participant_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    participant = selectors.get_participant(request.user, event, pk)
    if not permissions.can_manage_participant(request.user, participant):
        raise Http404
    try:
        services.withdraw(actor=request.user, participant=participant)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The registration is withdrawn."))
    return redirect(event)


@login_required
def marketplace(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event(request.user, slug)
    if not permissions.can_view_participants(request.user, event):
        raise Http404
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.marketplace(event, q), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    participant_of = dict(
        event.participants.filter(status=ParticipantStatus.APPROVED).values_list(
            "organisation_id", "pk"
        )
    )
    for opportunity in page:
        opportunity.participant_pk = participant_of[opportunity.organisation_id]
    return render(
        request,
        "forums/marketplace.html",
        {
            "event": event,
            "page": page,
            "q": q,
            "params": _params(request),
        },
    )
