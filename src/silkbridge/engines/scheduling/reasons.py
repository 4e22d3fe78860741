"""Why each request stayed unplaced, and the secondary quality figures of a schedule."""

from __future__ import annotations

import math

from silkbridge.engines.scheduling.instance import Instance
from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, State, bits


def unplaced_reason(state: State, k: int, lightest: dict[tuple[int, int], float]) -> str:
    """Reason for unplaced request k (see `Unplaced`), judged on the final schedule.

    "outweighed" means every slot both sides share could only take it by dropping meetings
    that weigh more in total; "slots_full" means the slots are full with meetings that are
    fixed or weigh no more than it (the scheduler found no better exchange).
    """
    inst = state.inst
    if not inst.common[k]:
        return "no_common_slot"
    a, b = inst.a[k], inst.b[k]
    if state.capped[a] or state.capped[b]:
        return "meeting_cap"
    cheapest = math.inf
    for s in bits(inst.common[k]):
        cost = 0.0
        for p in (a, b):
            if state.busy[p][s] >= inst.capacity[p]:
                movable = [
                    inst.weight[m] for m in state.meetings_at[p].get(s, ()) if m not in state.fixed
                ]
                cost += min(movable, default=math.inf)
        if state.room_for(k, s) == 0:
            rooms = [r for r in (PHYSICAL, VIRTUAL) if ok_room(inst, k, r)]
            cost += min(lightest.get((s, r), math.inf) for r in rooms)
        cheapest = min(cheapest, cost)
    return "outweighed" if inst.weight[k] < cheapest < math.inf else "slots_full"


def ok_room(inst: Instance, k: int, room: int) -> bool:
    return inst.physical_ok[k] if room == PHYSICAL else inst.virtual_ok[k]


def lightest_by_room(state: State) -> dict[tuple[int, int], float]:
    """Weight of the lightest non-fixed meeting per (slot, room type)."""
    out: dict[tuple[int, int], float] = {}
    for k, s in enumerate(state.slot_of):
        if s >= 0 and k not in state.fixed:
            key = (s, state.room_of[k])
            w = state.inst.weight[k]
            if w < out.get(key, math.inf):
                out[key] = w
    return out


def session_masks(inst: Instance) -> list[int]:
    """The slots of each session, as bit masks."""
    sessions: dict[int, int] = {}
    for s in range(inst.n_slots):
        sessions[inst.session_of[s]] = sessions.get(inst.session_of[s], 0) | (1 << s)
    return list(sessions.values())


def idle_slots(masks: list[int], occupied: int, available: int) -> int:
    """Slots a participant waits through: available but without a meeting, between its first
    and last meeting of a session, summed over sessions. A slot it is not available in is its
    own time, and a break between sessions is nobody's waiting time."""
    total = 0
    for mask in masks:
        mine = occupied & mask
        if mine:
            lo = (mine & -mine).bit_length() - 1
            span = ((1 << mine.bit_length()) - (1 << lo)) & mask
            total += (span & available & ~mine).bit_count()
    return total


def fairness_figures(state: State) -> tuple[int, int, float]:
    """(participants left without meetings though they had a placeable request,
    participants with meetings, mean idle slots of the latter)."""
    inst = state.inst
    hopeful = [False] * inst.n_participants
    for k in range(inst.n_requests):
        if inst.common[k]:
            hopeful[inst.a[k]] = hopeful[inst.b[k]] = True
    without = sum(1 for p in range(inst.n_participants) if hopeful[p] and not state.count[p])
    meeting = [p for p in range(inst.n_participants) if state.count[p]]
    masks = session_masks(inst)
    idle = sum(idle_slots(masks, state.occupied[p], inst.available[p]) for p in meeting)
    return without, len(meeting), (idle / len(meeting) if meeting else 0.0)
