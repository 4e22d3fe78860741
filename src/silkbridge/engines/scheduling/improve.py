"""Local search that adds unplaced requests by moving or, when it pays, ejecting meetings.

To insert request r in slot s, each obstacle is removed in turn: a side already at its capacity
in s, a side at its meeting cap, or a slot without a free room. An obstacle meeting is first
moved to another slot where it fits (directly, or after moving one meeting out of its way), and
only ejected if it cannot move. An insertion with ejections is kept only if it gains weight
(or, in the fairness pass, keeps the weight and gives a participant its first meeting); ejected
requests go back to the queue. Every accepted step raises the total weight or the number of
meetings, so the search ends; a step budget and the time limit bound it as well.
"""

from __future__ import annotations

import time

from silkbridge.engines.scheduling.reasons import idle_slots, session_masks
from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, State, bits

#: How many meetings of a full slot are examined when looking for one to move or eject.
SAMPLE = 48


class Search:
    """Moves and ejections on a `State`, with an undo journal."""

    def __init__(self, state: State, deadline: float) -> None:
        self.state = state
        self.inst = state.inst
        self.deadline = deadline
        self.journal: list[tuple[int, int, int]] = []  # (request, old slot or -1, old room)
        self.ejected: list[int] = []
        self.queue: list[int] = []
        self.timed_out = False
        #: Small instances afford chains of moves in every insertion, not only cheap ones.
        self.thorough = False
        #: No ejection can gain unless the request outweighs the lightest open request.
        self.lightest_weight = 0.0

    # -- journal ---------------------------------------------------------------------------

    def _move(self, k: int, s: int, room: int) -> None:
        self.journal.append((k, *self.state.move(k, s, room)))

    def _eject(self, k: int) -> None:
        self.journal.append((k, *self.state.remove(k)))
        self.ejected.append(k)

    def _insert(self, k: int, s: int, room: int) -> None:
        self.state.place(k, s, room)
        self.journal.append((k, -1, 0))

    def _undo(self) -> None:
        state = self.state
        while self.journal:
            k, s, room = self.journal.pop()
            if state.slot_of[k] >= 0:
                state.remove(k)
            if s >= 0:
                state.place(k, s, room)
        self.ejected.clear()

    def _commit(self) -> list[int]:
        self.journal.clear()
        out, self.ejected = self.ejected, []
        return out

    # -- relocation ------------------------------------------------------------------------

    def _relocation_mask(self, k: int) -> int:
        """Other slots where placed request k would fit if moved (its meeting count is kept)."""
        state, inst = self.state, self.inst
        a, b = inst.a[k], inst.b[k]
        rooms = 0
        if inst.physical_ok[k]:
            rooms |= ~state.room_full[PHYSICAL]
        if inst.virtual_ok[k]:
            rooms |= ~state.room_full[VIRTUAL]
        return inst.common[k] & ~state.full[a] & ~state.full[b] & rooms & ~(1 << state.slot_of[k])

    def _relocate(self, k: int, deep: bool) -> bool:
        """Move placed request k to another slot, possibly moving one blocker out of the way."""
        state = self.state
        mask = self._relocation_mask(k)
        if mask:
            s = (mask & -mask).bit_length() - 1
            self._move(k, s, state.room_for(k, s))
            return True
        if not deep:
            return False
        inst = self.inst
        home = state.slot_of[k]
        for s in bits(inst.common[k] & ~(1 << home)):
            blockers = []
            for p in (inst.a[k], inst.b[k]):
                if state.busy[p][s] >= inst.capacity[p]:
                    blockers.append(p)
            if len(blockers) != 1 or self.state.room_for(k, s) == 0:
                continue
            for m in state.meetings_at[blockers[0]].get(s, ()):
                if m in state.fixed:
                    continue
                mark = len(self.journal)
                if self._relocate(m, deep=False):
                    room = state.room_for(k, s)
                    if (
                        room
                        and not state.full[inst.a[k]] >> s & 1
                        and not (state.full[inst.b[k]] >> s & 1)
                    ):
                        self._move(k, s, room)
                        return True
                    self._rollback(mark)
        return False

    def _rollback(self, mark: int) -> None:
        state = self.state
        while len(self.journal) > mark:
            k, s, room = self.journal.pop()
            if state.slot_of[k] >= 0:
                state.remove(k)
            if s >= 0:
                state.place(k, s, room)

    # -- insertion -------------------------------------------------------------------------

    def attempt(self, k: int, s: int, eject: bool) -> float | None:
        """Try to put request k in slot s; returns the weight ejected, or None (state undone)."""
        state, inst = self.state, self.inst
        lost = 0.0
        for p in (inst.a[k], inst.b[k]):
            if state.capped[p]:
                if not eject:
                    return self._fail()
                victim = self._lightest(
                    m for ms in state.meetings_at[p].values() for m in ms if m not in state.fixed
                )
                if victim < 0:
                    return self._fail()
                lost += inst.weight[victim]
                self._eject(victim)
        for p in (inst.a[k], inst.b[k]):
            if state.busy[p][s] >= inst.capacity[p]:
                movable = [m for m in state.meetings_at[p].get(s, ()) if m not in state.fixed]
                if not any(self._relocate(m, deep=self.thorough or not eject) for m in movable):
                    if not eject or not movable:
                        return self._fail()
                    victim = self._lightest(movable)
                    lost += inst.weight[victim]
                    self._eject(victim)
        room = state.room_for(k, s)
        if not room:
            room = self._free_room(k, s)
            if not room and eject:
                sample = self._sample(k, s)
                victim = self._lightest(sample)
                if victim >= 0:
                    lost += inst.weight[victim]
                    self._eject(victim)
                    room = state.room_for(k, s)
            if not room:
                return self._fail()
        a, b = inst.a[k], inst.b[k]
        if (state.full[a] | state.full[b]) >> s & 1 or state.capped[a] or state.capped[b]:
            return self._fail()  # an earlier move filled what a later step had freed
        self._insert(k, s, room)
        return lost

    def _fail(self) -> None:
        self._undo()
        return None

    def _sample(self, k: int, s: int) -> list[int]:
        """Up to SAMPLE non-fixed meetings of slot s holding a room request k could use."""
        state, inst = self.state, self.inst
        out = []
        for m in state.in_slot[s]:
            if m in state.fixed:
                continue
            room = state.room_of[m]
            if (room == PHYSICAL and inst.physical_ok[k]) or (
                room == VIRTUAL and inst.virtual_ok[k]
            ):
                out.append(m)
                if len(out) >= SAMPLE:
                    break
        return out

    def _free_room(self, k: int, s: int) -> int:
        """Free a room for k in full slot s: switch a meeting's room type, or move one away."""
        state, inst = self.state, self.inst
        want = PHYSICAL if inst.physical_ok[k] else VIRTUAL
        other = VIRTUAL if want == PHYSICAL else PHYSICAL
        if not (state.room_full[other] >> s) & 1:
            ok = inst.virtual_ok if other == VIRTUAL else inst.physical_ok
            for m in state.in_slot[s]:
                if state.room_of[m] == want and ok[m] and m not in state.fixed:
                    self._move(m, s, other)
                    return state.room_for(k, s)
        for m in self._sample(k, s):
            if self._relocate(m, deep=False):
                return state.room_for(k, s)
        return 0

    def _lightest(self, candidates) -> int:
        best, weight = -1, 0.0
        for m in candidates:
            if (
                best < 0
                or self.inst.weight[m] < weight
                or (self.inst.weight[m] == weight and m > best)
            ):
                best, weight = m, self.inst.weight[m]
        return best

    def insert(self, k: int, min_gain: float = 1e-9, accept=None) -> bool:
        """Insert request k where it fits best; True if the state changed."""
        common = self.inst.common[k]
        for s in bits(common):
            if self.attempt(k, s, eject=False) is not None:
                self._commit()
                return True
        best_s, best_gain = -1, min_gain
        if self.inst.weight[k] - self.lightest_weight < min_gain:
            return False  # no ejection can gain
        for s in bits(common):
            lost = self.attempt(k, s, eject=True)
            if lost is None:
                continue
            gain = self.inst.weight[k] - lost
            if gain >= best_gain and (accept is None or accept(self.ejected)):
                best_s, best_gain = s, gain + 1e-12
            self._undo()
        if best_s < 0:
            return False
        if self.attempt(k, best_s, eject=True) is None:  # undo restored the state: not expected
            return False
        for m in self._commit():
            self.queue.append(m)
        return True

    # -- passes ----------------------------------------------------------------------------

    def run(self, max_passes: int = 1) -> None:
        """Insert unplaced requests, heaviest first, until a pass changes nothing."""
        inst, state = self.inst, self.state
        self.lightest_weight = min(
            (inst.weight[k] for k in range(inst.n_requests) if k not in state.fixed), default=0.0
        )
        for _ in range(max_passes):
            self.queue = sorted(
                (k for k in range(inst.n_requests) if state.slot_of[k] < 0 and inst.common[k]),
                key=lambda k: (-inst.weight[k], k),
            )
            changed = False
            head = 0
            while head < len(self.queue):
                if time.monotonic() > self.deadline:
                    self.timed_out = True
                    return
                k = self.queue[head]
                head += 1
                if state.slot_of[k] < 0 and self.insert(k):
                    changed = True
            if not changed:
                return

    def fairness(self) -> None:
        """Give participants without meetings one, by weight-neutral exchanges."""
        inst, state = self.inst, self.state
        self.queue = []
        incident = inst.incident()
        for p in range(inst.n_participants):
            if state.count[p] or not any(inst.common[k] for k in incident[p]):
                continue
            for k in sorted(incident[p], key=lambda k: (-inst.weight[k], k)):
                if time.monotonic() > self.deadline:
                    self.timed_out = True
                    return
                if not inst.common[k] or state.slot_of[k] >= 0:
                    continue

                def keeps_others(ejected: list[int]) -> bool:
                    lost = {}
                    for m in ejected:
                        for q in (inst.a[m], inst.b[m]):
                            lost[q] = lost.get(q, 0) + 1
                    return all(state.count[q] > 0 for q in lost)

                if self.insert(k, min_gain=0.0, accept=keeps_others):
                    break
        for m in self.queue:  # ejected meetings may fit elsewhere
            if state.slot_of[m] < 0:
                self.insert(m)

    def compact(self) -> None:
        """Shorten agendas: move meetings to free slots where both sides wait less."""
        inst, state = self.inst, self.state
        masks = session_masks(inst)

        def idle(p: int) -> int:
            return idle_slots(masks, state.occupied[p], inst.available[p])

        for _ in range(2):
            improved = False
            for k in range(inst.n_requests):
                if state.slot_of[k] < 0 or k in state.fixed:
                    continue
                if time.monotonic() > self.deadline:
                    self.timed_out = True
                    return
                mask = self._relocation_mask(k)
                if not mask:
                    continue
                a, b = inst.a[k], inst.b[k]
                before = idle(a) + idle(b)
                if not before:
                    continue
                home, room = state.slot_of[k], state.room_of[k]
                best, best_idle = -1, before
                for s in bits(mask):
                    state.move(k, s, state.room_for(k, s))
                    now = idle(a) + idle(b)
                    if now < best_idle:
                        best, best_idle = s, now
                    state.move(k, home, room)
                if best >= 0:
                    state.move(k, best, state.room_for(k, best))
                    improved = True
            if not improved:
                return
