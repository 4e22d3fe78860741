"""JSON shapes of forums, participants, meeting requests and the schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from silkbridge.forums.models import Meeting, Participant


class EventOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    venue: str
    time_zone: str
    starts_on: dt.date
    ends_on: dt.date
    status: str = Field(description="draft, registration, scheduling, published or finished.")
    meeting_minutes: int
    auto_accept: bool
    request_expiry_hours: int
    max_requests_per_participant: int
    max_meetings_per_participant: int
    cross_border_only: bool
    allowed_pairs: list[list[str]]
    default_tables: int
    default_virtual_rooms: int
    max_participants: int | None


class EventIn(Schema):
    name: str
    slug: str = Field(
        "", description="The forum's address; made from the name when empty. Cannot change later."
    )
    description: str = ""
    venue: str = ""
    time_zone: str = "Asia/Almaty"
    starts_on: dt.date
    ends_on: dt.date
    meeting_minutes: int = 30
    auto_accept: bool = False
    request_expiry_hours: int = 72
    max_requests_per_participant: int = 20
    max_meetings_per_participant: int = 12
    cross_border_only: bool = True
    allowed_pairs: list[list[str]] = Field(
        default_factory=list,
        description='Pairs of types that may meet, e.g. [["buyer", "supplier"]].',
    )
    default_tables: int = 10
    default_virtual_rooms: int = 0
    video_link_template: str = Field(
        "", description="https:// address with {meeting} (and optionally {event}) in it."
    )
    max_participants: int | None = Field(
        None, description="Places for organisations; the rest wait in line. Null: no limit."
    )


class EventPatch(Schema):
    name: str | None = None
    description: str | None = None
    venue: str | None = None
    time_zone: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    meeting_minutes: int | None = None
    auto_accept: bool | None = None
    request_expiry_hours: int | None = None
    max_requests_per_participant: int | None = None
    max_meetings_per_participant: int | None = None
    cross_border_only: bool | None = None
    allowed_pairs: list[list[str]] | None = None
    default_tables: int | None = None
    default_virtual_rooms: int | None = None
    video_link_template: str | None = None
    max_participants: int | None = None


class ForumStatusIn(Schema):
    status: str


class SlotOut(Schema):
    id: int
    session_id: int
    order: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    tables: int
    virtual_rooms: int


class SessionIn(Schema):
    name: str
    starts_at: dt.datetime = Field(description="With its offset, e.g. 2027-05-12T10:00+05:00.")
    ends_at: dt.datetime
    slot_minutes: int = 30
    tables: int | None = None
    virtual_rooms: int | None = None


class SessionOut(Schema):
    id: int
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    slot_minutes: int
    slots: list[SlotOut]

    @staticmethod
    def resolve_slots(obj: Any) -> list:
        return list(obj.slots.order_by("order"))


class ForumOrganisationRef(Schema):
    id: int
    slug: str
    name: str
    country: str

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return str(obj.country)


class ParticipantOut(Schema):
    id: int
    organisation: ForumOrganisationRef
    participation_type: str
    status: str
    pitch: str


class ParticipantDetailOut(ParticipantOut):
    representatives: list[int] = Field(description="User ids (own people and organisers only).")
    available_slots: list[int] = Field(description="Slot ids (own people and organisers only).")


def participant_detail(participant: Participant, full: bool) -> dict:
    data = {
        "id": participant.pk,
        "organisation": participant.organisation,
        "participation_type": participant.participation_type,
        "status": participant.status,
        "pitch": participant.pitch,
        "representatives": [],
        "available_slots": [],
    }
    if full:
        data["representatives"] = list(
            participant.representatives.values_list("user_id", flat=True)
        )
        data["available_slots"] = list(
            participant.available_slots.order_by("order").values_list("pk", flat=True)
        )
    return data


class ParticipantFilters(Schema):
    q: str = ""
    country: str = ""
    participation_type: str = ""
    sector: str = ""
    status: str = Field("", description="Organisers only.")


class RegisterIn(Schema):
    organisation_id: int
    participation_type: str
    pitch: str = ""
    representative_ids: list[int] = Field(
        default_factory=list, description="Users of the organisation; you when empty."
    )
    available_slot_ids: list[int] | None = Field(None, description="Every slot when omitted.")


class RegistrationPatch(Schema):
    participation_type: str | None = None
    pitch: str | None = None
    representative_ids: list[int] | None = None
    available_slot_ids: list[int] | None = None


class ForumDecisionIn(Schema):
    approve: bool


class RequestOut(Schema):
    id: int
    sender: ParticipantOut
    receiver: ParticipantOut
    message: str
    status: str = Field(description="pending, accepted, declined, expired or cancelled.")
    sender_mark: str
    receiver_mark: str
    origin: str
    created_at: dt.datetime
    responded_at: dt.datetime | None
    expires_at: dt.datetime | None
    proposed_slot_ids: list[int] = Field(
        default_factory=list, description="Times the sender proposed (slot ids)."
    )

    @staticmethod
    def resolve_proposed_slot_ids(obj) -> list[int]:
        return [slot.pk for slot in obj.proposed_slots.all()]


class RequestIn(Schema):
    receiver_id: int = Field(description="The participant (not organisation) id.")
    message: str = ""
    mark: str = Field("", description='"must", "would" or "".')
    sender_id: int | None = Field(
        None, description="Your participant, if several of your organisations take part."
    )
    proposed_slot_ids: list[int] = Field(
        default_factory=list,
        description="Up to three slot ids you propose; you must be available in them.",
    )


class MarkIn(Schema):
    mark: str = ""


class ForumSuggestionOut(Schema):
    participant: ParticipantOut
    score: float
    reasons: list[str]


class RunIn(Schema):
    allow_moves: bool = False


class ScheduledMeetingOut(Schema):
    id: int
    request_id: int | None
    a: ParticipantOut
    b: ParticipantOut
    slot_id: int
    starts_at: dt.datetime
    table: int | None
    virtual: bool
    video_link: str
    status: str
    locked: bool
    walk_in: bool

    @staticmethod
    def resolve_starts_at(obj: Meeting) -> dt.datetime:
        return obj.slot.starts_at


class UnplacedOut(Schema):
    request_id: int
    reason: str = Field(description="The engine's code, e.g. no_common_slot or slots_full.")
    text: str


class ConflictOut(Schema):
    meeting_id: int
    text: str


class ScheduleOut(Schema):
    report: dict[str, Any] | None = Field(
        description="The last run's quality report: total_weight, placed, requested, "
        "upper_bound, ratio, optimal, method, seconds."
    )
    run_at: dt.datetime | None
    published_at: dt.datetime | None
    meetings: list[ScheduledMeetingOut]
    unplaced: list[UnplacedOut]
    conflicts: list[ConflictOut]


class MoveIn(Schema):
    slot_id: int
    table: int | None = None
    virtual: bool = False


class SwapIn(Schema):
    other_id: int


class LockIn(Schema):
    locked: bool


class PublishOut(Schema):
    participants_told: int
