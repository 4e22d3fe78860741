"""Checks a `Problem` and turns it into compact indexed arrays the solvers share.

Slots become indices 0..S-1 in chronological order and sets of slots become integer bit masks,
so "a slot both sides can use" is one AND. Structural errors raise `InvalidProblem`; a bad
request only makes that request unplaced with the reason "invalid".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from silkbridge.engines.scheduling.checks import check_duplicate_pairs, check_types
from silkbridge.engines.scheduling.model import InvalidProblem, Problem

#: Stands for "no cap" in `Instance.max_meetings`.
NO_CAP = 1 << 30


@dataclass
class Instance:
    """Indexed view of a valid problem. Request indices cover the valid requests only."""

    problem: Problem
    slot_ids: list[int]
    tables: list[int]
    virtual: list[int]
    session_of: list[int]
    session_pos: list[int]
    participant_ids: list[int]
    available: list[int]  # bit mask of slot indices, per participant
    capacity: list[int]
    max_meetings: list[int]
    request_ids: list[int]
    a: list[int]
    b: list[int]
    weight: list[float]
    physical_ok: list[bool]
    virtual_ok: list[bool]
    common: list[int]  # slots both sides can attend and that have a room the request may use
    fixed: dict[int, tuple[int, int | None, bool]] = field(default_factory=dict)
    invalid: list[int] = field(default_factory=list)  # ids of invalid requests

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    @property
    def n_participants(self) -> int:
        return len(self.participant_ids)

    @property
    def n_requests(self) -> int:
        return len(self.request_ids)

    def incident(self) -> list[list[int]]:
        """Request indices of each participant."""
        out: list[list[int]] = [[] for _ in self.participant_ids]
        for k in range(self.n_requests):
            out[self.a[k]].append(k)
            out[self.b[k]].append(k)
        return out


def build(problem: Problem) -> Instance:
    """Validate `problem` and index it; raises `InvalidProblem` with a message naming the fault."""
    check_types(problem)
    check_duplicate_pairs(problem)
    slots = sorted(problem.slots, key=lambda s: (s.order, s.id))
    slot_index: dict[int, int] = {}
    orders: set[int] = set()
    for i, slot in enumerate(slots):
        if slot.id in slot_index:
            raise InvalidProblem(f"duplicate slot id {slot.id}")
        if slot.order in orders:
            raise InvalidProblem(f"two slots share the order {slot.order}")
        slot_index[slot.id] = i
        orders.add(slot.order)
    session_of = [s.session for s in slots]
    seen_in_session: dict[int, int] = {}
    session_pos = []
    for s in slots:
        session_pos.append(seen_in_session.get(s.session, 0))
        seen_in_session[s.session] = session_pos[-1] + 1

    person_index: dict[int, int] = {}
    available, capacity, max_meetings = [], [], []
    for n, person in enumerate(problem.participants):
        if person.id in person_index:
            raise InvalidProblem(f"duplicate participant id {person.id}")
        mask = 0
        for slot_id in person.available:
            if slot_id not in slot_index:
                raise InvalidProblem(
                    f"participant {person.id} is available in unknown slot {slot_id}"
                )
            mask |= 1 << slot_index[slot_id]
        person_index[person.id] = n
        available.append(mask)
        capacity.append(person.capacity)
        max_meetings.append(NO_CAP if person.max_meetings is None else person.max_meetings)

    table_mask = sum(1 << i for i, s in enumerate(slots) if s.tables > 0)
    virtual_mask = sum(1 << i for i, s in enumerate(slots) if s.virtual > 0)
    inst = Instance(
        problem=problem,
        slot_ids=[s.id for s in slots],
        tables=[s.tables for s in slots],
        virtual=[s.virtual for s in slots],
        session_of=session_of,
        session_pos=session_pos,
        participant_ids=[p.id for p in problem.participants],
        available=available,
        capacity=capacity,
        max_meetings=max_meetings,
        request_ids=[],
        a=[],
        b=[],
        weight=[],
        physical_ok=[],
        virtual_ok=[],
        common=[],
    )
    request_index: dict[int, int] = {}
    seen_requests: set[int] = set()
    for req in problem.requests:
        if req.id in seen_requests:
            raise InvalidProblem(f"duplicate request id {req.id}")
        seen_requests.add(req.id)
        a, b = person_index.get(req.a), person_index.get(req.b)
        weight = float(req.weight)
        if (
            a is None
            or b is None
            or a == b
            or not math.isfinite(weight)
            or weight <= 0
            or not (req.physical_ok or req.virtual_ok)
        ):
            inst.invalid.append(req.id)
            continue
        rooms = (table_mask if req.physical_ok else 0) | (virtual_mask if req.virtual_ok else 0)
        request_index[req.id] = len(inst.request_ids)
        inst.request_ids.append(req.id)
        inst.a.append(a)
        inst.b.append(b)
        inst.weight.append(weight)
        inst.physical_ok.append(bool(req.physical_ok))
        inst.virtual_ok.append(bool(req.virtual_ok))
        inst.common.append(available[a] & available[b] & rooms)
    _check_fixed(inst, problem, slot_index, request_index, seen_requests)
    return inst


def _check_fixed(inst, problem, slot_index, request_index, known_requests) -> None:
    """Fixed meetings must satisfy every hard constraint on their own."""
    used_tables: dict[int, set[int]] = {}
    physical = [0] * inst.n_slots
    virtual = [0] * inst.n_slots
    busy: dict[tuple[int, int], int] = {}
    meetings = [0] * inst.n_participants
    for fix in problem.fixed:
        name = f"fixed meeting of request {fix.request}"
        if fix.request not in known_requests:
            raise InvalidProblem(f"{name}: unknown request")
        k = request_index.get(fix.request)
        if k is None:
            raise InvalidProblem(f"{name}: the request itself is invalid")
        if k in inst.fixed:
            raise InvalidProblem(f"{name}: fixed twice")
        s = slot_index.get(fix.slot)
        if s is None:
            raise InvalidProblem(f"{name}: unknown slot {fix.slot}")
        a, b = inst.a[k], inst.b[k]
        if not (inst.available[a] >> s) & (inst.available[b] >> s) & 1:
            raise InvalidProblem(f"{name}: slot {fix.slot} is not available to both sides")
        if fix.virtual:
            if fix.table is not None:
                raise InvalidProblem(f"{name}: a virtual meeting has no table")
            if not inst.virtual_ok[k]:
                raise InvalidProblem(f"{name}: the request may not be held virtually")
            virtual[s] += 1
            if virtual[s] > inst.virtual[s]:
                raise InvalidProblem(f"{name}: slot {fix.slot} has no virtual room left")
        else:
            if not inst.physical_ok[k]:
                raise InvalidProblem(f"{name}: the request may not be held at a table")
            physical[s] += 1
            if physical[s] > inst.tables[s]:
                raise InvalidProblem(f"{name}: slot {fix.slot} has no table left")
            if fix.table is not None:
                if not 1 <= fix.table <= inst.tables[s]:
                    raise InvalidProblem(f"{name}: slot {fix.slot} has no table {fix.table}")
                taken = used_tables.setdefault(s, set())
                if fix.table in taken:
                    raise InvalidProblem(f"{name}: table {fix.table} is already taken")
                taken.add(fix.table)
        for side in (a, b):
            busy[side, s] = busy.get((side, s), 0) + 1
            if busy[side, s] > inst.capacity[side]:
                raise InvalidProblem(
                    f"{name}: participant {inst.participant_ids[side]} is already in "
                    f"{inst.capacity[side]} meeting(s) in slot {fix.slot}"
                )
            meetings[side] += 1
            if meetings[side] > inst.max_meetings[side]:
                raise InvalidProblem(
                    f"{name}: participant {inst.participant_ids[side]} exceeds its meeting cap"
                )
        inst.fixed[k] = (s, fix.table, bool(fix.virtual))
