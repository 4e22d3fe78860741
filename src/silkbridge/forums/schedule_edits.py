"""The organiser's hand on the draft grid: the conflicts in words, moving, swapping and locking
meetings, and publishing the schedule.

A move or swap is checked twice before it is written: against the forum's own rules (availability,
representatives, free tables and rooms) and with the engine's `violations()` as a second opinion.
Kept apart from `scheduling` (reading the forum, running the engine) and `schedule_storage`
(writing a run's answer), which these edits build on.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.engines import scheduling as engine
from silkbridge.forums import representatives
from silkbridge.forums.agenda import agenda_url
from silkbridge.forums.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    RequestStatus,
    ScheduleRun,
    TimeSlot,
)
from silkbridge.forums.schedule_context import LIVE, PAST_STATUSES
from silkbridge.forums.schedule_storage import _set_video_link
from silkbridge.forums.scheduling import _require_organiser, build_problem, read_context
from silkbridge.notifications.services import notify, people_of


def conflicts(event: Event) -> list[dict]:
    """Every hard-constraint problem in the event's current meetings, in words, e.g. after a
    participant changed availability or withdrew: [{"meeting": Meeting, "text": str}]."""
    meetings = list(
        Meeting.objects.filter(LIVE, event=event)
        .select_related("slot", "a__organisation", "b__organisation", "request")
        .order_by("slot__order", "table", "pk")
    )
    return _conflicts(event, meetings)


def _conflicts(event: Event, meetings: list[Meeting]) -> list[dict]:
    reps = dict(event.participants.annotate(n=Count("representatives")).values_list("pk", "n"))
    status = dict(event.participants.values_list("pk", "status"))
    available = defaultdict(set)
    for pid, sid in Participant.available_slots.through.objects.filter(
        participant__event=event
    ).values_list("participant_id", "timeslot_id"):
        available[pid].add(sid)
    per_slot: Counter[tuple[int, int]] = Counter()
    tables: Counter[tuple[int, int]] = Counter()
    virtual: Counter[int] = Counter()
    for m in meetings:
        per_slot[(m.a_id, m.slot_id)] += 1
        per_slot[(m.b_id, m.slot_id)] += 1
        if m.table is not None:
            tables[(m.slot_id, m.table)] += 1
        if m.virtual:
            virtual[m.slot_id] += 1
    found = []

    def add(meeting: Meeting, text: str) -> None:
        found.append({"meeting": meeting, "text": text})

    zone = event.zone
    for m in meetings:
        when = timezone.localtime(m.slot.starts_at, zone).strftime("%H:%M")
        for side in (m.a, m.b):
            name = side.organisation.name
            if status.get(side.pk) != ParticipantStatus.APPROVED:
                add(m, _("%(name)s is no longer an approved participant.") % {"name": name})
            elif m.slot_id not in available[side.pk]:
                add(m, _("%(name)s is not available at %(time)s.") % {"name": name, "time": when})
            elif per_slot[(side.pk, m.slot_id)] > max(1, reps.get(side.pk, 0)):
                add(
                    m,
                    _("%(name)s has more meetings at %(time)s than representatives.")
                    % {"name": name, "time": when},
                )
        if m.table is not None and (m.table > m.slot.tables or tables[(m.slot_id, m.table)] > 1):
            add(m, _("Table %(table)d at %(time)s is not free.") % {"table": m.table, "time": when})
        if m.virtual and virtual[m.slot_id] > m.slot.virtual_rooms:
            add(m, _("There are not enough virtual rooms at %(time)s.") % {"time": when})
        if m.request_id and m.request.status != RequestStatus.ACCEPTED:
            add(m, _("The meeting request is no longer accepted."))
    return found


def _check_positions(event: Event, changed: dict[int, tuple[TimeSlot, int | None, bool]]) -> None:
    """Validate the meetings as they would be after `changed` (meeting id -> slot, table,
    virtual): a ValidationError listing each new problem, in words."""
    meetings = list(
        Meeting.objects.filter(LIVE, event=event).select_related(
            "slot", "a__organisation", "b__organisation", "request"
        )
    )
    before = _placements(meetings)
    for m in meetings:
        if m.pk in changed:
            m.slot, m.table, m.virtual = changed[m.pk]
    # A problem a change causes shows on the changed meeting (a full table or an over-booked
    # side is reported on every meeting involved).
    problems = [c["text"] for c in _conflicts(event, meetings) if c["meeting"].pk in changed]
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)), code="conflict")
    _engine_check(event, before, _placements(meetings))


def _placements(meetings: list[Meeting]) -> list[tuple[int, int, int | None, bool]]:
    return [
        (m.request_id, m.slot_id, m.table, m.virtual)
        for m in meetings
        if m.request_id is not None and not m.walk_in
    ]


def _engine_check(event: Event, before: list[tuple], after: list[tuple]) -> None:
    """The engine's own check of hard constraints, as a second opinion: a change may not add a
    violation (those already in the grid are listed as conflicts, and a move may fix them)."""
    ctx = read_context(event)
    problem, _kept = build_problem(ctx, allow_moves=True)
    problem = dataclasses.replace(
        problem,
        fixed=(),
        slots=tuple(dataclasses.replace(s, tables=ctx.slots[s.id].tables) for s in problem.slots),
    )

    def check(rows: list[tuple]) -> set[str]:
        placements = [
            engine.Placement(request=r, slot=slot, table=table, virtual=virtual)
            for r, slot, table, virtual in rows
            if r in ctx.requests
        ]
        return set(engine.violations(problem, placements))

    new = check(after) - check(before)
    if new:
        raise ValidationError(sorted(new), code="conflict")


def _movable(actor: User, meeting: Meeting) -> None:
    _require_organiser(actor, meeting.event)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."), code="cancelled")
    if meeting.status in PAST_STATUSES:
        raise ValidationError(_("This meeting has already taken place."), code="past")


def _position(
    meeting: Meeting, slot: TimeSlot, table: int | None, virtual: bool
) -> tuple[TimeSlot, int | None, bool]:
    if slot.event_id != meeting.event_id:
        raise ValidationError({"slot": _("This slot is not part of the forum.")}, code="invalid")
    if virtual:
        return slot, None, True
    if table is None or not 1 <= table <= slot.tables:
        raise ValidationError(
            {"table": _("Choose a table from 1 to %(n)d.") % {"n": slot.tables}}, code="invalid"
        )
    return slot, table, False


def _save_positions(changed: dict[int, tuple[TimeSlot, int | None, bool]]) -> None:
    """Write new positions; tables are freed first, so a swap never meets itself."""
    try:
        with transaction.atomic():
            Meeting.objects.filter(pk__in=changed).update(table=None)
            for pk, (slot, table, virtual) in changed.items():
                meeting = Meeting.objects.select_related("event").get(pk=pk)
                was = meeting.status
                meeting.slot, meeting.table, meeting.virtual = slot, table, virtual
                if was == MeetingStatus.PUBLISHED:
                    meeting.status = MeetingStatus.DRAFT
                meeting.save()
                _set_video_link(meeting)
            if changed:
                event = Meeting.objects.get(pk=next(iter(changed))).event
                representatives.assign_defaults(event)
    except IntegrityError as error:
        raise ValidationError(
            _("Someone else took this table a moment ago; choose another."), code="table_taken"
        ) from error


@transaction.atomic
def move_meeting(
    *, actor: User, meeting: Meeting, slot: TimeSlot, table: int | None, virtual: bool = False
) -> Meeting:
    """Put a meeting at another slot and table (or a virtual room), if no rule breaks."""
    _movable(actor, meeting)
    Event.objects.select_for_update().filter(pk=meeting.event_id).first()
    changed = {meeting.pk: _position(meeting, slot, table, virtual)}
    _check_positions(meeting.event, changed)
    _save_positions(changed)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def swap_meetings(*, actor: User, first: Meeting, second: Meeting) -> tuple[Meeting, Meeting]:
    """Exchange two meetings' places."""
    _movable(actor, first)
    _movable(actor, second)
    if first.event_id != second.event_id or first.pk == second.pk:
        raise ValidationError(_("Choose two different meetings of the same forum."), code="invalid")
    Event.objects.select_for_update().filter(pk=first.event_id).first()
    changed = {
        first.pk: (second.slot, second.table, second.virtual),
        second.pk: (first.slot, first.table, first.virtual),
    }
    _check_positions(first.event, changed)
    _save_positions(changed)
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def set_locked(*, actor: User, meeting: Meeting, locked: bool) -> Meeting:
    """A locked meeting stays where it is on every re-run."""
    _movable(actor, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(locked=locked)
    meeting.locked = locked
    return meeting


@transaction.atomic
def publish(*, actor: User, event: Event) -> int:
    """Publish the draft meetings and tell only the participants whose agenda changed (new,
    moved or dropped meetings). Returns how many participants were told."""
    _require_organiser(actor, event)
    Event.objects.select_for_update().filter(pk=event.pk).first()
    problems = conflicts(event)
    if problems:
        raise ValidationError(
            _("Resolve the conflicts in the grid before publishing."), code="conflicts"
        )
    first_time = (
        event.status != EventStatus.PUBLISHED
        and not Meeting.objects.filter(
            event=event, status__in=[MeetingStatus.PUBLISHED, *PAST_STATUSES]
        ).exists()
    )
    touched = Meeting.objects.filter(
        Q(status=MeetingStatus.DRAFT) | Q(notice_due=True), event=event
    )
    representatives.assign_defaults(event)
    participant_ids = set()
    for a_id, b_id in touched.values_list("a_id", "b_id"):
        participant_ids.update((a_id, b_id))
    Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).update(
        status=MeetingStatus.PUBLISHED
    )
    Meeting.objects.filter(event=event, notice_due=True).update(notice_due=False)
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)
    event.status = EventStatus.PUBLISHED
    latest = event.schedule_runs.order_by("-created_at", "-pk").first()
    if latest is not None and latest.published_at is None:
        ScheduleRun.objects.filter(pk=latest.pk).update(published_at=now)
    kind = "forum_agenda_published" if first_time else "forum_agenda_changed"
    for participant in Participant.objects.filter(pk__in=participant_ids):
        notify(
            people_of(participant.organisation_id),
            kind,
            url=agenda_url(participant),
            params={"event": event.name},
        )
    return len(participant_ids)
