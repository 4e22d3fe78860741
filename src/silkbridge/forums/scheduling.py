"""The adapter between the forum's tables and the scheduling engine: build an engine Problem from
the database and run the scheduler, then hand the answer to `schedule_storage` if the forum did
not change while the engine worked. The organiser's manual changes (move, swap, lock) and the
publication are in `schedule_edits`.

The engine is told only how many tables are free in each slot, which keeps walk-ins (meetings
without a request) out of its model; `schedule_storage` numbers the tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silkbridge.accounts.models import User
from silkbridge.engines import scheduling as engine
from silkbridge.forums import permissions, schedule_storage
from silkbridge.forums.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    ParticipantStatus,
    RequestStatus,
    ScheduleRun,
)
from silkbridge.forums.schedule_context import LIVE, PAST_STATUSES, Context

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


# --- running -----------------------------------------------------------------------------------


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
    """Store the engine's answer under the event's lock, and only if the forum's inputs are still
    those the engine was given."""
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
    return schedule_storage.store_answer(
        actor=actor,
        event=event,
        ctx=ctx,
        problem=problem,
        kept=kept,
        allow_moves=options["allow_moves"],
        result=result,
    )
