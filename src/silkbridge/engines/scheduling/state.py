"""A partial schedule with O(1) feasibility tests, shared by every heuristic.

Bit masks per participant ("slots where it is at capacity") and per slot ("tables full",
"virtual rooms full") make the set of slots where a request fits one AND of integers.
"""

from __future__ import annotations

from silkbridge.engines.scheduling.instance import Instance

PHYSICAL, VIRTUAL = 1, 2


class State:
    """Which request sits in which slot and room type; every change keeps constraints valid."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        n_slots, n_people = inst.n_slots, inst.n_participants
        self.slot_of = [-1] * inst.n_requests
        self.room_of = [0] * inst.n_requests
        self.busy = [[0] * n_slots for _ in range(n_people)]
        self.full = [0] * n_people  # slots where the participant is at capacity
        self.occupied = [0] * n_people  # slots where the participant has a meeting
        self.count = [0] * n_people
        self.capped = [inst.max_meetings[p] == 0 for p in range(n_people)]
        self.meetings_at: list[dict[int, list[int]]] = [{} for _ in range(n_people)]
        self.used = {PHYSICAL: [0] * n_slots, VIRTUAL: [0] * n_slots}
        self.limit = {PHYSICAL: inst.tables, VIRTUAL: inst.virtual}
        self.room_full = {
            PHYSICAL: sum(1 << s for s in range(n_slots) if inst.tables[s] == 0),
            VIRTUAL: sum(1 << s for s in range(n_slots) if inst.virtual[s] == 0),
        }
        self.in_slot: list[set[int]] = [set() for _ in range(n_slots)]
        self.weight = 0.0
        self.placed = 0
        self.fixed = set(inst.fixed)
        #: When a list, every change is recorded as (request, former slot or -1, former room).
        self.log: list[tuple[int, int, int]] | None = None
        for k, (s, _table, virtual) in sorted(inst.fixed.items()):
            self.place(k, s, VIRTUAL if virtual else PHYSICAL)

    # -- queries ---------------------------------------------------------------------------

    def open_mask(self, k: int) -> int:
        """Slots where request k fits now, with a free table or virtual room."""
        inst = self.inst
        a, b = inst.a[k], inst.b[k]
        if self.capped[a] or self.capped[b]:
            return 0
        rooms = 0
        if inst.physical_ok[k]:
            rooms |= ~self.room_full[PHYSICAL]
        if inst.virtual_ok[k]:
            rooms |= ~self.room_full[VIRTUAL]
        return inst.common[k] & ~self.full[a] & ~self.full[b] & rooms

    def room_for(self, k: int, s: int) -> int:
        """Room type request k would take in slot s (tables first), or 0 if both are full."""
        if self.inst.physical_ok[k] and not (self.room_full[PHYSICAL] >> s) & 1:
            return PHYSICAL
        if self.inst.virtual_ok[k] and not (self.room_full[VIRTUAL] >> s) & 1:
            return VIRTUAL
        return 0

    # -- changes ---------------------------------------------------------------------------

    def place(self, k: int, s: int, room: int) -> None:
        inst = self.inst
        if self.log is not None:
            self.log.append((k, -1, 0))
        self.slot_of[k] = s
        self.room_of[k] = room
        bit = 1 << s
        for p in (inst.a[k], inst.b[k]):
            row = self.busy[p]
            row[s] += 1
            if row[s] >= inst.capacity[p]:
                self.full[p] |= bit
            self.occupied[p] |= bit
            self.meetings_at[p].setdefault(s, []).append(k)
            self.count[p] += 1
            if self.count[p] >= inst.max_meetings[p]:
                self.capped[p] = True
        used = self.used[room]
        used[s] += 1
        if used[s] >= self.limit[room][s]:
            self.room_full[room] |= bit
        self.in_slot[s].add(k)
        self.weight += inst.weight[k]
        self.placed += 1

    def remove(self, k: int) -> tuple[int, int]:
        """Take request k out of the schedule; returns its former (slot, room)."""
        inst = self.inst
        s, room = self.slot_of[k], self.room_of[k]
        if self.log is not None:
            self.log.append((k, s, room))
        self.slot_of[k] = -1
        self.room_of[k] = 0
        bit = 1 << s
        for p in (inst.a[k], inst.b[k]):
            row = self.busy[p]
            row[s] -= 1
            self.full[p] &= ~bit
            if row[s] == 0:
                self.occupied[p] &= ~bit
            at = self.meetings_at[p][s]
            at.remove(k)
            if not at:
                del self.meetings_at[p][s]
            self.count[p] -= 1
            self.capped[p] = self.count[p] >= inst.max_meetings[p]
        self.used[room][s] -= 1
        self.room_full[room] &= ~bit
        self.in_slot[s].discard(k)
        self.weight -= inst.weight[k]
        self.placed -= 1
        return s, room

    def move(self, k: int, s: int, room: int) -> tuple[int, int]:
        old = self.remove(k)
        self.place(k, s, room)
        return old

    def revert(self, mark: int) -> None:
        """Undo the logged changes after position `mark` of the log."""
        log, self.log = self.log, None
        while len(log) > mark:
            k, s, room = log.pop()
            if self.slot_of[k] >= 0:
                self.remove(k)
            if s >= 0:
                self.place(k, s, room)
        self.log = log

    def placements(self) -> list[tuple[int, int, int]]:
        return [(k, s, self.room_of[k]) for k, s in enumerate(self.slot_of) if s >= 0]


def bits(mask: int):
    """Indices of the set bits of a non-negative mask, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
