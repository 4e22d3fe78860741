"""The adapter between the forum's tables and the scheduling engine: build an engine Problem from
the database, store a run's meetings and report, and apply the organiser's manual changes
(move, swap, lock) and the publication.

Table numbers are assigned here, not by the engine: meetings that must stay (locked, published,
held) keep theirs, walk-ins keep theirs, and the others take the lowest free numbers. The engine
is told only how many tables are free, which keeps walk-ins (meetings without a request) out of
its model.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silkbridge.accounts.models import User
from silkbridge.engines import scheduling as engine
from silkbridge.forums import permissions, representatives
from silkbridge.forums.agenda import agenda_url
from silkbridge.forums.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    RequestStatus,
    ScheduleRun,
    TimeSlot,
)
from silkbridge.notifications.services import notify, people_of

# Meetings that took place (or were missed) never move.
PAST_STATUSES = (MeetingStatus.HELD, MeetingStatus.NO_SHOW)
LIVE = ~Q(status=MeetingStatus.CANCELLED)

# The engine's reasons for leaving a request out, and the adapter's own, in words.
REASONS = {
    "no_common_slot": gettext_lazy("The two organisations have no free slot in common."),
    "meeting_cap": gettext_lazy("One of the two already has the most meetings allowed."),
    "slots_full": gettext_lazy(
        "Every slot both are free in is full (tables, virtual rooms or their representatives)."
    ),
    "outweighed": gettext_lazy(
        "Placing it would have displaced meetings that the participants marked as more important."
    ),
    "invalid": gettext_lazy("The request cannot be scheduled as it stands."),
    "no_thanks": gettext_lazy("One of the two marked it “no thanks”."),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, REASONS["invalid"]))


def _require_organiser(actor: User, event: Event) -> None:
    if not permissions.can_organise(actor, event):
        raise PermissionDenied(_("Only the forum's organisers can do this."))


# --- building the engine's problem -------------------------------------------------------------


@dataclasses.dataclass
class Context:
    """What the adapter read from the database to build a problem."""

    event: Event
    slots: dict[int, TimeSlot]
    participants: dict[int, Participant]
    requests: dict[int, MeetingRequest]
    no_thanks: list[int]
    walk_in_tables: dict[int, set[int]]  # slot id -> tables used by walk-ins
    proposed: dict[int, list[int]] = dataclasses.field(default_factory=dict)  # request -> slots


def _walk_ins(event: Event) -> list[Meeting]:
    return list(Meeting.objects.filter(LIVE, event=event, walk_in=True))


def read_context(event: Event) -> Context:
    slots = {slot.pk: slot for slot in event.slots.order_by("order")}
    participants = {
        p.pk: p
        for p in event.participants.filter(status=ParticipantStatus.APPROVED)
        .select_related("organisation")
        .annotate(representative_count=Count("representatives"))
        .prefetch_related("available_slots")
    }
    requests, no_thanks = {}, []
    for request in event.requests.filter(
        status=RequestStatus.ACCEPTED,
        sender_id__in=participants,
        receiver_id__in=participants,
    ).order_by("pk"):
        if request.weight > 0:
            requests[request.pk] = request
        else:
            no_thanks.append(request.pk)
    walk_in_tables: dict[int, set[int]] = defaultdict(set)
    for meeting in _walk_ins(event):
        if meeting.table is not None:
            walk_in_tables[meeting.slot_id].add(meeting.table)
    proposed: dict[int, list[int]] = defaultdict(list)
    through = MeetingRequest.proposed_slots.through.objects.filter(
        meetingrequest__event=event, meetingrequest__status=RequestStatus.ACCEPTED
    ).order_by("meetingrequest_id", "timeslot__starts_at")
    for request_id, slot_id in through.values_list("meetingrequest_id", "timeslot_id"):
        if request_id in requests:
            proposed[request_id].append(slot_id)
    return Context(event, slots, participants, requests, no_thanks, walk_in_tables, proposed)


def _engine_participants(ctx: Context) -> tuple[engine.Participant, ...]:
    busy: Counter[tuple[int, int]] = Counter()
    for meeting in _walk_ins(ctx.event):
        busy[(meeting.a_id, meeting.slot_id)] += 1
        busy[(meeting.b_id, meeting.slot_id)] += 1
    result = []
    for p in ctx.participants.values():
        capacity = max(1, p.representative_count)
        available = frozenset(
            s.pk
            for s in p.available_slots.all()
            if s.pk in ctx.slots and busy[(p.pk, s.pk)] < capacity
        )
        result.append(
            engine.Participant(
                id=p.pk,
                available=available,
                capacity=capacity,
                max_meetings=ctx.event.max_meetings_per_participant,
            )
        )
    return tuple(result)


def _engine_slots(ctx: Context) -> tuple[engine.Slot, ...]:
    return tuple(
        engine.Slot(
            id=slot.pk,
            order=slot.order,
            session=slot.session_id,
            tables=max(0, slot.tables - len(ctx.walk_in_tables.get(slot.pk, ()))),
            virtual=slot.virtual_rooms,
        )
        for slot in ctx.slots.values()
    )


def _engine_requests(ctx: Context) -> tuple[engine.Request, ...]:
    return tuple(
        engine.Request(id=r.pk, a=r.sender_id, b=r.receiver_id, weight=r.weight, virtual_ok=True)
        for r in ctx.requests.values()
    )


def _stays(meeting: Meeting, allow_moves: bool) -> bool:
    """Meetings a re-run must keep where they are."""
    if meeting.status in PAST_STATUSES or meeting.locked:
        return True
    return meeting.status == MeetingStatus.PUBLISHED and not allow_moves


def build_problem(
    ctx: Context,
    *,
    allow_moves: bool = False,
    seed: int = 0,
    mode: str = "auto",
    time_limit: float | None = None,
) -> tuple[engine.Problem, dict[int, Meeting]]:
    """The engine's problem and the meetings it must keep (by request id)."""
    kept = {
        m.request_id: m
        for m in Meeting.objects.filter(LIVE, event=ctx.event, request_id__in=ctx.requests)
        if _stays(m, allow_moves)
    }
    fixed = tuple(
        engine.Fixed(request=m.request_id, slot=m.slot_id, table=None, virtual=m.virtual)
        for m in kept.values()
    )
    problem = engine.Problem(
        slots=_engine_slots(ctx),
        participants=_engine_participants(ctx),
        requests=_engine_requests(ctx),
        fixed=fixed,
        seed=seed,
        # SCHEDULE_TIME_LIMIT unless the organiser gave this run more (forums/schedule_progress.py).
        time_limit=settings.SCHEDULE_TIME_LIMIT if time_limit is None else time_limit,
        mode=mode,
    )
    return problem, kept


# --- running and storing -----------------------------------------------------------------------


def _free_tables(slot: TimeSlot, used: set[int]) -> Iterable[int]:
    return (n for n in range(1, slot.tables + 1) if n not in used)


def _inputs(problem: engine.Problem, kept: dict[int, Meeting]) -> tuple:
    """What a run's answer depends on, whatever order the rows were read in."""
    return (
        frozenset(problem.slots),
        frozenset(problem.participants),
        frozenset(problem.requests),
        frozenset(problem.fixed),
        frozenset(kept),
    )


def run_schedule(
    *,
    actor: User,
    event: Event,
    allow_moves: bool = False,
    mode: str = "auto",
    seed: int = 0,
    time_limit: float | None = None,
    progress: Callable[[float, float], None] | None = None,
) -> ScheduleRun:
    """Run the engine and store its answer as draft meetings. Published, locked and past
    meetings stay where they are unless `allow_moves` frees the published ones. `progress` is
    handed to the engine: it hears the current weight and bound as the search improves.

    The engine runs outside any transaction: a run takes up to its whole time budget, and on
    SQLite a write transaction held that long would stop every other write of the site. The
    answer is stored under the event's lock, and only if the forum's inputs are still those
    the engine was given; otherwise nothing changes and the organiser is asked to run again.
    """
    _require_organiser(actor, event)
    options = {"allow_moves": allow_moves, "seed": seed, "mode": mode, "time_limit": time_limit}
    problem, kept = build_problem(read_context(event), **options)
    try:
        result = engine.schedule(problem, progress=progress)
    except engine.InvalidProblem as error:
        raise ValidationError(
            _("The scheduler cannot run: %(detail)s") % {"detail": error}, code="invalid_problem"
        ) from error
    return _store_run(actor, event, options, _inputs(problem, kept), result)


@transaction.atomic
def _store_run(
    actor: User, event: Event, options: dict, inputs: tuple, result: engine.Schedule
) -> ScheduleRun:
    Event.objects.select_for_update().filter(pk=event.pk).first()
    ctx = read_context(event)
    problem, kept = build_problem(ctx, **options)
    if _inputs(problem, kept) != inputs:
        raise ValidationError(
            _(
                "Registrations, requests, times or meetings of this forum changed while the "
                "scheduler ran, so its answer was not kept and nothing changed. Run it again."
            ),
            code="changed",
        )
    allow_moves = options["allow_moves"]
    placements, honoured = honour_proposals(ctx, problem, list(result.placements), kept)
    placed = {p.request: p for p in placements}
    live = {
        m.request_id: m
        for m in Meeting.objects.filter(LIVE, event=event, request__isnull=False)
        if m.request_id not in kept
    }
    # Free every table the run may hand out again, so reassignment never meets a duplicate.
    Meeting.objects.filter(pk__in=[m.pk for m in live.values()]).update(table=None)
    for request_id, meeting in live.items():
        if request_id not in placed:
            if meeting.status == MeetingStatus.DRAFT:
                meeting.delete()
            else:  # a published meeting the organiser allowed to move, now dropped
                Meeting.objects.filter(pk=meeting.pk).update(
                    status=MeetingStatus.CANCELLED, notice_due=True
                )
    used: dict[int, set[int]] = defaultdict(set)
    for slot_id, tables in ctx.walk_in_tables.items():
        used[slot_id] |= tables
    for m in kept.values():
        if m.table is not None:
            used[m.slot_id].add(m.table)
    old_cancelled = {
        m.request_id: m
        for m in Meeting.objects.filter(
            event=event, status=MeetingStatus.CANCELLED, request_id__in=placed
        )
    }
    for placement in sorted(placed.values(), key=lambda p: (ctx.slots[p.slot].order, p.request)):
        if placement.request in kept:
            continue
        slot = ctx.slots[placement.slot]
        table = None
        if not placement.virtual:
            table = next(iter(_free_tables(slot, used[slot.pk])))
            used[slot.pk].add(table)
        request = ctx.requests[placement.request]
        meeting = live.get(placement.request) or old_cancelled.get(placement.request)
        if meeting is None:
            meeting = Meeting(event=event, request=request, a=request.sender, b=request.receiver)
            before = None
        else:
            before = (meeting.slot_id, meeting.table, meeting.virtual, meeting.status)
        meeting.slot, meeting.table, meeting.virtual = slot, table, placement.virtual
        if before is None or before[3] == MeetingStatus.CANCELLED:
            meeting.status = MeetingStatus.DRAFT
        elif before[:3] != (slot.pk, table, placement.virtual):
            meeting.status = MeetingStatus.DRAFT  # a published meeting moved: publish again
        meeting.save()
        _set_video_link(meeting)
    representatives.assign_defaults(event)
    unplaced = [{"request": u.request, "reason": u.reason} for u in result.unplaced]
    unplaced += [{"request": pk, "reason": "no_thanks"} for pk in ctx.no_thanks]
    report = dataclasses.asdict(result.report)
    report["proposals_honoured"] = honoured
    report["proposals"] = sum(1 for r in ctx.requests.values() if ctx.proposed.get(r.pk))
    return ScheduleRun.objects.create(
        event=event,
        created_by=actor,
        allow_moves=allow_moves,
        report=report,
        unplaced=unplaced,
    )


def honour_proposals(
    ctx: Context,
    problem: engine.Problem,
    placements: list[engine.Placement],
    kept: dict[int, Meeting],
) -> tuple[list[engine.Placement], int]:
    """Move placed meetings into a time their request proposed, where the move breaks no hard
    constraint (both sides available and with a free representative, a free table or room);
    returns the placements and how many meetings sit in a proposed time.

    The engine has no per-slot preference, so this runs on its answer: the set of meetings
    and their total weight stay the same, only their times change. Meetings that must stay
    (locked, published, held) are never moved. The result is checked with the engine's own
    `violations`; should a move have broken anything, the engine's placements are kept.
    """
    if not any(ctx.proposed.values()):
        return placements, 0
    people = {p.id: p for p in problem.participants}
    slots = {s.id: s for s in problem.slots}
    busy: Counter[tuple[int, int]] = Counter()
    rooms: Counter[tuple[int, bool]] = Counter()
    for p in placements:
        request = ctx.requests.get(p.request)
        if request is None:
            continue
        busy[(request.sender_id, p.slot)] += 1
        busy[(request.receiver_id, p.slot)] += 1
        rooms[(p.slot, p.virtual)] += 1

    def fits(request: MeetingRequest, slot_id: int, virtual: bool) -> bool:
        slot = slots.get(slot_id)
        if slot is None:
            return False
        room_cap = slot.virtual if virtual else slot.tables
        if rooms[(slot_id, virtual)] >= room_cap:
            return False
        for side in (request.sender_id, request.receiver_id):
            person = people[side]
            if slot_id not in person.available or busy[(side, slot_id)] >= person.capacity:
                return False
        return True

    moved = list(placements)
    for index, p in enumerate(moved):
        wanted = ctx.proposed.get(p.request) or []
        request = ctx.requests.get(p.request)
        if request is None or not wanted or p.slot in wanted or p.request in kept:
            continue
        for slot_id in wanted:
            if fits(request, slot_id, p.virtual):
                for side in (request.sender_id, request.receiver_id):
                    busy[(side, p.slot)] -= 1
                    busy[(side, slot_id)] += 1
                rooms[(p.slot, p.virtual)] -= 1
                rooms[(slot_id, p.virtual)] += 1
                moved[index] = dataclasses.replace(p, slot=slot_id, table=None)
                break
    if engine.violations(problem, moved):
        moved = placements
    honoured = sum(1 for p in moved if p.slot in (ctx.proposed.get(p.request) or ()))
    return moved, honoured


def _set_video_link(meeting: Meeting) -> None:
    link = meeting.event.video_link_for(meeting.pk) if meeting.virtual else ""
    if meeting.video_link != link:
        Meeting.objects.filter(pk=meeting.pk).update(video_link=link)
        meeting.video_link = link


# --- conflicts and manual changes --------------------------------------------------------------


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
