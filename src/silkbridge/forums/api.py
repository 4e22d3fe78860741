"""Forums over the API: the same selectors, services and permission checks as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from silkbridge.accounts.models import User
from silkbridge.api import ERROR_RESPONSES, PUBLIC, Page
from silkbridge.directory.models import Organisation
from silkbridge.forums import (
    meeting_requests,
    permissions,
    schedule_edits,
    scheduling,
    selectors,
    services,
)
from silkbridge.forums.api_day import day_router
from silkbridge.forums.models import Event, Meeting, MeetingStatus, Participant
from silkbridge.forums.schemas import (
    ConflictOut,
    EventIn,
    EventOut,
    EventPatch,
    ForumDecisionIn,
    ForumStatusIn,
    ForumSuggestionOut,
    LockIn,
    MarkIn,
    MoveIn,
    ParticipantDetailOut,
    ParticipantFilters,
    ParticipantOut,
    PublishOut,
    RegisterIn,
    RegistrationPatch,
    RequestIn,
    RequestOut,
    RunIn,
    ScheduledMeetingOut,
    ScheduleOut,
    SessionIn,
    SessionOut,
    SwapIn,
    UnplacedOut,
    participant_detail,
)

forums_router = Router(tags=["forums"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _created(schema: Any) -> dict[int, Any]:
    return {201: schema, **ERROR_RESPONSES}


def _organised(request: HttpRequest, slug: str) -> Event:
    """The event for an organiser-only operation: 404 if it is hidden, 403 if only visible."""
    event = selectors.get_event(request.user, slug)
    if not permissions.can_organise(request.user, event):
        raise PermissionDenied(_("Only the forum's organisers can do this."))
    return event


def _users(ids: list[int]) -> list[User]:
    users = list(User.objects.filter(pk__in=ids))
    if len(users) != len(set(ids)):
        raise ValidationError({"representative_ids": _("Some of these users do not exist.")})
    return users


# --- events ------------------------------------------------------------------------------------


@forums_router.get("/events", response=_ok(list[EventOut]), auth=PUBLIC, summary="Forums")
@paginate(Page)
def list_events(request: HttpRequest) -> Any:
    """Announced forums; drafts too for their organisers."""
    return selectors.events_for(request.user)


@forums_router.post("/events", response=_created(EventOut), summary="Create a forum")
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    """The secretariat creates a forum in draft; add sessions, then open registration."""
    event = services.create_event(actor=request.user, data=payload.dict())
    return Status(201, event)


@forums_router.get("/events/{slug}", response=_ok(EventOut), auth=PUBLIC, summary="A forum")
def get_event(request: HttpRequest, slug: str) -> Any:
    return selectors.get_event(request.user, slug)


@forums_router.patch("/events/{slug}", response=_ok(EventOut), summary="Edit a forum")
def edit_event(request: HttpRequest, slug: str, payload: EventPatch) -> Any:
    event = _organised(request, slug)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    return services.update_event(actor=request.user, event=event, data=data)


@forums_router.post("/events/{slug}/status", response=_ok(EventOut), summary="Change stage")
def set_status(request: HttpRequest, slug: str, payload: ForumStatusIn) -> Any:
    event = _organised(request, slug)
    return services.set_event_status(actor=request.user, event=event, status=payload.status)


@forums_router.get(
    "/events/{slug}/sessions", response=_ok(list[SessionOut]), auth=PUBLIC, summary="Programme"
)
def list_sessions(request: HttpRequest, slug: str) -> Any:
    event = selectors.get_event(request.user, slug)
    return list(event.sessions.all())


@forums_router.post(
    "/events/{slug}/sessions", response=_created(SessionOut), summary="Add a session"
)
def add_session(request: HttpRequest, slug: str, payload: SessionIn) -> Any:
    """A session cut into slots; times must carry their offset."""
    event = _organised(request, slug)
    session = services.add_session(actor=request.user, event=event, **payload.dict())
    return Status(201, session)


# --- participants ------------------------------------------------------------------------------


@forums_router.get(
    "/events/{slug}/participants", response=_ok(list[ParticipantOut]), summary="Participants"
)
@paginate(Page)
def list_participants(request: HttpRequest, slug: str, filters: Query[ParticipantFilters]) -> Any:
    """Approved participants for approved participants' people; any status for organisers."""
    event = selectors.get_event(request.user, slug)
    if not permissions.can_view_participants(request.user, event):
        raise PermissionDenied(_("Only the forum's participants can see who takes part."))
    return selectors.participants(
        event,
        selectors.ParticipantFilters(**filters.dict()),
        organiser=permissions.can_organise(request.user, event),
    )


@forums_router.post(
    "/events/{slug}/participants",
    response=_created(ParticipantDetailOut),
    summary="Register an organisation",
)
def register(request: HttpRequest, slug: str, payload: RegisterIn) -> Any:
    event = selectors.get_event(request.user, slug)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": _("No such organisation.")})
    participant = services.register(
        actor=request.user,
        event=event,
        organisation=organisation,
        participation_type=payload.participation_type,
        pitch=payload.pitch,
        representatives=_users(payload.representative_ids),
        available_slots=payload.available_slot_ids,
    )
    return Status(201, participant_detail(participant, True))


def _participant(request: HttpRequest, slug: str, pk: int) -> Participant:
    event = selectors.get_event(request.user, slug)
    return selectors.get_participant(request.user, event, pk)


@forums_router.get(
    "/events/{slug}/participants/{pk}", response=_ok(ParticipantDetailOut), summary="Participant"
)
def get_participant(request: HttpRequest, slug: str, pk: int) -> Any:
    participant = _participant(request, slug, pk)
    full = permissions.can_manage_participant(request.user, participant)
    return participant_detail(participant, full)


@forums_router.patch(
    "/events/{slug}/participants/{pk}",
    response=_ok(ParticipantDetailOut),
    summary="Change a registration or availability",
)
def edit_participant(request: HttpRequest, slug: str, pk: int, payload: RegistrationPatch) -> Any:
    participant = _participant(request, slug, pk)
    participant = services.update_registration(
        actor=request.user,
        participant=participant,
        participation_type=payload.participation_type,
        pitch=payload.pitch,
        representatives=None
        if payload.representative_ids is None
        else _users(payload.representative_ids),
        available_slots=payload.available_slot_ids,
    )
    return participant_detail(participant, True)


@forums_router.post(
    "/events/{slug}/participants/{pk}/decision",
    response=_ok(ParticipantDetailOut),
    summary="Approve or reject",
)
def decide(request: HttpRequest, slug: str, pk: int, payload: ForumDecisionIn) -> Any:
    participant = _participant(request, slug, pk)
    participant = services.decide_participant(
        actor=request.user, participant=participant, approve=payload.approve
    )
    return participant_detail(participant, True)


@forums_router.post(
    "/events/{slug}/participants/{pk}/withdraw",
    response=_ok(ParticipantDetailOut),
    summary="Withdraw",
)
def withdraw(request: HttpRequest, slug: str, pk: int) -> Any:
    participant = _participant(request, slug, pk)
    participant = services.withdraw(actor=request.user, participant=participant)
    return participant_detail(participant, True)


# --- requests ----------------------------------------------------------------------------------


def _acting(request: HttpRequest, event: Event, sender_id: int | None = None) -> Participant:
    mine = permissions.my_participants(request.user, event)
    if sender_id is not None:
        mine = [p for p in mine if p.pk == sender_id]
    approved = [p for p in mine if p.status == "approved"]
    if not approved:
        raise PermissionDenied(_("Only an approved participant's people can request meetings."))
    return approved[0]


@forums_router.get(
    "/events/{slug}/requests", response=_ok(list[RequestOut]), summary="Meeting requests"
)
@paginate(Page)
def list_requests(request: HttpRequest, slug: str, status: str = "") -> Any:
    """Your participant's requests, both ways; organisers without a registration see all."""
    event = selectors.get_event(request.user, slug)
    acting = selectors.acting_participant(request.user, event)
    if acting is not None:
        return selectors.event_requests(event, status).filter(Q(sender=acting) | Q(receiver=acting))
    if permissions.can_organise(request.user, event):
        return selectors.event_requests(event, status)
    raise PermissionDenied(_("Only the forum's participants can see meeting requests."))


@forums_router.post(
    "/events/{slug}/requests", response=_created(RequestOut), summary="Request a meeting"
)
def send_request(request: HttpRequest, slug: str, payload: RequestIn) -> Any:
    event = selectors.get_event(request.user, slug)
    sender = _acting(request, event, payload.sender_id)
    receiver = (
        event.participants.select_related("organisation").filter(pk=payload.receiver_id).first()
    )
    if receiver is None:
        raise ValidationError({"receiver_id": _("No such participant at this forum.")})
    try:
        created = meeting_requests.send_request(
            actor=request.user,
            sender=sender,
            receiver=receiver,
            message=payload.message,
            mark=payload.mark,
            proposed_slots=payload.proposed_slot_ids,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "receiver" in error.error_dict:
            raise ValidationError({"receiver_id": error.error_dict["receiver"]}) from error
        if hasattr(error, "error_dict") and "proposed_slots" in error.error_dict:
            raise ValidationError(
                {"proposed_slot_ids": error.error_dict["proposed_slots"]}
            ) from error
        raise
    return Status(201, created)


@forums_router.get(
    "/events/{slug}/suggestions",
    response=_ok(list[ForumSuggestionOut]),
    summary="Suggested meetings",
)
def suggestions(request: HttpRequest, slug: str) -> Any:
    """The matching engine's best partners among the approved participants of the other
    country, without those you already have a request with."""
    event = selectors.get_event(request.user, slug)
    acting = _acting(request, event)
    return [
        {"participant": s.participant, "score": s.score, "reasons": s.reasons}
        for s in selectors.suggested_partners(acting, k=10)
    ]


def _request_action(request: HttpRequest, pk: int, action) -> Any:
    item = selectors.get_request(request.user, pk)
    action(item)
    item.refresh_from_db()
    return item


@forums_router.post("/requests/{pk}/accept", response=_ok(RequestOut), summary="Accept")
def accept(request: HttpRequest, pk: int, payload: MarkIn) -> Any:
    return _request_action(
        request,
        pk,
        lambda item: meeting_requests.accept_request(
            actor=request.user, request=item, mark=payload.mark
        ),
    )


@forums_router.post("/requests/{pk}/decline", response=_ok(RequestOut), summary="Decline")
def decline(request: HttpRequest, pk: int) -> Any:
    return _request_action(
        request, pk, lambda item: meeting_requests.decline_request(actor=request.user, request=item)
    )


@forums_router.post("/requests/{pk}/cancel", response=_ok(RequestOut), summary="Cancel")
def cancel(request: HttpRequest, pk: int) -> Any:
    return _request_action(
        request, pk, lambda item: meeting_requests.cancel_request(actor=request.user, request=item)
    )


@forums_router.post("/requests/{pk}/mark", response=_ok(RequestOut), summary="Set preference")
def mark(request: HttpRequest, pk: int, payload: MarkIn) -> Any:
    return _request_action(
        request,
        pk,
        lambda item: meeting_requests.set_mark(actor=request.user, request=item, mark=payload.mark),
    )


# --- schedule ----------------------------------------------------------------------------------


def _schedule(event: Event) -> dict:
    run = selectors.latest_run(event)
    meetings = (
        Meeting.objects.filter(event=event)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("slot", "a__organisation", "b__organisation")
        .order_by("slot__order", "table", "pk")
    )
    return {
        "report": run.report if run else None,
        "run_at": run.created_at if run else None,
        "published_at": run.published_at if run else None,
        "meetings": list(meetings),
        "unplaced": [
            UnplacedOut(
                request_id=row["request"].pk,
                reason=row["reason"],
                text=scheduling.reason_text(row["reason"]),
            )
            for row in selectors.unplaced(run)
        ],
        "conflicts": [
            ConflictOut(meeting_id=c["meeting"].pk, text=c["text"])
            for c in schedule_edits.conflicts(event)
        ],
    }


@forums_router.get("/events/{slug}/schedule", response=_ok(ScheduleOut), summary="Draft grid")
def get_schedule(request: HttpRequest, slug: str) -> Any:
    """Every live meeting (draft or published), the last run's report, unplaced requests with
    their reasons, and current conflicts: organisers only."""
    return _schedule(_organised(request, slug))


@forums_router.post(
    "/events/{slug}/schedule/run", response=_ok(ScheduleOut), summary="Run the scheduler"
)
def run(request: HttpRequest, slug: str, payload: RunIn) -> Any:
    event = _organised(request, slug)
    scheduling.run_schedule(actor=request.user, event=event, allow_moves=payload.allow_moves)
    return _schedule(event)


@forums_router.post(
    "/events/{slug}/schedule/publish", response=_ok(PublishOut), summary="Publish the schedule"
)
def publish(request: HttpRequest, slug: str) -> Any:
    event = _organised(request, slug)
    return {"participants_told": schedule_edits.publish(actor=request.user, event=event)}


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("event", "slot").filter(pk=pk).first()
    if meeting is None or not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    if not permissions.can_organise(request.user, meeting.event):
        raise PermissionDenied(_("Only the forum's organisers can do this."))
    return meeting


def _meeting_out(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("slot", "a__organisation", "b__organisation").get(
        pk=meeting.pk
    )


@forums_router.post(
    "/meetings/{pk}/move", response=_ok(ScheduledMeetingOut), summary="Move a meeting"
)
def move(request: HttpRequest, pk: int, payload: MoveIn) -> Any:
    meeting = _meeting(request, pk)
    slot = meeting.event.slots.filter(pk=payload.slot_id).first()
    if slot is None:
        raise ValidationError({"slot_id": _("This slot is not part of the forum.")})
    schedule_edits.move_meeting(
        actor=request.user,
        meeting=meeting,
        slot=slot,
        table=payload.table,
        virtual=payload.virtual,
    )
    return _meeting_out(meeting)


@forums_router.post(
    "/meetings/{pk}/swap", response=_ok(list[ScheduledMeetingOut]), summary="Swap two"
)
def swap(request: HttpRequest, pk: int, payload: SwapIn) -> Any:
    meeting = _meeting(request, pk)
    other = Meeting.objects.filter(event=meeting.event, pk=payload.other_id).first()
    if other is None:
        raise ValidationError({"other_id": _("There is no meeting with this number in the forum.")})
    first, second = schedule_edits.swap_meetings(actor=request.user, first=meeting, second=other)
    return [_meeting_out(first), _meeting_out(second)]


@forums_router.post(
    "/meetings/{pk}/lock", response=_ok(ScheduledMeetingOut), summary="Lock or unlock"
)
def lock(request: HttpRequest, pk: int, payload: LockIn) -> Any:
    meeting = _meeting(request, pk)
    schedule_edits.set_locked(actor=request.user, meeting=meeting, locked=payload.locked)
    return _meeting_out(meeting)


forums_router.add_router("", day_router)
