"""The agenda and the forum's day over the API: the same services, selectors and permissions
as the pages (mounted by the forums router)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from silkbridge.api import ERROR_RESPONSES
from silkbridge.forums import agenda as agendas
from silkbridge.forums import day_services, permissions, representatives, selectors, stats
from silkbridge.forums.models import Event, Meeting, Participant, Representative, TimeSlot

day_router = Router(tags=["forums: the day"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


# --- schemas -----------------------------------------------------------------------------------


class ForumAgendaMeetingOut(Schema):
    meeting_id: int
    starts_at: datetime = Field(description="UTC.")
    ends_at: datetime = Field(description="UTC.")
    starts_at_event: datetime = Field(description="In the event's time zone.")
    starts_at_viewer: datetime = Field(description="In your time zone (your profile's).")
    partner_participant_id: int
    partner_organisation_id: int
    partner_name: str
    partner_url: str
    table: int | None = Field(None, description="Null for a virtual meeting.")
    virtual: bool
    video_link: str
    status: str = Field(description="published, held or no_show")
    walk_in: bool
    reasons: list[str] = Field(description="Why you meet, in the language of the request.")
    reason_source: str = Field(description="matching, request, or empty.")
    attendee_user_id: int | None = Field(
        None, description="The representative who attends for this participant."
    )
    attendee_name: str = Field("", description="Their name; empty when nobody is free yet.")


class ForumAgendaOut(Schema):
    event_id: int
    event_slug: str
    participant_id: int
    organisation_name: str
    event_time_zone: str
    viewer_time_zone: str
    person_user_id: int | None = Field(
        None, description="The representative whose agenda this is; null for everyone's."
    )
    meetings: list[ForumAgendaMeetingOut]


class ForumAttendeeIn(Schema):
    participant_id: int = Field(description="The side of the meeting the person attends for.")
    person_user_id: int = Field(description="One of that participant's representatives.")


class ForumAttendeeOut(Schema):
    meeting_id: int
    a_attendee_user_id: int | None
    b_attendee_user_id: int | None


class ForumCheckInIn(Schema):
    token: str = Field(description="The check-in code, or the whole URL its QR code holds.")


class ForumCheckInOut(Schema):
    participant_id: int
    organisation_name: str
    checked_in_at: datetime
    already_checked_in: bool


class ForumMeetingOut(Schema):
    id: int
    event_id: int
    a_id: int
    b_id: int
    slot_id: int
    starts_at: datetime
    table: int | None
    virtual: bool
    video_link: str
    status: str
    walk_in: bool


class ForumWalkInIn(Schema):
    slot_id: int
    a_id: int = Field(description="Your own participant, unless you organise the event.")
    b_id: int
    table: int | None = Field(None, ge=1, description="Empty for the first free table.")
    virtual: bool = False


class ForumFeedbackIn(Schema):
    participant_id: int = Field(description="Your side of the meeting.")
    rating: int = Field(ge=1, le=5)
    follow_up_planned: bool
    notes: str = Field("", max_length=day_services.NOTES_MAX_LENGTH)


class ForumFeedbackOut(Schema):
    id: int
    meeting_id: int
    participant_id: int
    rating: int
    follow_up_planned: bool
    notes: str
    venture_url: str | None = Field(
        None, description="Where to open a venture from this meeting, when a follow-up is planned."
    )


class ForumFiguresOut(Schema):
    requests_sent: int
    requests_received: int
    accepted: int
    declined: int
    expired: int
    pending: int
    meetings_scheduled: int
    meetings_held: int
    no_shows: int
    walk_ins: int


class ForumParticipantStatsOut(Schema):
    participant_id: int
    organisation_name: str
    participation_type: str
    checked_in: bool
    average_rating: float | None
    figures: ForumFiguresOut


class ForumTypeStatsOut(Schema):
    participation_type: str
    participants: int
    figures: ForumFiguresOut


class ForumStatsOut(Schema):
    event_id: int
    requests: dict[str, int] = Field(description="Requests by status, each counted once.")
    totals: ForumFiguresOut = Field(description="Meetings counted once each.")
    participants_approved: int
    checked_in: int
    feedback_count: int
    average_rating: float | None
    follow_ups_planned: int
    by_type: list[ForumTypeStatsOut]
    participants: list[ForumParticipantStatsOut]


# --- helpers -----------------------------------------------------------------------------------


def _event(request: HttpRequest, slug: str) -> Event:
    """The event, or 404 for a draft the user may not see."""
    return selectors.get_event(request.user, slug)


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting, or 404 for anyone but its organisers and its two parties, so an id reveals
    nothing about meetings one is not part of."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("event", "slot", "a__organisation", "b__organisation"),
        pk=meeting_id,
    )
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


def _meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "event_id": meeting.event_id,
        "a_id": meeting.a_id,
        "b_id": meeting.b_id,
        "slot_id": meeting.slot_id,
        "starts_at": meeting.slot.starts_at,
        "table": meeting.table,
        "virtual": meeting.virtual,
        "video_link": meeting.video_link,
        "status": meeting.status,
        "walk_in": meeting.walk_in,
    }


def _figures(f: stats.Figures) -> dict:
    return {name: getattr(f, name) for name in ForumFiguresOut.model_fields}


# --- endpoints ---------------------------------------------------------------------------------


@day_router.get(
    "/events/{slug}/participants/{participant_id}/agenda",
    response=_ok(ForumAgendaOut),
    summary="A participant's agenda",
)
def agenda(request: HttpRequest, slug: str, participant_id: int, person: int | None = None):
    """A participant's published meetings (its people and the organisers); with `person` (a
    representative's user id), only the meetings that person attends."""
    participant = get_object_or_404(
        Participant.objects.select_related("event", "organisation"),
        event=_event(request, slug),
        pk=participant_id,
    )
    if not permissions.can_view_agenda(request.user, participant):
        raise PermissionDenied
    shown = agendas.build_agenda(request.user, participant, person_id=person)
    return {
        "event_id": shown.event.pk,
        "event_slug": shown.event.slug,
        "participant_id": participant.pk,
        "organisation_name": participant.organisation.name,
        "event_time_zone": shown.event_tz.key,
        "viewer_time_zone": shown.viewer_tz.key,
        "person_user_id": shown.person_id,
        "meetings": [
            {
                "meeting_id": row.meeting_id,
                "starts_at": row.starts_at,
                "ends_at": row.ends_at,
                "starts_at_event": row.event_start,
                "starts_at_viewer": row.viewer_start,
                "partner_participant_id": row.partner_participant_id,
                "partner_organisation_id": row.partner.pk,
                "partner_name": row.partner.name,
                "partner_url": row.partner_url,
                "table": row.table,
                "virtual": row.virtual,
                "video_link": row.video_link,
                "status": row.status,
                "walk_in": row.walk_in,
                "reasons": list(row.reasons),
                "reason_source": row.reason_source,
                "attendee_user_id": row.attendee_id,
                "attendee_name": row.attendee,
            }
            for row in shown.rows
        ],
    }


@day_router.put(
    "/meetings/{meeting_id}/attendee",
    response=_ok(ForumAttendeeOut),
    summary="Choose who attends a meeting",
)
def attendee(request: HttpRequest, meeting_id: int, payload: ForumAttendeeIn):
    """Name the representative who attends for one side (that organisation's admins and the
    organisers); a person already in another of the side's meetings at that time swaps."""
    meeting = _meeting(request, meeting_id)
    side = {meeting.a_id: meeting.a, meeting.b_id: meeting.b}.get(payload.participant_id)
    if side is None:
        raise ValidationError(
            {"participant_id": _("This organisation does not take part in this meeting.")}
        )
    rep = Representative.objects.filter(participant=side, user_id=payload.person_user_id).first()
    if rep is None:
        raise ValidationError(
            {"person_user_id": _("Choose one of this organisation's representatives.")}
        )
    meeting = representatives.choose_representative(
        actor=request.user, meeting=meeting, participant=side, representative=rep
    )
    return {
        "meeting_id": meeting.pk,
        "a_attendee_user_id": meeting.a_representative.user_id
        if meeting.a_representative
        else None,
        "b_attendee_user_id": meeting.b_representative.user_id
        if meeting.b_representative
        else None,
    }


@day_router.post("/events/{slug}/checkin", response=_ok(ForumCheckInOut), summary="Check in")
def checkin(request: HttpRequest, slug: str, payload: ForumCheckInIn):
    """Check a participant in by its code (organisers); checking in twice changes nothing."""
    event = _event(request, slug)
    result = day_services.check_in(actor=request.user, event=event, token=payload.token)
    return {
        "participant_id": result.participant.pk,
        "organisation_name": result.participant.organisation.name,
        "checked_in_at": result.participant.checked_in_at,
        "already_checked_in": result.already,
    }


class ForumCheckInCandidateOut(Schema):
    participant_id: int
    organisation_name: str
    people: list[str] = Field(description="The representatives' names.")
    checked_in_at: datetime | None


@day_router.get(
    "/events/{slug}/checkin/search",
    response=_ok(list[ForumCheckInCandidateOut]),
    summary="Find someone to check in",
)
def checkin_search(request: HttpRequest, slug: str, q: str = ""):
    """Approved participants whose organisation or representative matches `q` (at least two
    characters; organisers), for checking in someone without their code."""
    event = _event(request, slug)
    if not permissions.can_check_in(request.user, event):
        raise PermissionDenied
    return [
        {
            "participant_id": p.pk,
            "organisation_name": p.organisation.name,
            "people": [agendas.person_name(rep.user) for rep in p.representatives.all()],
            "checked_in_at": p.checked_in_at,
        }
        for p in selectors.checkin_search(event, q[:100])
    ]


@day_router.post(
    "/events/{slug}/participants/{participant_id}/checkin",
    response=_ok(ForumCheckInOut),
    summary="Check in by name",
)
def checkin_participant(request: HttpRequest, slug: str, participant_id: int):
    """Check in a participant found by search (organisers); twice changes nothing."""
    event = _event(request, slug)
    if not permissions.can_check_in(request.user, event):
        raise PermissionDenied
    participant = get_object_or_404(
        Participant.objects.select_related("organisation", "event"), event=event, pk=participant_id
    )
    result = day_services.check_in_participant(
        actor=request.user, event=event, participant=participant
    )
    return {
        "participant_id": result.participant.pk,
        "organisation_name": result.participant.organisation.name,
        "checked_in_at": result.participant.checked_in_at,
        "already_checked_in": result.already,
    }


@day_router.post("/meetings/{meeting_id}/held", response=_ok(ForumMeetingOut), summary="Mark held")
def held(request: HttpRequest, meeting_id: int):
    """The meeting took place (organisers or either party, once its slot has begun)."""
    meeting = _meeting(request, meeting_id)
    return _meeting_out(
        day_services.mark_meeting(actor=request.user, meeting=meeting, status="held")
    )


@day_router.post(
    "/meetings/{meeting_id}/no-show", response=_ok(ForumMeetingOut), summary="Mark no-show"
)
def no_show(request: HttpRequest, meeting_id: int):
    """A side did not come (organisers or either party, once its slot has begun)."""
    meeting = _meeting(request, meeting_id)
    marked = day_services.mark_meeting(actor=request.user, meeting=meeting, status="no_show")
    return _meeting_out(marked)


@day_router.post(
    "/events/{slug}/walk-ins",
    response={201: ForumMeetingOut, **ERROR_RESPONSES},
    summary="Book a walk-in meeting",
)
def walk_in(request: HttpRequest, slug: str, payload: ForumWalkInIn):
    """Book a meeting into a free table (or virtual room) of a slot that has not ended."""
    event = _event(request, slug)
    slot = get_object_or_404(TimeSlot, pk=payload.slot_id, event=event)
    a = get_object_or_404(Participant.objects.select_related("organisation"), pk=payload.a_id)
    b = get_object_or_404(Participant.objects.select_related("organisation"), pk=payload.b_id)
    meeting = day_services.book_walk_in(
        actor=request.user,
        event=event,
        slot=slot,
        a=a,
        b=b,
        table=payload.table,
        virtual=payload.virtual,
    )
    return Status(201, _meeting_out(meeting))


@day_router.put(
    "/meetings/{meeting_id}/feedback", response=_ok(ForumFeedbackOut), summary="Give feedback"
)
def feedback(request: HttpRequest, meeting_id: int, payload: ForumFeedbackIn):
    """Your side's feedback on a meeting that took place; sending again replaces it."""
    meeting = _meeting(request, meeting_id)
    participant = get_object_or_404(Participant, pk=payload.participant_id)
    saved = day_services.submit_feedback(
        actor=request.user,
        meeting=meeting,
        participant=participant,
        rating=payload.rating,
        follow_up_planned=payload.follow_up_planned,
        notes=payload.notes,
    )
    return {
        "id": saved.pk,
        "meeting_id": meeting.pk,
        "participant_id": participant.pk,
        "rating": saved.rating,
        "follow_up_planned": saved.follow_up_planned,
        "notes": saved.notes,
        "venture_url": day_services.venture_url(meeting) if saved.follow_up_planned else None,
    }


@day_router.get("/events/{slug}/statistics", response=_ok(ForumStatsOut), summary="Statistics")
def statistics(request: HttpRequest, slug: str):
    """Requests and meetings of the event, per participant and per type (organisers)."""
    event = _event(request, slug)
    if not permissions.can_view_stats(request.user, event):
        raise PermissionDenied
    figures = stats.event_stats(event)
    return {
        "event_id": event.pk,
        "requests": figures.requests,
        "totals": _figures(figures.totals),
        "participants_approved": figures.participants_approved,
        "checked_in": figures.checked_in,
        "feedback_count": figures.feedback_count,
        "average_rating": figures.average_rating,
        "follow_ups_planned": figures.follow_ups_planned,
        "by_type": [
            {"participation_type": kind, "participants": count, "figures": _figures(f)}
            for kind, _label, f, count in figures.by_type
        ],
        "participants": [
            {
                "participant_id": row.participant.pk,
                "organisation_name": row.participant.organisation.name,
                "participation_type": row.participant.participation_type,
                "checked_in": row.checked_in,
                "average_rating": row.average_rating,
                "figures": _figures(row.figures),
            }
            for row in figures.participants
        ],
    }
