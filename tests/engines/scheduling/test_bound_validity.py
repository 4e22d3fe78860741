"""The bound is a proof for every problem the engine accepts, repeated pairs included."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkbridge.engines.scheduling import (
    Fixed,
    Participant,
    Problem,
    Request,
    Slot,
    schedule,
    upper_bound,
    violations,
)
from silkbridge.engines.scheduling.checks import MAX_WEIGHT
from tests.engines.scheduling.conftest import brute_force, person, slot

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_a_pair_with_a_table_request_and_a_virtual_one_can_meet_twice():
    # Slot 1 has only a virtual room, slot 2 only a table: 100 and 102 can meet in both.
    problem = Problem(
        (slot(1, tables=0, virtual=1), slot(2, tables=1)),
        (person(100, {1, 2}, capacity=2), person(102, {1, 2}, max_meetings=2)),
        (
            Request(6, 100, 102, weight=3.0),  # at a table only
            Request(3, 100, 102, weight=2.0),  # at a table only
            Request(1, 102, 100, weight=1.0, virtual_ok=True),  # either
        ),
    )
    assert brute_force(problem) == 4.0
    assert upper_bound(problem) >= 4.0
    report = schedule(problem).report
    assert report.total_weight == 4.0
    assert report.upper_bound >= 4.0


@st.composite
def repeated_pairs(draw, mode: str) -> Problem:
    """Two to four participants asking each other again and again, in mixed room types."""
    n_slots = draw(st.integers(1, 3))
    slots = tuple(
        Slot(
            id=10 + i,
            order=i,
            tables=draw(st.integers(0, 2)),
            virtual=draw(st.integers(0, 2)),
        )
        for i in range(n_slots)
    )
    ids = [s.id for s in slots]
    people = tuple(
        Participant(
            id=100 + p,
            available=frozenset(draw(st.lists(st.sampled_from(ids), max_size=n_slots))),
            capacity=draw(st.sampled_from([1, 1, 2])),
            max_meetings=draw(st.sampled_from([None, None, 1, 2, 3])),
        )
        for p in range(draw(st.integers(2, 4)))
    )
    pids = [p.id for p in people]
    requests, entries = [], set()
    for r in range(draw(st.integers(1, 7))):
        a, b = draw(st.lists(st.sampled_from(pids), min_size=2, max_size=2, unique=True))
        virtual_ok = draw(st.booleans())
        physical_ok = draw(st.booleans()) or not virtual_ok
        weight = draw(st.sampled_from([1.0, 2.0, 3.0, 0.5]))
        entry = (min(a, b), max(a, b), weight, virtual_ok, physical_ok)
        if entry not in entries:
            entries.add(entry)
            requests.append(Request(r + 1, a, b, weight, virtual_ok, physical_ok))
    problem = Problem(slots, people, tuple(requests), mode=mode, time_limit=5.0)
    # Fix some meetings of a valid schedule, as an organiser's locks would.
    first = schedule(problem)
    keep = (
        draw(st.lists(st.sampled_from(first.placements), unique=True, max_size=2))
        if (first.placements)
        else []
    )
    return replace(problem, fixed=tuple(Fixed(p.request, p.slot, p.table, p.virtual) for p in keep))


@SETTINGS
@given(repeated_pairs(mode="heuristic"))
def test_bound_holds_and_optimal_is_true_with_repeated_pairs(problem):
    best = brute_force(problem)
    assert upper_bound(problem) >= best - 1e-9
    result = schedule(problem)
    assert violations(problem, result.placements) == []
    assert result.report.upper_bound >= best - 1e-9
    if result.report.optimal:
        assert abs(result.report.total_weight - best) < 1e-9


@settings(max_examples=30, deadline=None, database=None)
@given(repeated_pairs(mode="exact"))
def test_exact_mode_finds_the_optimum_with_repeated_pairs(problem):
    best = brute_force(problem)
    report = schedule(problem).report
    assert abs(report.total_weight - best) < 1e-9
    assert report.optimal and report.upper_bound >= best - 1e-9


def test_the_largest_weight_on_a_large_event_gives_a_finite_bound():
    # Costs used to overflow the flow solver (BAD_COST_RANGE) on weights like this.
    people = tuple(person(i, {1}) for i in range(2000))
    requests = tuple(Request(i, 2 * i, 2 * i + 1, weight=MAX_WEIGHT) for i in range(1000))
    problem = Problem((slot(1, tables=5),), people, requests, mode="heuristic", time_limit=5.0)
    assert upper_bound(problem) >= 5 * MAX_WEIGHT
    assert schedule(problem).report.total_weight == 5 * MAX_WEIGHT
