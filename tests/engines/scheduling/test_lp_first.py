"""Large events whose greedy is far below the flow bound start from the LP's rounding without
the greedy's local search (`solve.LP_FIRST`); here the thresholds are changed so that small
events take that path too, or not."""

import time
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkbridge.engines.scheduling import schedule, solve, violations
from silkbridge.engines.scheduling.bound import upper_bound_of
from silkbridge.engines.scheduling.generator import generate
from silkbridge.engines.scheduling.instance import build
from tests.engines.scheduling.conftest import brute_force, problems
from tests.engines.scheduling.test_bound_validity import repeated_pairs

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(st.one_of(problems(), repeated_pairs(mode="heuristic")))
def test_starting_from_the_lp_keeps_the_schedule_valid_and_the_bound_true(problem):
    best = brute_force(problem)
    with mock.patch.object(solve, "LP_FIRST", 0), mock.patch.object(solve, "LP_FIRST_GAP", 0.0):
        result = schedule(problem)
    assert violations(problem, result.placements) == []
    report = result.report
    assert report.total_weight <= best + 1e-9
    assert report.upper_bound >= best - 1e-9
    assert report.total_weight <= report.upper_bound + 1e-9
    if report.optimal:
        assert abs(report.total_weight - best) < 1e-9


def test_a_large_event_skips_the_greedy_and_starts_from_the_rounded_lp():
    problem = generate(200, 1000, 12, availability=(0.5, 0.6), seed=1, time_limit=20.0)
    seen: list[float] = []
    with (
        mock.patch.object(solve, "LP_FIRST", 1000),
        mock.patch.object(solve, "LP_FIRST_GAP", 0.0),
        mock.patch.object(solve, "construct", wraps=solve.construct) as greedy,
    ):
        result = schedule(problem, progress=lambda weight, _bound: seen.append(weight))
    greedy.assert_not_called()
    assert violations(problem, result.placements) == []
    # The first weight told is the rounded LP solution's, already close to the bound.
    assert seen and seen[0] >= 0.97 * result.report.upper_bound
    assert result.report.total_weight >= seen[0]


def test_without_time_for_the_lp_a_large_event_gets_the_greedy_after_all():
    problem = generate(300, 2000, 10, availability=(0.5, 0.6), seed=6, time_limit=0.05)
    with (
        mock.patch.object(solve, "LP_FIRST", 1000),
        mock.patch.object(solve, "LP_FIRST_GAP", 0.0),
        mock.patch.object(solve, "first_order_lp", wraps=solve.first_order_lp) as lp,
        mock.patch.object(solve, "greedy_start", wraps=solve.greedy_start) as greedy,
    ):
        result = schedule(problem)
    lp.assert_not_called()
    greedy.assert_called_once()
    assert violations(problem, result.placements) == []
    assert result.report.placed > 0
    assert len(result.placements) + len(result.unplaced) == 2000


def test_a_large_event_whose_greedy_is_close_to_the_bound_keeps_the_greedy_start():
    problem = generate(200, 1000, 12, availability=(0.5, 0.6), seed=1, time_limit=20.0)
    with (
        mock.patch.object(solve, "LP_FIRST", 1000),
        mock.patch.object(solve, "LP_FIRST_GAP", 1.0),
        mock.patch.object(solve, "round_relaxation", wraps=solve.round_relaxation) as rounding,
    ):
        seen: list[float] = []
        result = schedule(problem, progress=lambda weight, _bound: seen.append(weight))
    assert violations(problem, result.placements) == []
    # The greedy with its local search is told first, as on smaller events; the LP still runs.
    inst = build(problem)
    greedy = solve.construct(inst, upper_bound_of(inst).x, time.monotonic() + 20.0)
    assert seen[0] == greedy.weight
    rounding.assert_called_once()
