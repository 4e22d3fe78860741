"""`schedule`: bound, greedy, local search, optional exact solve, then tables and the report."""

from __future__ import annotations

import random
import time

from silkbridge.engines.scheduling.bound import upper_bound_of
from silkbridge.engines.scheduling.exact import AUTO_LIMIT, solve_exact, variable_count
from silkbridge.engines.scheduling.greedy import smart_greedy
from silkbridge.engines.scheduling.improve import Search
from silkbridge.engines.scheduling.instance import Instance, build
from silkbridge.engines.scheduling.lns import ruin_and_recreate
from silkbridge.engines.scheduling.model import (
    Placement,
    Problem,
    QualityReport,
    Schedule,
    Unplaced,
)
from silkbridge.engines.scheduling.reasons import (
    fairness_figures,
    lightest_by_room,
    unplaced_reason,
)
from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, State

#: Share of the time limit the heuristic may use when the exact solver runs after it.
HEURISTIC_SHARE = 0.4


def schedule(problem: Problem) -> Schedule:
    """Schedule the accepted requests of an event; see docs/scheduling.md."""
    start = time.monotonic()
    inst = build(problem)
    bound = upper_bound_of(inst)
    exact_wanted = problem.mode == "exact" or (
        problem.mode == "auto" and variable_count(inst) <= AUTO_LIMIT
    )
    share = HEURISTIC_SHARE if exact_wanted else 0.95
    state = heuristic(inst, bound.x, bound.value, start + problem.time_limit * share)
    method = "greedy + local search"
    upper, proven = bound.value, state.weight >= bound.value - 1e-9
    if exact_wanted and not proven:
        remaining = problem.time_limit - (time.monotonic() - start)
        result = solve_exact(inst, state.weight, bound.value, remaining)
        if result is not None:
            upper = min(upper, result.bound)
            candidate = State(inst)
            for k, s, room in result.placements:
                if k not in candidate.fixed:
                    candidate.place(k, s, room)
            if candidate.weight > state.weight + 1e-9:
                search = Search(candidate, start + problem.time_limit)
                search.fairness()
                search.compact()
                state = candidate
            proven = result.optimal or state.weight >= upper - 1e-9
            method = "exact (HiGHS MILP)" if result.optimal else "greedy + local search + MILP"
        upper = max(upper, state.weight)  # never report a bound below what was reached
    return _answer(inst, state, upper, proven, method, time.monotonic() - start)


def heuristic(inst: Instance, x: list[float], bound: float, deadline: float) -> State:
    """Greedy in b-matching order (chosen requests first, heaviest first), then local search,
    ruin and recreate on small events, a fairness pass and a pass that shortens agendas."""
    rng = random.Random(inst.problem.seed)  # noqa: S311 - seeded and reproducible by design
    tie = [rng.random() for _ in range(inst.n_requests)]
    degree = [0] * inst.n_participants
    for k in range(inst.n_requests):
        degree[inst.a[k]] += 1
        degree[inst.b[k]] += 1
    order = sorted(
        range(inst.n_requests),
        key=lambda k: (
            -round(x[k], 6),
            -inst.weight[k],
            inst.common[k].bit_count(),
            degree[inst.a[k]] + degree[inst.b[k]],
            tie[k],
        ),
    )
    state = smart_greedy(inst, order)
    search = Search(state, deadline)
    search.run()
    ruin_and_recreate(state, x, bound, deadline, inst.problem.seed)
    search.fairness()
    search.compact()
    return state


def _answer(
    inst: Instance, state: State, upper: float, proven: bool, method: str, seconds: float
) -> Schedule:
    tables = _number_tables(inst, state)
    placements = tuple(
        Placement(
            request=inst.request_ids[k],
            slot=inst.slot_ids[s],
            table=tables.get(k),
            virtual=room == VIRTUAL,
        )
        for k, s, room in sorted(state.placements(), key=lambda t: (t[1], inst.request_ids[t[0]]))
    )
    lightest = lightest_by_room(state)
    index = {rid: k for k, rid in enumerate(inst.request_ids)}
    invalid = set(inst.invalid)
    unplaced = []
    for req in inst.problem.requests:
        if req.id in invalid:
            unplaced.append(Unplaced(req.id, "invalid"))
        elif state.slot_of[index[req.id]] < 0:
            unplaced.append(Unplaced(req.id, unplaced_reason(state, index[req.id], lightest)))
    without, meeting, idle = fairness_figures(state)
    weight = round(state.weight, 9)
    report = QualityReport(
        total_weight=weight,
        placed=state.placed,
        requested=len(inst.problem.requests),
        upper_bound=round(upper, 9),
        ratio=1.0 if upper <= 0 else min(1.0, weight / upper),
        optimal=proven,
        method=method,
        seconds=round(seconds, 3),
        participants_without_meetings=without,
        mean_idle_slots=round(idle, 3),
        participants_with_meetings=meeting,
    )
    return Schedule(placements, tuple(unplaced), report)


def _number_tables(inst: Instance, state: State) -> dict[int, int]:
    """Table numbers: fixed ones as given, the rest the lowest free numbers by request id."""
    numbers: dict[int, int] = {}
    taken: dict[int, set[int]] = {}
    for k, (s, table, _virtual) in inst.fixed.items():
        if table is not None:
            numbers[k] = table
            taken.setdefault(s, set()).add(table)
    by_slot: dict[int, list[int]] = {}
    for k, s, room in state.placements():
        if room == PHYSICAL and k not in numbers:
            by_slot.setdefault(s, []).append(k)
    for s, ks in by_slot.items():
        used = taken.get(s, set())
        free = (t for t in range(1, inst.tables[s] + 1) if t not in used)
        for k in sorted(ks, key=lambda k: inst.request_ids[k]):
            numbers[k] = next(free)
    return numbers
