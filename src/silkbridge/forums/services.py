"""Writes for forum organisation and registration: events, sessions cut into slots, and the
organisations that register, with their representatives and availability.

Meeting requests live in `meeting_requests.py`, the scheduler in `scheduling.py` (with
`schedule_storage.py` and `schedule_edits.py`). Every write checks `permissions` itself, so
pages, the API and scripts keep the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.forums import permissions
from silkbridge.forums.models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_TABLES,
    OPEN_REQUEST_STATUSES,
    Event,
    EventStatus,
    Meeting,
    MeetingLength,
    MeetingRequest,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    ParticipationType,
    Representative,
    RequestStatus,
    Session,
    TimeSlot,
)
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.notifications.services import notify, people_of

#: What an organiser may set and change; the slug is made from the name at creation.
EVENT_FIELDS = (
    "name",
    "description",
    "venue",
    "time_zone",
    "starts_on",
    "ends_on",
    "meeting_minutes",
    "auto_accept",
    "request_expiry_hours",
    "max_requests_per_participant",
    "max_meetings_per_participant",
    "cross_border_only",
    "allowed_pairs",
    "default_tables",
    "default_virtual_rooms",
    "video_link_template",
    "max_participants",
)
#: Registrations that hold a place; the rest of the applicants wait.
HOLDING_PLACE = (ParticipantStatus.PENDING, ParticipantStatus.APPROVED)
TYPE_CODES = {code for code, _label in ParticipationType.choices}
MAX_EVENT_DAYS = 31
PITCH_MAX_LENGTH = 2000
SESSION_NAME_MAX_LENGTH = 120


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A field-level error that keeps its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def require_organiser(actor: User, event: Event) -> None:
    if not permissions.can_organise(actor, event):
        raise PermissionDenied(_("Only the forum's organisers can do this."))


# --- events ------------------------------------------------------------------------------------


def clean_allowed_pairs(value: object) -> list[list[str]]:
    """[[type, type], ...] with known types, each pair once, sorted; a field error otherwise."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise field_error("allowed_pairs", _("Enter a list of pairs of types."), "invalid")
    pairs: set[tuple[str, str]] = set()
    for pair in value:
        if (
            not isinstance(pair, (list, tuple))
            or len(pair) != 2
            or not all(isinstance(code, str) and code in TYPE_CODES for code in pair)
        ):
            raise field_error(
                "allowed_pairs",
                _("Each pair names two participation types, e.g. buyer and supplier."),
                "invalid",
            )
        pairs.add(tuple(sorted(pair)))
    return [list(pair) for pair in sorted(pairs)]


def unique_slug(name: str) -> str:
    """The forum's address from its name ("Astana IT Forum" → "astana-it-forum"), with a
    number added when another forum has it; letters outside Latin are transliterated by
    slugify's Unicode rules or dropped, and "forum" stands in for a name with none left."""
    base = (slugify(name or "")[:100] or "forum").strip("-") or "forum"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate_event(event: Event, *, new: bool = False, changed: Iterable[str] = ()) -> None:
    """Every rule on a forum's settings, each failure on its field. `changed` names the fields
    an edit changes: a cap above the number of slots is refused when it is set, not when an
    old forum is edited for something else."""
    event.allowed_pairs = clean_allowed_pairs(event.allowed_pairs)
    if event.starts_on and event.ends_on and event.ends_on < event.starts_on:
        raise field_error("ends_on", _("The last day is before the first day."), "end_before_start")
    if len(event.description or "") > DESCRIPTION_MAX_LENGTH:
        raise field_error(
            "description",
            _("Keep the description under %(count)d characters.")
            % {"count": DESCRIPTION_MAX_LENGTH},
            "max_length",
        )
    # The dates' check constraint is the test above, with a clearer message.
    event.full_clean(exclude=["created_by"], validate_constraints=False)
    if event.ends_on - event.starts_on > dt.timedelta(days=MAX_EVENT_DAYS - 1):
        raise field_error(
            "ends_on",
            _("A forum lasts at most %(count)d days.") % {"count": MAX_EVENT_DAYS},
            "too_long",
        )
    # A day of slack for the organiser's and the server's calendars differing at midnight.
    if new and event.starts_on < timezone.localdate(timezone.now(), event.zone) - dt.timedelta(
        days=1
    ):
        raise field_error("starts_on", _("A new forum cannot start in the past."), "past")
    if event.pk and "max_meetings_per_participant" in (changed or ()):
        slot_count = event.slots.count()
        if slot_count and event.max_meetings_per_participant > slot_count:
            raise field_error(
                "max_meetings_per_participant",
                _("The forum has %(count)d time slots; nobody can hold more meetings than that.")
                % {"count": slot_count},
                "above_slots",
            )
    if event.pk:
        zone = event.zone
        for session in event.sessions.all():
            first = timezone.localtime(session.starts_at, zone).date()
            last = timezone.localtime(session.ends_at, zone).date()
            if first < event.starts_on or last > event.ends_on:
                raise field_error(
                    "starts_on",
                    _("Session “%(session)s” would fall outside the forum's dates.")
                    % {"session": session.name},
                    "session_outside",
                )


def create_event(*, actor: User, data: dict, organisers: Iterable[User] = ()) -> Event:
    """A new forum in draft; the creator organises it."""
    if not permissions.can_create_event(actor):
        raise PermissionDenied(_("Only the secretariat can create forums."))
    event = Event(created_by=actor, **{k: v for k, v in data.items() if k in EVENT_FIELDS})
    # Scripts and the API may name the address; pages make it from the name.
    event.slug = (data.get("slug") or "").strip() or unique_slug(event.name)
    _validate_event(event, new=True)
    with transaction.atomic():
        event.save()
        event.organisers.set({actor, *organisers})
    permissions.forget_organised(actor)
    return event


def update_event(
    *, actor: User, event: Event, data: dict, organisers: Iterable[User] | None = None
) -> Event:
    require_organiser(actor, event)
    changed = set()
    for key, value in data.items():
        if key in EVENT_FIELDS:
            if getattr(event, key) != value:
                changed.add(key)
            setattr(event, key, value)
    _validate_event(event, changed=changed)
    with transaction.atomic():
        event.save()
        if organisers is not None:
            event.organisers.set(organisers)
        if "max_participants" in changed:
            promote_waiting(event)
    permissions.forget_organised(actor)
    return event


def set_event_status(*, actor: User, event: Event, status: str) -> Event:
    """Open registration, start scheduling, finish. Publication goes through `schedule_edits`."""
    require_organiser(actor, event)
    if status not in EventStatus.values:
        raise field_error("status", _("Select a valid choice."), "invalid")
    if status == EventStatus.PUBLISHED and event.status != EventStatus.PUBLISHED:
        raise field_error(
            "status", _("Publish the schedule from the schedule page."), "publish_schedule"
        )
    if status == EventStatus.REGISTRATION and not event.slots.exists():
        raise field_error(
            "status", _("Add at least one session before opening registration."), "no_slots"
        )
    Event.objects.filter(pk=event.pk).update(status=status)
    event.status = status
    if status == EventStatus.FINISHED:
        # after_event builds on this module, so it is imported when needed.
        from silkbridge.forums.after_event import remind_feedback

        remind_feedback(actor=actor, event=event)
    return event


# --- sessions and slots ------------------------------------------------------------------------


def _aware(value: dt.datetime, field: str) -> dt.datetime:
    if value is None:
        raise field_error(field, _("This field is required."), "required")
    if timezone.is_naive(value):
        raise field_error(
            field,
            _("Give the time with its time zone offset, e.g. 2026-05-12T09:00+05:00."),
            "naive",
        )
    return value


def validate_session(
    event: Event,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    slot_minutes: int,
    exclude: int | None = None,
) -> None:
    """End after start, inside the event's days (in its time zone), no overlap with another
    session, and long enough for one slot: each failure on the field it concerns."""
    starts_at = _aware(starts_at, "starts_at")
    ends_at = _aware(ends_at, "ends_at")
    if slot_minutes not in MeetingLength.values:
        raise field_error("slot_minutes", _("Choose 15, 20 or 30 minutes."), "invalid")
    if ends_at <= starts_at:
        raise field_error("ends_at", _("The session ends before it starts."), "end_before_start")
    zone = event.zone
    first = timezone.localtime(starts_at, zone).date()
    last = timezone.localtime(ends_at - dt.timedelta(microseconds=1), zone).date()
    if first < event.starts_on or first > event.ends_on:
        raise field_error(
            "starts_at", _("The session starts outside the forum's dates."), "outside_event"
        )
    if last > event.ends_on:
        raise field_error(
            "ends_at", _("The session ends outside the forum's dates."), "outside_event"
        )
    if ends_at - starts_at < dt.timedelta(minutes=slot_minutes):
        raise field_error("ends_at", _("The session is shorter than one slot."), "too_short")
    overlapping = event.sessions.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    other = overlapping.first()
    if other is not None:
        raise field_error(
            "starts_at",
            _("The session overlaps “%(session)s”.") % {"session": other.name},
            "overlap",
        )


def _check_capacity(tables: int, virtual_rooms: int) -> None:
    """Tables and virtual rooms per slot: whole numbers from 0 to MAX_TABLES."""
    for field, value in (("tables", tables), ("virtual_rooms", virtual_rooms)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_TABLES:
            raise field_error(
                field,
                _("Enter a number from 0 to %(count)d.") % {"count": MAX_TABLES},
                "invalid",
            )


def _renumber(event: Event) -> None:
    """Slot order is chronological over the whole event."""
    for order, slot in enumerate(event.slots.order_by("starts_at"), start=1):
        if slot.order != order:
            TimeSlot.objects.filter(pk=slot.pk).update(order=order)


def add_session(
    *,
    actor: User,
    event: Event,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    slot_minutes: int,
    tables: int | None = None,
    virtual_rooms: int | None = None,
) -> Session:
    """A session cut into back-to-back slots of `slot_minutes` (a remainder too short for a
    slot is left free); each slot gets the session's tables and virtual rooms."""
    require_organiser(actor, event)
    name = (name or "").strip()
    if not name:
        raise field_error("name", _("This field is required."), "required")
    if len(name) > SESSION_NAME_MAX_LENGTH:
        raise field_error(
            "name",
            _("Keep it under %(count)d characters.") % {"count": SESSION_NAME_MAX_LENGTH},
            "max_length",
        )
    validate_session(event, starts_at=starts_at, ends_at=ends_at, slot_minutes=slot_minutes)
    tables = event.default_tables if tables is None else tables
    virtual_rooms = event.default_virtual_rooms if virtual_rooms is None else virtual_rooms
    _check_capacity(tables, virtual_rooms)
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        session = Session.objects.create(
            event=event,
            name=name,
            starts_at=starts_at,
            ends_at=ends_at,
            slot_minutes=slot_minutes,
            tables=tables,
            virtual_rooms=virtual_rooms,
        )
        step = dt.timedelta(minutes=slot_minutes)
        start = starts_at
        new_slots = []
        while start + step <= ends_at:
            new_slots.append(
                TimeSlot(
                    event=event,
                    session=session,
                    starts_at=start,
                    ends_at=start + step,
                    tables=tables,
                    virtual_rooms=virtual_rooms,
                )
            )
            start += step
        TimeSlot.objects.bulk_create(new_slots)
        _renumber(event)
        # Registered participants are available in new slots unless they say otherwise.
        created = list(session.slots.all())
        for participant in event.participants.all():
            participant.available_slots.add(*created)
    return session


def delete_session(*, actor: User, session: Session) -> None:
    require_organiser(actor, session.event)
    if (
        Meeting.objects.filter(slot__session=session)
        .exclude(status=MeetingStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            _("Meetings are scheduled in this session; move or cancel them first."),
            code="has_meetings",
        )
    with transaction.atomic():
        Meeting.objects.filter(slot__session=session).delete()
        session.delete()
        _renumber(session.event)


def set_slot_capacity(*, actor: User, slot: TimeSlot, tables: int, virtual_rooms: int) -> TimeSlot:
    """Fewer tables than meetings already placed at them is refused."""
    require_organiser(actor, slot.event)
    _check_capacity(tables, virtual_rooms)
    live = slot.meetings.exclude(status=MeetingStatus.CANCELLED)
    highest = max((m.table or 0 for m in live), default=0)
    if highest > tables:
        raise field_error(
            "tables",
            _("Table %(table)d is in use in this slot.") % {"table": highest},
            "in_use",
        )
    if live.filter(virtual=True).count() > virtual_rooms:
        raise field_error(
            "virtual_rooms", _("More virtual meetings are placed in this slot."), "in_use"
        )
    TimeSlot.objects.filter(pk=slot.pk).update(tables=tables, virtual_rooms=virtual_rooms)
    slot.tables, slot.virtual_rooms = tables, virtual_rooms
    return slot


# --- registration ------------------------------------------------------------------------------


def _representatives(organisation: Organisation, users: Iterable[User], actor: User) -> list[User]:
    """Users who belong to the organisation; the registering user when none is named."""
    chosen = list(dict.fromkeys(users)) or [actor]
    members = set(
        User.objects.filter(
            people__organisation=organisation, pk__in=[u.pk for u in chosen]
        ).values_list("pk", flat=True)
    )
    strangers = [u for u in chosen if u.pk not in members]
    if strangers:
        raise field_error(
            "representatives",
            _("%(name)s is not one of the organisation's people.")
            % {"name": strangers[0].get_full_name() or strangers[0].email},
            "not_member",
        )
    return chosen


def _slots(event: Event, slots: Iterable[TimeSlot | int] | None) -> list[TimeSlot]:
    if slots is None:
        return list(event.slots.all())
    ids = {s if isinstance(s, int) else s.pk for s in slots}
    found = list(event.slots.filter(pk__in=ids))
    if len(found) != len(ids):
        raise field_error(
            "available_slots", _("Some of these slots are not part of this forum."), "invalid"
        )
    return found


def register(
    *,
    actor: User,
    event: Event,
    organisation: Organisation,
    participation_type: str,
    pitch: str = "",
    representatives: Iterable[User] = (),
    available_slots: Iterable[TimeSlot | int] | None = None,
) -> Participant:
    """Register an organisation (awaiting the organisers' approval); its representatives are
    its people; it is available in every slot unless told otherwise."""
    if not permissions.can_register(actor, event):
        raise PermissionDenied(_("Registration for this forum is not open."))
    if organisation.pk not in member_organisation_ids(actor):
        raise PermissionDenied(_("You can register only your own organisation."))
    if participation_type not in TYPE_CODES:
        raise field_error("participation_type", _("Select a valid choice."), "invalid")
    _check_pitch(pitch)
    people = _representatives(organisation, representatives, actor)
    slots = _slots(event, available_slots)
    try:
        with transaction.atomic():
            # Held until commit: two registrations for the last place are counted one by one.
            Event.objects.select_for_update().filter(pk=event.pk).first()
            full = event.max_participants is not None and (
                _places_taken(event) >= event.max_participants
            )
            participant = Participant.objects.create(
                event=event,
                organisation=organisation,
                participation_type=participation_type,
                pitch=(pitch or "").strip(),
                registered_by=actor,
                status=ParticipantStatus.WAITING if full else ParticipantStatus.PENDING,
            )
            Representative.objects.bulk_create(
                Representative(participant=participant, user=user) for user in people
            )
            participant.available_slots.set(slots)
            notify(
                event.organisers.filter(is_active=True),
                "forum_registration_received",
                url=participant_url(participant),
                params={"organisation": organisation.name, "event": event.name},
                exclude=actor,
            )
    except IntegrityError as error:
        raise field_error(
            "organisation",
            _("This organisation is already registered for the forum."),
            "duplicate",
        ) from error
    return participant


def _check_pitch(pitch: str | None) -> None:
    """The pitch's limit holds for the API and scripts too (the database does not check it)."""
    if len((pitch or "").strip()) > PITCH_MAX_LENGTH:
        raise field_error(
            "pitch",
            _("Keep it under %(count)d characters.") % {"count": PITCH_MAX_LENGTH},
            "max_length",
        )


def _places_taken(event: Event) -> int:
    return event.participants.filter(status__in=HOLDING_PLACE).count()


def waiting_position(participant: Participant) -> int | None:
    """1 for the first in line; None when the registration is not waiting."""
    if participant.status != ParticipantStatus.WAITING:
        return None
    ahead = participant.event.participants.filter(status=ParticipantStatus.WAITING).filter(
        Q(created_at__lt=participant.created_at)
        | Q(created_at=participant.created_at, pk__lt=participant.pk)
    )
    return ahead.count() + 1


def promote_waiting(event: Event) -> list[Participant]:
    """Move the first registrations on the waiting list, in the order they came, into the
    places that are free (awaiting the organisers' approval); their people are told. The
    event row is locked, so two places freed at once promote two different registrations."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        waiting = event.participants.filter(status=ParticipantStatus.WAITING)
        if event.max_participants is None:
            free = waiting.count()
        else:
            free = max(0, event.max_participants - _places_taken(event))
        chosen = list(waiting.select_related("organisation").order_by("created_at", "pk")[:free])
        promoted = []
        for participant in chosen:
            updated = Participant.objects.filter(
                pk=participant.pk, status=ParticipantStatus.WAITING
            ).update(status=ParticipantStatus.PENDING)
            if not updated:
                continue
            participant.status = ParticipantStatus.PENDING
            promoted.append(participant)
            notify(
                people_of(participant.organisation_id),
                "forum_waiting_promoted",
                url=participant_url(participant),
                params={"event": event.name},
            )
    return promoted


def participant_url(participant: Participant) -> str:
    return reverse(
        "forums:participant", kwargs={"slug": participant.event.slug, "pk": participant.pk}
    )


def update_registration(
    *,
    actor: User,
    participant: Participant,
    participation_type: str | None = None,
    pitch: str | None = None,
    representatives: Iterable[User] | None = None,
    available_slots: Iterable[TimeSlot | int] | None = None,
) -> Participant:
    """Change type, pitch, representatives or availability (None leaves a part as it is)."""
    if not permissions.can_manage_participant(actor, participant):
        raise PermissionDenied(_("You cannot change this registration."))
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise ValidationError(_("This registration was withdrawn."), code="withdrawn")
    with transaction.atomic():
        if participation_type is not None:
            if participation_type not in TYPE_CODES:
                raise field_error("participation_type", _("Select a valid choice."), "invalid")
            participant.participation_type = participation_type
        if pitch is not None:
            _check_pitch(pitch)
            participant.pitch = pitch.strip()
        participant.save(update_fields=["participation_type", "pitch"])
        if representatives is not None:
            people = _representatives(participant.organisation, representatives, actor)
            participant.representatives.exclude(user__in=people).delete()
            known = set(participant.representatives.values_list("user_id", flat=True))
            Representative.objects.bulk_create(
                Representative(participant=participant, user=user)
                for user in people
                if user.pk not in known
            )
        if available_slots is not None:
            participant.available_slots.set(_slots(participant.event, available_slots))
        if representatives is not None:
            # A person removed from the team leaves their meetings to the others.
            from silkbridge.forums.representatives import assign_defaults

            assign_defaults(participant.event)
    return participant


def decide_participant(*, actor: User, participant: Participant, approve: bool) -> Participant:
    """Approve or reject a pending (or earlier rejected) registration; its people are told."""
    require_organiser(actor, participant.event)
    if participant.status == ParticipantStatus.WAITING:
        raise ValidationError(
            _(
                "This registration is on the waiting list: it moves up when a place frees, "
                "or when you give the forum more places."
            ),
            code="waiting",
        )
    status = ParticipantStatus.APPROVED if approve else ParticipantStatus.REJECTED
    allowed = [ParticipantStatus.PENDING, ParticipantStatus.REJECTED, ParticipantStatus.APPROVED]
    with transaction.atomic():
        updated = (
            Participant.objects.filter(pk=participant.pk, status__in=allowed)
            .exclude(status=status)
            .update(status=status, decided_by=actor, decided_at=timezone.now())
        )
        if not updated:
            raise ValidationError(
                _("This registration is already %(status)s.")
                % {"status": participant.get_status_display().lower()},
                code="not_pending",
            )
        if not approve:
            _close_open_business(participant, actor)
            promote_waiting(participant.event)
        notify(
            people_of(participant.organisation_id),
            "forum_registration_approved" if approve else "forum_registration_rejected",
            url=participant.event.get_absolute_url(),
            params={"event": participant.event.name},
            exclude=actor,
        )
    participant.refresh_from_db()
    return participant


def withdraw(*, actor: User, participant: Participant) -> Participant:
    """The organisation leaves the forum: its open requests and meetings are cancelled."""
    if not permissions.can_manage_participant(actor, participant):
        raise PermissionDenied(_("You cannot change this registration."))
    with transaction.atomic():
        updated = (
            Participant.objects.filter(pk=participant.pk)
            .exclude(status=ParticipantStatus.WITHDRAWN)
            .update(status=ParticipantStatus.WITHDRAWN)
        )
        if not updated:
            raise ValidationError(_("This registration was withdrawn."), code="withdrawn")
        _close_open_business(participant, actor)
        promote_waiting(participant.event)
    participant.refresh_from_db()
    return participant


def _close_open_business(participant: Participant, actor: User) -> None:
    """Cancel the participant's open requests and live meetings; partners of published
    meetings are told."""
    # meeting_requests builds on this module, so it is imported when needed.
    from silkbridge.forums.meeting_requests import tell_cancelled

    requests = MeetingRequest.objects.filter(
        Q(sender=participant) | Q(receiver=participant), status__in=OPEN_REQUEST_STATUSES
    )
    requests.update(status=RequestStatus.CANCELLED, responded_at=timezone.now())
    meetings = (
        Meeting.objects.filter(Q(a=participant) | Q(b=participant))
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("a__organisation", "b__organisation", "event")
    )
    for meeting in meetings:
        was_published = meeting.status != MeetingStatus.DRAFT
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
        if was_published:
            tell_cancelled(meeting, actor=actor)
