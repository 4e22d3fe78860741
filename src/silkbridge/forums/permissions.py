"""Who may do what in a forum: every view, API endpoint and service asks here, on every object.

Organisers are the event's named organisers and, always, the secretariat. A participant's people
are the members of its organisation (the directory's people), whether or not they are named as
representatives.
"""

from __future__ import annotations

from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.forums.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Participant,
    ParticipantStatus,
)
from silkbridge.introductions.selectors import member_organisation_ids

__all__ = [
    "can_cancel_request",
    "can_create_event",
    "can_manage_participant",
    "can_mark_request",
    "can_organise",
    "can_register",
    "can_request_meetings",
    "can_respond_to_request",
    "can_view_agenda",
    "can_view_event",
    "can_view_meeting",
    "can_view_participants",
    "can_view_request",
    "is_participant_member",
    "is_secretariat",
    "my_participants",
]


def can_create_event(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_organise(user: AnyUser, event: Event) -> bool:
    """Edit the event, approve participants, run the scheduler, publish: organisers and the
    secretariat."""
    if not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    cache = user.__dict__.setdefault("_organised_event_ids", None)
    if cache is None:
        cache = set(user.organised_events.values_list("pk", flat=True))
        user.__dict__["_organised_event_ids"] = cache
    return event.pk in cache


def forget_organised(user: AnyUser) -> None:
    """Drop the cached organiser set after a change in the same request."""
    user.__dict__.pop("_organised_event_ids", None)


def is_participant_member(user: AnyUser, participant: Participant) -> bool:
    return participant.organisation_id in member_organisation_ids(user)


def my_participants(user: AnyUser, event: Event) -> list[Participant]:
    """The user's organisations' registrations for this event (any status)."""
    organisation_ids = member_organisation_ids(user)
    if not organisation_ids:
        return []
    return list(
        event.participants.filter(organisation_id__in=organisation_ids).select_related(
            "organisation"
        )
    )


def can_view_event(user: AnyUser, event: Event) -> bool:
    """Drafts are for organisers; once announced an event is public."""
    return event.status != EventStatus.DRAFT or can_organise(user, event)


def can_register(user: AnyUser, event: Event) -> bool:
    """A member of some organisation, while registration is open (which organisation is checked
    by the service against member_organisation_ids)."""
    return (
        user.is_authenticated
        and event.status == EventStatus.REGISTRATION
        and bool(member_organisation_ids(user))
    )


def can_manage_participant(user: AnyUser, participant: Participant) -> bool:
    """Change availability, representatives, pitch, or withdraw: its people and organisers."""
    return is_participant_member(user, participant) or can_organise(user, participant.event)


def can_view_participants(user: AnyUser, event: Event) -> bool:
    """The participant list and marketplace: organisers and approved participants' people."""
    if can_organise(user, event):
        return True
    return any(p.status == ParticipantStatus.APPROVED for p in my_participants(user, event))


def can_request_meetings(user: AnyUser, participant: Participant) -> bool:
    """Send requests on behalf of an approved participant, before the event is over."""
    return (
        participant.status == ParticipantStatus.APPROVED
        and participant.event.status
        in (EventStatus.REGISTRATION, EventStatus.SCHEDULING, EventStatus.PUBLISHED)
        and is_participant_member(user, participant)
    )


def can_view_request(user: AnyUser, request: MeetingRequest) -> bool:
    return (
        is_participant_member(user, request.sender)
        or is_participant_member(user, request.receiver)
        or can_organise(user, request.event)
    )


def can_respond_to_request(user: AnyUser, request: MeetingRequest) -> bool:
    """Accept, decline or mark: the receiver's people."""
    return is_participant_member(user, request.receiver)


def can_mark_request(user: AnyUser, request: MeetingRequest) -> bool:
    """Set one's own preference mark: either side's people."""
    return is_participant_member(user, request.sender) or is_participant_member(
        user, request.receiver
    )


def can_cancel_request(user: AnyUser, request: MeetingRequest) -> bool:
    """Either side may call a meeting off; organisers too."""
    return can_mark_request(user, request) or can_organise(user, request.event)


def can_view_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return (
        is_participant_member(user, meeting.a)
        or is_participant_member(user, meeting.b)
        or can_organise(user, meeting.event)
    )


def can_view_agenda(user: AnyUser, participant: Participant) -> bool:
    """A participant's own agenda: its people and the organisers."""
    return is_participant_member(user, participant) or can_organise(user, participant.event)


# on the day ------------------------------------------------------------------------------------
# (check-in, held / no-show marks, walk-ins, feedback, statistics; used by day_services, the
# views_desk / views_agenda / views_after pages and api_day)


def can_check_in(user: AnyUser, event: Event) -> bool:
    """Scan or type participants' check-in codes: the organisers."""
    return can_organise(user, event)


def can_run_day(user: AnyUser, event: Event) -> bool:
    """The on-the-day desk (every meeting of a slot, walk-ins for anyone): the organisers."""
    return can_organise(user, event)


def can_mark_meeting(user: AnyUser, meeting: Meeting) -> bool:
    """Held or no-show: the organisers and either party's people."""
    return can_view_meeting(user, meeting)


def can_book_walk_in(user: AnyUser, event: Event, a: Participant, b: Participant) -> bool:
    """Organisers book for anyone; a participant's people book for their own participant."""
    return can_organise(user, event) or is_participant_member(user, a)


def can_give_feedback(user: AnyUser, meeting: Meeting, participant: Participant) -> bool:
    """Feedback is each party's own: its people, for their side of the meeting."""
    return participant.pk in (meeting.a_id, meeting.b_id) and is_participant_member(
        user, participant
    )


def can_view_stats(user: AnyUser, event: Event) -> bool:
    return can_organise(user, event)
