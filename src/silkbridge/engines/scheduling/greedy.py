"""Constructive schedules: the two baselines and Silkbridge's own greedy.

- `first_come_first_served`: requests in arrival order, each in the earliest slot free for both —
  what booking by the participants themselves amounts to.
- `weight_greedy`: heaviest requests first, earliest free slot.
- `smart_greedy`: a given order (heaviest first, the b-matching's choice first), each request in
  the free slot it needs least urgently: the slot where its two sides and the room pool have the
  least remaining demand from requests still to come, next to their other meetings if possible.
"""

from __future__ import annotations

from collections.abc import Iterable

from silkbridge.engines.scheduling.instance import Instance
from silkbridge.engines.scheduling.state import State, bits


def first_come_first_served(inst: Instance) -> State:
    return _earliest(inst, range(inst.n_requests))


def weight_greedy(inst: Instance) -> State:
    return _earliest(inst, sorted(range(inst.n_requests), key=lambda k: -inst.weight[k]))


def _earliest(inst: Instance, order: Iterable[int]) -> State:
    state = State(inst)
    for k in order:
        if state.slot_of[k] < 0:
            mask = state.open_mask(k)
            if mask:
                s = (mask & -mask).bit_length() - 1
                state.place(k, s, state.room_for(k, s))
    return state


def neighbours(inst: Instance) -> list[int]:
    """For each slot, the mask of the slots right before and after it in the same session."""
    out = []
    for s in range(inst.n_slots):
        mask = 0
        for t in (s - 1, s + 1):
            if 0 <= t < inst.n_slots and inst.session_of[t] == inst.session_of[s]:
                mask |= 1 << t
        out.append(mask)
    return out


def smart_greedy(inst: Instance, order: list[int]) -> State:
    """Place requests in `order`, each in its least contended free slot (see module docstring)."""
    state = State(inst)
    n_slots = inst.n_slots
    a_of, b_of, common, capacity = inst.a, inst.b, inst.common, inst.capacity
    demand = [[0] * n_slots for _ in range(inst.n_participants)]
    slot_demand = [0] * n_slots
    todo = [k for k in order if state.slot_of[k] < 0]
    for k in todo:
        for s in bits(common[k]):
            demand[a_of[k]][s] += 1
            demand[b_of[k]][s] += 1
            slot_demand[s] += 1
    near = neighbours(inst)
    rooms = [inst.tables[s] + inst.virtual[s] for s in range(n_slots)]
    used_p, used_v = state.used[1], state.used[2]
    busy, occupied = state.busy, state.occupied
    for k in todo:
        a, b = a_of[k], b_of[k]
        da, db = demand[a], demand[b]
        for s in bits(common[k]):
            da[s] -= 1
            db[s] -= 1
            slot_demand[s] -= 1
        mask = state.open_mask(k)
        if not mask:
            continue
        best, best_score = -1, 0.0
        ca, cb = capacity[a], capacity[b]
        ba, bb = busy[a], busy[b]
        oa, ob = occupied[a], occupied[b]
        for s in bits(mask):
            free_rooms = rooms[s] - used_p[s] - used_v[s]
            score = (
                da[s] / (ca - ba[s])
                + db[s] / (cb - bb[s])
                + slot_demand[s] / free_rooms
                - 0.5 * (bool(near[s] & oa) + bool(near[s] & ob))
            )
            if best < 0 or score < best_score:
                best, best_score = s, score
        state.place(k, best, state.room_for(k, best))
    return state
