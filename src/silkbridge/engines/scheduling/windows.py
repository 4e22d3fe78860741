"""Large-neighbourhood search: re-solve a window of a few slots exactly with CP-SAT.

A window is a set of slots. Every movable meeting in those slots is freed, and CP-SAT chooses
again, among those meetings and every unplaced request that could use a slot of the window,
the heaviest set that fits the window's tables, virtual rooms, representatives and meeting
caps (meetings outside the window stay and count against the caps). The current schedule is
the hint, so a window never makes the schedule lighter; it is kept when it is heavier or
equal (equal lets the search drift across plateaus). CP-SAT runs on one worker with a
deterministic time limit, so a window's answer depends on the problem and the seed only.

Windows grow while CP-SAT proves them optimal within the effort and shrink when it does not,
so the search spends its time on neighbourhoods it can actually solve.
"""

from __future__ import annotations

import random
import time

from ortools.sat.python import cp_model

from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, State, bits

#: Deterministic time (about seconds on a quiet core) CP-SAT may spend on one window.
WINDOW_EFFORT = 1.0
#: Window sizes, in slots, the search moves between.
MIN_SLOTS, MAX_SLOTS = 1, 8
LINEARIZATION = 2


class WindowSearch:
    """Re-solves windows of slots of a `State` until a deadline, the bound or stagnation."""

    def __init__(self, state: State, seed: int) -> None:
        self.state = state
        self.inst = state.inst
        self.rng = random.Random(seed + 2)  # noqa: S311 - seeded and reproducible by design
        n_slots = self.inst.n_slots
        self.by_slot: list[list[int]] = [[] for _ in range(n_slots)]
        for k in range(self.inst.n_requests):
            if k not in state.fixed:
                for s in bits(self.inst.common[k]):
                    self.by_slot[s].append(k)
        self.size = min(2, max(1, n_slots))
        integral = all(float(w).is_integer() for w in self.inst.weight)
        self.scale = 1 if integral else 1000
        self.windows = 0
        #: When a set, the only (request, slot, room) options a window may choose besides the
        #: current ones: those the LP solution uses, which keeps each model small.
        self.allowed: set[tuple[int, int, int]] | None = None

    def run(self, deadline: float, bound: float, max_windows: int) -> None:
        """Solve up to `max_windows` windows, stopping early at `deadline` or at `bound`."""
        n_slots = self.inst.n_slots
        for _ in range(max_windows if n_slots else 0):
            left = deadline - time.monotonic()
            if left <= 0.05 or self.state.weight >= bound - 1e-9:
                return
            size = min(self.size, n_slots)
            first = self.rng.randrange(n_slots)
            if self.rng.random() < 0.5:  # consecutive slots, or scattered ones
                window = [(first + i) % n_slots for i in range(size)]
            else:
                window = self.rng.sample(range(n_slots), size)
            optimal = self.solve(window, min(WINDOW_EFFORT, left), left)
            self.windows += 1
            if optimal:
                self.size = min(MAX_SLOTS, self.size + 1)
            else:
                self.size = max(MIN_SLOTS, self.size - 1)

    def solve(self, window: list[int], effort: float, seconds: float) -> bool:
        """Re-solve one window in place, with `effort` deterministic seconds and at most
        `seconds` of wall time; True if CP-SAT proved the window optimal."""
        state, inst = self.state, self.inst
        mask = sum(1 << s for s in window)
        requests = sorted(
            {
                k
                for s in window
                for k in self.by_slot[s]
                if state.slot_of[k] < 0 or (mask >> state.slot_of[k]) & 1
            }
        )
        if not requests:
            return True
        model = cp_model.CpModel()
        choice: list[tuple[int, int, int, cp_model.IntVar]] = []
        per_request: dict[int, list] = {}
        per_busy: dict[tuple[int, int], list] = {}
        per_room: dict[tuple[int, int], list] = {}
        per_person: dict[int, list] = {}
        inside = [0] * inst.n_participants  # the window's movable meetings per participant
        for k in requests:
            if state.slot_of[k] >= 0:
                inside[inst.a[k]] += 1
                inside[inst.b[k]] += 1
            for s in bits(inst.common[k] & mask):
                for room, ok, limit in (
                    (PHYSICAL, inst.physical_ok[k], inst.tables[s]),
                    (VIRTUAL, inst.virtual_ok[k], inst.virtual[s]),
                ):
                    if not ok or not limit:
                        continue
                    if (
                        self.allowed is not None
                        and (k, s, room) not in self.allowed
                        and not (state.slot_of[k] == s and state.room_of[k] == room)
                    ):
                        continue
                    var = model.new_bool_var("")
                    model.add_hint(var, state.slot_of[k] == s and state.room_of[k] == room)
                    choice.append((k, s, room, var))
                    per_request.setdefault(k, []).append(var)
                    per_room.setdefault((s, room), []).append(var)
                    for p in (inst.a[k], inst.b[k]):
                        per_busy.setdefault((p, s), []).append(var)
                        per_person.setdefault(p, []).append(var)
        fixed_busy: dict[tuple[int, int], int] = {}
        fixed_room: dict[tuple[int, int], int] = {}
        for s in window:
            for k in state.in_slot[s]:
                if k in state.fixed:
                    fixed_room[s, state.room_of[k]] = fixed_room.get((s, state.room_of[k]), 0) + 1
                    for p in (inst.a[k], inst.b[k]):
                        fixed_busy[p, s] = fixed_busy.get((p, s), 0) + 1
        for variables in per_request.values():
            if len(variables) > 1:
                model.add_at_most_one(variables)
        for (p, s), variables in per_busy.items():
            _at_most(model, variables, inst.capacity[p] - fixed_busy.get((p, s), 0))
        for (s, room), variables in per_room.items():
            limit = inst.tables[s] if room == PHYSICAL else inst.virtual[s]
            _at_most(model, variables, limit - fixed_room.get((s, room), 0))
        for p, variables in per_person.items():
            _at_most(model, variables, inst.max_meetings[p] - (state.count[p] - inside[p]))
        model.maximize(
            sum(round(inst.weight[k] * self.scale) * var for k, _s, _room, var in choice)
        )
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = LINEARIZATION
        solver.parameters.max_deterministic_time = effort
        solver.parameters.max_time_in_seconds = seconds
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        chosen = [(k, s, room) for k, s, room, var in choice if solver.boolean_value(var)]
        before = state.weight
        state.log = []
        for k in requests:
            if state.slot_of[k] >= 0:
                state.remove(k)
        for k, s, room in chosen:
            state.place(k, s, room)
        if state.weight < before - 1e-9:  # rounding of fractional weights misled CP-SAT
            state.revert(0)
        state.log = None
        return status == cp_model.OPTIMAL


def _at_most(model: cp_model.CpModel, variables: list, limit: int) -> None:
    if len(variables) <= limit:
        return
    if limit <= 0:
        for var in variables:
            model.add(var == 0)
    elif limit == 1:
        model.add_at_most_one(variables)
    else:
        model.add(sum(variables) <= limit)
