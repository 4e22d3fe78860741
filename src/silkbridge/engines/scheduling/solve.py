"""`schedule`: bounds, greedy, local search, the anytime phase, optional exact solve, then
tables and the report.

Time: the search phases stop at `SEARCH_SHARE` of the time limit (a smaller share when the
exact solver runs after them) and the fairness and agenda passes at `FINISH_SHARE`, which
leaves the rest for numbering tables and writing the report; building the instance, the flow
bound and the greedy are not interruptible but take a few seconds at most on 40,000 requests.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from silkbridge.engines.scheduling.anytime import improve_until
from silkbridge.engines.scheduling.bound import upper_bound_of
from silkbridge.engines.scheduling.exact import AUTO_LIMIT, solve_exact, variable_count
from silkbridge.engines.scheduling.greedy import smart_greedy
from silkbridge.engines.scheduling.improve import Search
from silkbridge.engines.scheduling.instance import Instance, build
from silkbridge.engines.scheduling.lp_bound import first_order_lp
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
from silkbridge.engines.scheduling.rounding import request_values, round_relaxation
from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, State

#: Share of the time limit the search may use when the exact solver runs after it.
HEURISTIC_SHARE = 0.4
#: Share of the time limit after which the search stops, and the finishing passes stop.
SEARCH_SHARE, FINISH_SHARE = 0.9, 0.96
#: Most of the time limit the LP relaxation (PDLP) may take (and at most half the time left).
LP_SHARE = 0.45
#: Events with at least this many requests whose greedy (before its local search) stays more
#: than `LP_FIRST_GAP` below the flow bound start from the LP's rounding alone: the greedy's
#: local search would take the CPU time PDLP needs to finish (about 3 of 11 s at 40,000
#: requests on a loaded machine), and it would end below the rounding (at 40,000 requests
#: and 50-60 % availability the greedy is at 95.9 %, 97.6 % after its search, the rounding at
#: 98.4 %; at 60-70 % the greedy is at 97.7 % and 99.1 % after its search, above the rounding).
#: Such events give the LP `LP_FIRST_SHARE` of the limit (and at most that share of the time
#: left).
LP_FIRST, LP_FIRST_GAP, LP_FIRST_SHARE = 20_000, 0.03, 0.7
#: Seconds per request that building the LP takes (it cannot be interrupted): the LP is only
#: tried with at least this much time (2 s at 40,000 requests).
LP_SETUP = 5e-5

#: Called with (current total weight, best proven bound) whenever either changes.
Progress = Callable[[float, float], None]


def schedule(problem: Problem, progress: Progress | None = None) -> Schedule:
    """Schedule the accepted requests of an event; see docs/scheduling.md.

    `progress`, if given, is called with the current weight and bound as the search improves,
    for a progress bar; the same problem gives the same schedule whenever the search ends
    before the time limit (by a proof or by running out of improvements).
    """
    start = time.monotonic()
    limit = problem.time_limit
    inst = build(problem)
    flow = upper_bound_of(inst)
    upper, bound_method = whole(inst, flow.value), "min-cost flow"
    exact_wanted = problem.mode == "exact" or (
        problem.mode == "auto" and variable_count(inst) <= AUTO_LIMIT
    )
    search_end = start + limit * (HEURISTIC_SHARE if exact_wanted else SEARCH_SHARE)

    def tell(weight: float) -> None:
        if progress is not None:
            progress(round(weight, 9), round(upper, 9))

    state, fallback = None, None
    if not exact_wanted and inst.n_requests >= LP_FIRST:
        fallback = greedy_start(inst, flow.x)
        if fallback.weight >= (1 - LP_FIRST_GAP) * upper:
            state, fallback = fallback, None
            Search(state, search_end).run()
    else:
        state = construct(inst, flow.x, search_end)
    lp_first = state is None
    if state is not None:
        tell(state.weight)
    guide, allowed = flow.x, None
    # The LP may take LP_SHARE of the limit, and at most half of what is left for the search
    # (LP_FIRST_SHARE of both on the events that start from it).
    left = search_end - time.monotonic()
    seconds = min(limit, left) * LP_FIRST_SHARE if lp_first else min(limit * LP_SHARE, left / 2)
    lp_wanted = state is None or state.weight < upper - 1e-9
    if lp_wanted and not exact_wanted and seconds > LP_SETUP * inst.n_requests:
        relax = first_order_lp(inst, seconds)
        if relax is not None:
            rounded = round_relaxation(inst, relax, search_end)
            if state is None and not relax.finished:
                # A rough LP solution may round badly: the greedy's search gets the time left.
                Search(fallback, search_end).run()
                state = fallback
            if state is None:
                state = rounded
                guide, allowed = request_values(inst, relax), relax.support()
            else:
                # An LP stopped early may have a rough solution: follow it only if it paid.
                if relax.finished or rounded.weight > state.weight + 1e-9:
                    guide, allowed = request_values(inst, relax), relax.support()
                if rounded.weight > state.weight + 1e-9:
                    state = rounded
            if relax.bound < upper - 1e-9:
                upper, bound_method = max(whole(inst, relax.bound), state.weight), "LP relaxation"
            tell(state.weight)
    if state is None:  # no time for the LP: the greedy's local search after all
        state = fallback
        Search(state, search_end).run()
        tell(state.weight)
    improve_until(
        state,
        guide,
        upper,
        search_end,
        problem.seed,
        tell,
        use_windows=not exact_wanted,
        allowed=allowed,
    )
    finish(state, start + limit * FINISH_SHARE)
    method = "greedy + local search + anytime search"
    proven = state.weight >= upper - 1e-9
    if exact_wanted and not proven:
        remaining = limit * SEARCH_SHARE - (time.monotonic() - start)
        result = solve_exact(inst, state.weight, upper, remaining)
        if result is not None:
            if result.bound < upper - 1e-9:
                upper, bound_method = whole(inst, result.bound), "MILP"
            candidate = State(inst)
            for k, s, room in result.placements:
                if k not in candidate.fixed:
                    candidate.place(k, s, room)
            if candidate.weight > state.weight + 1e-9:
                finish(candidate, start + limit * FINISH_SHARE)
                state = candidate
            if result.optimal:
                upper, bound_method = state.weight, "MILP"
            proven = result.optimal or state.weight >= upper - 1e-9
            method = "exact (HiGHS MILP)" if result.optimal else method + " + MILP"
        upper = max(upper, state.weight)  # never report a bound below what was reached
    tell(state.weight)
    return _answer(inst, state, upper, proven, method, bound_method, start)


def whole(inst: Instance, bound: float) -> float:
    """Whole-number weights have a whole-number optimum: round a bound down to it."""
    if all(float(w).is_integer() for w in inst.weight):
        return float(math.floor(bound + 1e-6))
    return bound


def construct(inst: Instance, x: list[float], deadline: float) -> State:
    """Greedy in b-matching order (chosen requests first, heaviest first), then one pass of
    local search."""
    state = greedy_start(inst, x)
    Search(state, deadline).run()
    return state


def greedy_start(inst: Instance, x: list[float]) -> State:
    """The greedy of `construct` without its local search (a fraction of its time)."""
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
    return smart_greedy(inst, order)


def finish(state: State, deadline: float) -> None:
    """Give participants without meetings one, then shorten agendas (both weight-neutral)."""
    search = Search(state, deadline)
    search.fairness()
    search.compact()


def _answer(
    inst: Instance,
    state: State,
    upper: float,
    proven: bool,
    method: str,
    bound_method: str,
    start: float,
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
    weight, upper = round(state.weight, 9), round(upper, 9)
    report = QualityReport(
        total_weight=weight,
        placed=state.placed,
        requested=len(inst.problem.requests),
        upper_bound=upper,
        ratio=1.0 if upper <= 0 or proven else min(1.0, weight / upper),
        optimal=proven,
        method=method,
        seconds=round(time.monotonic() - start, 3),
        participants_without_meetings=without,
        mean_idle_slots=round(idle, 3),
        participants_with_meetings=meeting,
        bound_method=bound_method,
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
