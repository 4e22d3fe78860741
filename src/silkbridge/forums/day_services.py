"""Writes on the day of a forum and after it: check-in, held / no-show marks, walk-in meetings,
feedback, and the introduction a planned follow-up can open.

Every write that two people could make at once is decided by the database: check-in and marks
are conditional UPDATEs; a walk-in locks both participants' rows before it counts their
meetings, and the last free table of a slot goes to whichever insert the unique (slot, table)
constraint lets through first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.forums import permissions, representatives
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
from silkbridge.forums.signals import meeting_marked
from silkbridge.introductions.models import OPEN_STATUSES, Introduction, pair_key
from silkbridge.notifications.services import notify, people_of

#: Meetings that occupy a table and the participants' time.
LIVE_MEETING = (
    MeetingStatus.DRAFT,
    MeetingStatus.PUBLISHED,
    MeetingStatus.HELD,
    MeetingStatus.NO_SHOW,
)
#: Meetings that can be marked held or no-show (a mark can be corrected).
MARKABLE = (MeetingStatus.PUBLISHED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)
NOTES_MAX_LENGTH = 2000
#: The check-in code is the last part of the URL in the QR code; a scanner may type either.
TOKEN_IN_URL = re.compile(r"/checkin/([^/?#\s]+)/?(?:[?#].*)?$")


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- check-in ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    participant: Participant
    #: True when the participant had already been checked in (the scan is harmless).
    already: bool


def token_from(scanned: str) -> str:
    """The check-in code from what the desk typed or scanned: the code or the whole URL."""
    scanned = (scanned or "").strip()
    found = TOKEN_IN_URL.search(scanned)
    return found.group(1) if found else scanned


def check_in(*, actor: User, event: Event, token: str, now: datetime | None = None) -> CheckIn:
    """Mark the participant whose code this is as arrived; scanning twice changes nothing."""
    if not permissions.can_check_in(actor, event):
        raise PermissionDenied(_("Only the event's organisers can check participants in."))
    token = token_from(token)
    if not token:
        raise _field_error("token", _("Enter or scan a check-in code."), "required")
    participant = (
        Participant.objects.select_related("organisation", "event")
        .filter(checkin_token=token)
        .first()
    )
    if participant is None:
        raise _field_error("token", _("No participant has this check-in code."), "unknown")
    if participant.event_id != event.pk:
        raise _field_error(
            "token", _("This check-in code belongs to another event."), "other_event"
        )
    return _arrive(actor, participant, now, field="token")


def check_in_participant(
    *, actor: User, event: Event, participant: Participant, now: datetime | None = None
) -> CheckIn:
    """The same as a scanned code, for a participant the desk found by name or organisation
    (someone who forgot their code)."""
    if not permissions.can_check_in(actor, event):
        raise PermissionDenied(_("Only the event's organisers can check participants in."))
    if participant.event_id != event.pk:
        raise _field_error(
            "participant", _("This participant belongs to another event."), "other_event"
        )
    return _arrive(actor, participant, now, field="participant")


def _arrive(actor: User, participant: Participant, now: datetime | None, *, field: str) -> CheckIn:
    if participant.status != ParticipantStatus.APPROVED:
        raise _field_error(
            field,
            _("%(organisation)s is not an approved participant of this event.")
            % {"organisation": participant.organisation.name},
            "not_approved",
        )
    now = now or timezone.now()
    updated = Participant.objects.filter(pk=participant.pk, checked_in_at__isnull=True).update(
        checked_in_at=now, checked_in_by=actor
    )
    participant.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    return CheckIn(participant, already=not updated)


# --- held and no-show --------------------------------------------------------------------------


def mark_meeting(
    *, actor: User, meeting: Meeting, status: str, now: datetime | None = None
) -> Meeting:
    """Record that a published meeting took place (`held`) or that a side did not come
    (`no_show`); the organisers and either party may, once the meeting's slot has begun."""
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise _field_error("status", _("Select a valid choice."), "invalid")
    if not permissions.can_mark_meeting(actor, meeting):
        raise PermissionDenied(_("Only the organisers and the two parties can mark a meeting."))
    now = now or timezone.now()
    if meeting.slot.starts_at > now:
        raise ValidationError(_("This meeting has not started yet."), code="not_started")
    updated = Meeting.objects.filter(pk=meeting.pk, status__in=MARKABLE).update(
        status=status, status_changed_by=actor, status_changed_at=now, updated_at=now
    )
    if not updated:
        raise ValidationError(
            _("Only a published meeting can be marked held or no-show."), code="not_published"
        )
    meeting.refresh_from_db()
    meeting_marked.send(sender=Meeting, meeting=meeting)
    return meeting


# --- walk-ins ----------------------------------------------------------------------------------


def _check_walk_in_parties(
    actor: User, event: Event, a: Participant, b: Participant, *, organiser: bool
) -> None:
    """Both approved participants of the event; for a participant's own booking, the rules on
    who may meet whom are those of meeting requests (organisers may set them aside)."""
    if a.pk == b.pk:
        raise _field_error("b", _("A meeting needs two different participants."), "same")
    for name, party in (("a", a), ("b", b)):
        if party.event_id != event.pk:
            raise _field_error(name, _("This participant is not part of this event."), "event")
        if party.status != ParticipantStatus.APPROVED:
            raise _field_error(
                name, _("This participant is not approved for this event."), "not_approved"
            )
    if organiser:
        return
    from silkbridge.forums.meeting_requests import check_pair

    try:
        check_pair(a, b, actor)
    except ValidationError as error:
        # The request rules speak of the "receiver": here that is the partner, field "b".
        if hasattr(error, "error_dict"):
            errors = [e for field_errors in error.error_dict.values() for e in field_errors]
        else:
            errors = error.error_list
        raise ValidationError({"b": errors}) from error


def _free_tables(slot: TimeSlot) -> list[int]:
    taken = set(
        Meeting.objects.filter(slot=slot, status__in=LIVE_MEETING, table__isnull=False).values_list(
            "table", flat=True
        )
    )
    return [t for t in range(1, slot.tables + 1) if t not in taken]


def free_tables(slot: TimeSlot) -> list[int]:
    """Tables of the slot no meeting holds (for the walk-in form)."""
    return _free_tables(slot)


def book_walk_in(
    *,
    actor: User,
    event: Event,
    slot: TimeSlot,
    a: Participant,
    b: Participant,
    table: int | None = None,
    virtual: bool = False,
    now: datetime | None = None,
) -> Meeting:
    """Book a meeting on the day into a free table (or virtual room) of `slot`.

    Race-safe: both participants' rows are locked (in id order, so two bookings cannot deadlock)
    before their meetings in the slot are counted, and the table is taken by inserting the row
    that the unique (slot, table) constraint admits only once. With no table named, the lowest
    free one is tried, then the next if another booking took it first.
    """
    if not permissions.can_book_walk_in(actor, event, a, b):
        raise PermissionDenied(
            _("Organisers, and the participants themselves, can book walk-in meetings.")
        )
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(
            _("Walk-in meetings can be booked once the schedule is published."),
            code="not_published",
        )
    if slot.event_id != event.pk:
        raise _field_error("slot", _("This time slot is not part of this event."), "event")
    now = now or timezone.now()
    if slot.ends_at <= now:
        raise _field_error("slot", _("This time slot is over."), "past")
    organiser = permissions.can_organise(actor, event)
    _check_walk_in_parties(actor, event, a, b, organiser=organiser)
    if not virtual and table is not None and not 1 <= table <= slot.tables:
        raise _field_error(
            "table",
            _("Choose a table between 1 and %(count)d.") % {"count": slot.tables},
            "range",
        )
    with transaction.atomic():
        # Held until the transaction ends: a second booking for either party waits here.
        list(Participant.objects.select_for_update().filter(pk__in=[a.pk, b.pk]).order_by("pk"))
        for name, party in zip(("a", "b"), (a, b), strict=True):
            busy = Meeting.objects.filter(
                Q(a=party) | Q(b=party), slot=slot, status__in=LIVE_MEETING
            ).count()
            if busy >= party.capacity:
                raise _field_error(
                    name,
                    _("%(organisation)s already has a meeting in this time slot.")
                    % {"organisation": party.organisation.name},
                    "busy",
                )
        if not organiser:
            _check_cap(event, a, b)
        if Meeting.objects.filter(
            Q(a=a, b=b) | Q(a=b, b=a), event=event, status__in=LIVE_MEETING
        ).exists():
            raise _field_error("b", _("These two participants already have a meeting."), "pair")
        if virtual:
            meeting = _insert_virtual(event, slot, a, b, now)
        else:
            meeting = _insert_at_table(event, slot, a, b, table, now)
        if meeting is not None:
            representatives.assign_defaults(event, slot_ids={slot.pk})
            meeting.refresh_from_db()
            _tell_parties(actor, meeting)
            return meeting
    if table is not None:
        raise _field_error("table", _("This table was just taken; choose another."), "taken")
    raise _field_error("slot", _("No table is free in this time slot."), "full")


def _check_cap(event: Event, *parties: Participant) -> None:
    """A participant's own walk-ins count against the event's cap on meetings, as its accepted
    requests do (organisers may book beyond it)."""
    cap = event.max_meetings_per_participant
    for name, party in zip(("a", "b"), parties, strict=True):
        held = Meeting.objects.filter(
            Q(a=party) | Q(b=party), event=event, status__in=LIVE_MEETING
        ).count()
        if held >= cap:
            raise _field_error(
                name,
                _("%(organisation)s already has the most meetings allowed (%(cap)d).")
                % {"organisation": party.organisation.name, "cap": cap},
                "meeting_cap",
            )


def _insert_at_table(
    event: Event, slot: TimeSlot, a: Participant, b: Participant, table: int | None, now: datetime
) -> Meeting | None:
    """Insert at `table`, or at the lowest free table; None when the constraint refused all."""
    candidates = [table] if table is not None else _free_tables(slot)
    for candidate in candidates:
        meeting = Meeting(
            event=event,
            a=a,
            b=b,
            slot=slot,
            table=candidate,
            virtual=False,
            status=MeetingStatus.PUBLISHED,
            walk_in=True,
            locked=True,
            created_at=now,
        )
        try:
            with transaction.atomic():
                meeting.save()
        except IntegrityError:
            continue  # another booking took this table a moment ago
        return meeting
    return None


def _tell_parties(actor: User, meeting: Meeting) -> None:
    """Both sides' people learn that their agenda has a new meeting (not the one who booked)."""
    from silkbridge.forums.agenda import agenda_url

    for participant in (meeting.a, meeting.b):
        notify(
            people_of(participant.organisation_id),
            "forum_agenda_changed",
            url=agenda_url(participant),
            params={"event": meeting.event.name},
            exclude=actor,
        )


def _insert_virtual(
    event: Event, slot: TimeSlot, a: Participant, b: Participant, now: datetime
) -> Meeting:
    # Virtual rooms have no constraint of their own: the slot row is locked to count them.
    TimeSlot.objects.select_for_update().filter(pk=slot.pk).first()
    used = Meeting.objects.filter(slot=slot, virtual=True, status__in=LIVE_MEETING).count()
    if used >= slot.virtual_rooms:
        raise _field_error("slot", _("No virtual room is free in this time slot."), "full")
    meeting = Meeting.objects.create(
        event=event,
        a=a,
        b=b,
        slot=slot,
        table=None,
        virtual=True,
        status=MeetingStatus.PUBLISHED,
        walk_in=True,
        locked=True,
        created_at=now,
    )
    meeting.video_link = event.video_link_for(meeting.pk)
    meeting.save(update_fields=["video_link"])
    return meeting


# --- feedback ----------------------------------------------------------------------------------


def feedback_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """Feedback is taken for a meeting marked held, or a published one whose slot is over
    (the same rule as AgendaRow.feedback_open)."""
    now = now or timezone.now()
    return meeting.status == MeetingStatus.HELD or (
        meeting.status == MeetingStatus.PUBLISHED and meeting.slot.ends_at <= now
    )


def submit_feedback(
    *,
    actor: User,
    meeting: Meeting,
    participant: Participant,
    rating: int,
    follow_up_planned: bool,
    notes: str = "",
    now: datetime | None = None,
) -> MeetingFeedback:
    """A party's feedback on a meeting; sending it again replaces the earlier answer."""
    if participant.pk not in (meeting.a_id, meeting.b_id) or not permissions.can_give_feedback(
        actor, meeting, participant
    ):
        raise PermissionDenied(_("Only the two parties can give feedback on a meeting."))
    if not feedback_open(meeting, now):
        raise ValidationError(
            _("Feedback opens once the meeting has taken place."), code="not_held"
        )
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise _field_error("rating", _("Choose a rating from 1 to 5."), "range")
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX_LENGTH:
        raise _field_error(
            "notes",
            _("Please keep it under %(limit)d characters.") % {"limit": NOTES_MAX_LENGTH},
            "max_length",
        )
    values = {
        "rating": rating,
        "follow_up_planned": bool(follow_up_planned),
        "notes": notes,
        "submitted_by": actor,
    }
    with transaction.atomic():
        feedback, _created = MeetingFeedback.objects.update_or_create(
            meeting=meeting, participant=participant, defaults=values
        )
    return feedback


def open_introduction(organisation_id: int, other_id: int) -> Introduction | None:
    """The pending or accepted introduction between two organisations, if any."""
    return Introduction.objects.filter(
        pair=pair_key(organisation_id, other_id), status__in=OPEN_STATUSES
    ).first()


def request_introduction(
    *, actor: User, meeting: Meeting, participant: Participant
) -> tuple[Introduction, bool]:
    """After a meeting with a follow-up planned, propose an introduction between the two
    organisations (double opt-in, as on the desk) unless one is already open.
    Returns the introduction and whether it was created now."""
    if participant.pk not in (meeting.a_id, meeting.b_id) or not permissions.can_give_feedback(
        actor, meeting, participant
    ):
        raise PermissionDenied(_("Only the two parties can follow up on a meeting."))
    if not feedback_open(meeting):
        raise ValidationError(
            _("Follow-ups open once the meeting has taken place."), code="not_held"
        )
    from silkbridge.introductions import services as introduction_services

    partner = meeting.other_side(participant.pk)
    existing = open_introduction(participant.organisation_id, partner.organisation_id)
    if existing is not None:
        return existing, False
    introduction = introduction_services.propose_introduction(
        actor=actor,
        from_org=participant.organisation,
        to_org=partner.organisation,
        message=_("We met at %(event)s and plan to follow up.") % {"event": meeting.event.name},
    )
    # The forum origin of the introduction, kept on the meeting it came from.
    Meeting.objects.filter(pk=meeting.pk, introduction__isnull=True).update(
        introduction=introduction
    )
    return introduction, True


def venture_url(meeting: Meeting) -> str:
    """Where "open a venture" leads: the ventures app's form, told which meeting it came from."""
    return f"/ventures/new/?from_meeting={meeting.pk}"
