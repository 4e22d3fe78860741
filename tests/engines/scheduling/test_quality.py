"""The quality targets on small generated events (S itself is in the benchmark), and the
exact mode's proof."""

from dataclasses import replace

import pytest

from silkbridge.engines.scheduling import Problem, Request, schedule, upper_bound, violations
from silkbridge.engines.scheduling.generator import generate
from silkbridge.engines.scheduling.greedy import first_come_first_served, weight_greedy
from silkbridge.engines.scheduling.instance import build
from tests.engines.scheduling.conftest import person, slot


@pytest.mark.parametrize("tables", [0.7, 2.0])
@pytest.mark.parametrize(("availability", "target"), [((0.5, 1.0), 0.98), ((0.85, 1.0), 0.995)])
def test_a_small_event_meets_the_targets_and_beats_the_baselines(tables, availability, target):
    problem = generate(120, 500, 10, tables_factor=tables, availability=availability, seed=3)
    result = schedule(problem)
    assert violations(problem, result.placements) == []
    report = result.report
    assert report.upper_bound <= upper_bound(problem)
    assert report.ratio >= target
    assert report.participants_without_meetings == 0
    inst = build(problem)
    assert report.total_weight > weight_greedy(inst).weight > first_come_first_served(inst).weight


def test_exact_mode_proves_optimality_on_a_small_event():
    problem = generate(60, 240, 6, availability=(0.5, 1.0), seed=5, mode="exact", time_limit=60)
    heuristic = schedule(generate(60, 240, 6, availability=(0.5, 1.0), seed=5))
    result = schedule(problem)
    assert result.report.optimal
    assert result.report.total_weight >= heuristic.report.total_weight
    assert result.report.upper_bound == result.report.total_weight
    assert violations(problem, result.placements) == []


def test_the_lp_bound_proves_an_optimum_below_the_flow_bound():
    # Slot 2 has one table, which 11-14 needs; 10 must meet 12 in slot 1, so 11-10 cannot meet.
    problem = Problem(
        (slot(1, tables=2), slot(2, tables=1), slot(3, tables=2)),
        (
            person(10, {1, 2}),
            person(11, {1, 2, 3}),
            person(12, {1, 3}),
            person(13, {1, 2, 3}),
            person(14, {2}),
        ),
        (
            Request(2, 11, 14, weight=2),
            Request(3, 12, 10, weight=2),
            Request(4, 13, 12, weight=3),
            Request(5, 11, 10, weight=1),
        ),
    )
    assert upper_bound(problem) == 8  # the flow bound forgets which slots 11-10 could use
    report = schedule(replace(problem, mode="heuristic")).report
    assert (report.total_weight, report.upper_bound, report.optimal) == (7, 7, True)
    assert report.bound_method == "LP relaxation"
    exact = schedule(replace(problem, mode="exact")).report  # the MILP's own proof
    assert (exact.total_weight, exact.upper_bound, exact.optimal) == (7, 7, True)
    assert (exact.method, exact.bound_method) == ("exact (HiGHS MILP)", "MILP")


def test_the_bound_is_reached_when_everyone_is_always_available():
    problem = generate(100, 400, 8, tables_factor=0.7, availability=(1.0, 1.0), seed=2)
    assert schedule(problem).report.optimal


def test_generator_is_seeded_and_two_sided():
    one = generate(40, 100, 6, seed=9)
    assert one == generate(40, 100, 6, seed=9)
    assert one != generate(40, 100, 6, seed=10)
    assert len(one.participants) == 40 and len(one.requests) == 100 and len(one.slots) == 6
    first_side = {p.id for p in one.participants[:20]}
    assert all((r.a in first_side) != (r.b in first_side) for r in one.requests)
    assert {r.weight for r in one.requests} == {1.0, 2.0, 3.0}


def test_a_short_time_limit_still_gives_a_valid_schedule():
    problem = generate(300, 2000, 10, seed=6, time_limit=0.05, mode="auto")
    result = schedule(problem)
    assert violations(problem, result.placements) == []
    assert result.report.placed > 0
    assert len(result.placements) + len(result.unplaced) == 2000
