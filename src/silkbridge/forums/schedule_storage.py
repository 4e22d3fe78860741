"""Storing the engine's answer: a run's placements become draft meetings with table numbers
and video links, meetings the run dropped are deleted or cancelled, and a ScheduleRun keeps the
report and the requests left out.

Table numbers are assigned here, not by the engine: meetings that must stay (locked, published,
held) keep theirs, walk-ins keep theirs, and the others take the lowest free numbers. Kept apart
from `scheduling`, which reads the forum, runs the engine and checks the forum did not change
meanwhile before it hands the answer over.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable

from silkbridge.accounts.models import User
from silkbridge.engines import scheduling as engine
from silkbridge.forums import representatives
from silkbridge.forums.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    ScheduleRun,
    TimeSlot,
)
from silkbridge.forums.schedule_context import LIVE, Context


def _free_tables(slot: TimeSlot, used: set[int]) -> Iterable[int]:
    return (n for n in range(1, slot.tables + 1) if n not in used)


def store_answer(
    *,
    actor: User,
    event: Event,
    ctx: Context,
    problem: engine.Problem,
    kept: dict[int, Meeting],
    allow_moves: bool,
    result: engine.Schedule,
) -> ScheduleRun:
    """Write a run's answer as draft meetings and record the run. The caller holds the event's
    lock inside a transaction and has checked that `ctx`, `problem` and `kept` are still what
    the engine was given, so the answer fits the forum as it is."""
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
