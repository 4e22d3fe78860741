"""Invariants on random tiny events, checked against an exhaustive search (hypothesis)."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkbridge.engines.scheduling import (
    UNPLACED_REASONS,
    Fixed,
    schedule,
    upper_bound,
    violations,
)
from tests.engines.scheduling.conftest import brute_force, key, problems

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(problems())
def test_schedule_never_breaks_a_hard_constraint(problem):
    result = schedule(problem)
    assert violations(problem, result.placements) == []
    placed = {p.request for p in result.placements}
    unplaced = {u.request for u in result.unplaced}
    assert placed.isdisjoint(unplaced)
    assert placed | unplaced == {r.id for r in problem.requests}
    assert all(u.reason in UNPLACED_REASONS for u in result.unplaced)
    report = result.report
    assert report.placed == len(placed)
    assert report.requested == len(problem.requests)
    weights = {r.id: r.weight for r in problem.requests}
    assert abs(report.total_weight - sum(weights[r] for r in placed)) < 1e-9
    assert report.total_weight <= report.upper_bound + 1e-9
    assert 0.0 <= report.ratio <= 1.0


@SETTINGS
@given(problems())
def test_bound_is_above_the_true_optimum_and_optimal_claims_hold(problem):
    best = brute_force(problem)
    assert upper_bound(problem) >= best - 1e-9
    result = schedule(problem)
    assert result.report.total_weight <= best + 1e-9
    assert result.report.upper_bound >= best - 1e-9
    if result.report.optimal:
        assert abs(result.report.total_weight - best) < 1e-9


@settings(max_examples=40, deadline=None, database=None)
@given(problems(mode="exact"))
def test_exact_mode_finds_the_optimum(problem):
    best = brute_force(problem)
    result = schedule(problem)
    assert abs(result.report.total_weight - best) < 1e-9
    assert result.report.optimal


@SETTINGS
@given(problems(), st.data())
def test_fixed_meetings_are_kept_exactly(problem, data):
    first = schedule(problem)
    keep = (
        data.draw(st.lists(st.sampled_from(first.placements), unique=True))
        if (first.placements)
        else []
    )
    fixed = tuple(Fixed(p.request, p.slot, p.table, p.virtual) for p in keep)
    pinned = replace(problem, fixed=fixed)
    result = schedule(pinned)
    assert violations(pinned, result.placements) == []
    by_request = {p.request: p for p in result.placements}
    for fix in fixed:
        got = by_request[fix.request]
        assert (got.slot, got.table, got.virtual) == (fix.slot, fix.table, fix.virtual)
    assert brute_force(pinned) >= result.report.total_weight - 1e-9


@settings(max_examples=30, deadline=None, database=None)
@given(problems())
def test_same_problem_same_schedule(problem):
    assert key(schedule(problem)) == key(schedule(problem))
