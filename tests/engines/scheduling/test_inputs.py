"""Every input is checked at the door; the time limit and the progress callback hold."""

import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkbridge.engines.scheduling import (
    Fixed,
    InvalidProblem,
    Participant,
    Problem,
    Request,
    Schedule,
    Slot,
    schedule,
    upper_bound,
    violations,
)
from silkbridge.engines.scheduling.generator import generate
from tests.engines.scheduling.conftest import person, slot

SLOTS = (slot(1, tables=2, virtual=1), slot(2, tables=2))
PEOPLE = (person(10, {1, 2}), person(20, {1, 2}), person(30, {2}))
REQUESTS = (Request(1, 10, 20), Request(2, 10, 30, weight=2))
BASE = Problem(SLOTS, PEOPLE, REQUESTS)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slots": (Slot(1, 0, tables=3.0),)}, "slot 1: tables must be an integer, not 3.0"),
        ({"slots": (Slot(1, 0, tables=True),)}, "slot 1: tables must be an integer"),
        ({"slots": (Slot(1, 0, virtual=10**7),)}, "slot 1: virtual must be at most"),
        ({"slots": (Slot("1", 0),)}, "slot '1': id must be an integer"),
        ({"participants": (Participant(10, None),)}, "participant 10: available must be a set"),
        ({"participants": (Participant(10, frozenset({1.5})),)}, "available slot must be an"),
        ({"participants": (Participant(10, frozenset(), capacity=None),)}, "10: capacity"),
        ({"participants": (Participant(10, frozenset(), max_meetings=2.0),)}, "max_meetings"),
        ({"requests": (Request(1, 10, 20, weight="2"),)}, "request 1: weight must be a number"),
        ({"requests": (Request(1, 10, 20, weight=None),)}, "request 1: weight must be a number"),
        ({"requests": (Request(1, 10, 20, weight=True),)}, "request 1: weight must be a number"),
        ({"requests": (Request(1, 10, 20, weight=1e13),)}, "weight 10000000000000.0 is above"),
        ({"requests": (Request(1, 10, None),)}, "request 1: b must be an integer"),
        ({"requests": (Request(1, 10, 20, virtual_ok=1),)}, "request 1: virtual_ok must be True"),
        (
            {"requests": (Request(1, 10, 20), Request(5, 20, 10))},
            "request 5: duplicate of request 1",
        ),
        ({"requests": [Request(1, 10, 20), "a request"]}, "requests holds a str"),
        ({"requests": None}, "requests must be a tuple"),
        ({"fixed": (Fixed(1, 1, table=1.0),)}, "fixed meeting of request 1: table must be"),
        ({"fixed": (Fixed(1, 1, virtual=None),)}, "fixed meeting of request 1: virtual must"),
        ({"time_limit": math.nan}, "time_limit"),
        ({"time_limit": "30"}, "time_limit"),
        ({"seed": 1.5}, "seed must be an integer"),
        ({"mode": None}, "mode None"),
    ],
)
def test_a_bad_field_is_refused_by_name_before_any_solving(changes, message):
    broken = replace(BASE, **changes)
    with pytest.raises(InvalidProblem, match=message):
        schedule(broken)
    with pytest.raises(InvalidProblem, match=message):
        upper_bound(broken)


def test_a_pair_may_ask_for_two_different_meetings():
    both = replace(
        BASE, requests=(Request(1, 10, 20), Request(5, 20, 10, weight=2, virtual_ok=True))
    )
    assert {p.request for p in schedule(both).placements} == {1, 5}


def test_infinite_and_negative_weights_only_leave_their_request_out():
    odd = (Request(3, 20, 30, weight=math.inf), Request(4, 20, 30, weight=-math.inf))
    result = schedule(replace(BASE, requests=(*REQUESTS, *odd)))
    assert {u.request: u.reason for u in result.unplaced} == {3: "invalid", 4: "invalid"}


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.frozensets(st.integers(0, 3), max_size=3),
    st.lists(st.integers(0, 3), max_size=3),
)


@st.composite
def junk_problems(draw) -> Problem:
    """Problems whose every field may be junk of any type."""

    def field(good):
        return draw(st.one_of(good, junk)) if draw(st.integers(0, 4)) == 0 else draw(good)

    slots = tuple(
        Slot(field(st.just(i)), field(st.just(i)), tables=field(st.integers(0, 2)))
        for i in range(draw(st.integers(0, 3)))
    )
    people = tuple(
        Participant(
            field(st.just(10 + p)),
            field(st.frozensets(st.integers(0, 3))),
            capacity=field(st.integers(1, 2)),
            max_meetings=field(st.none()),
        )
        for p in range(draw(st.integers(0, 4)))
    )
    requests = tuple(
        Request(
            field(st.just(r)),
            field(st.integers(10, 13)),
            field(st.integers(10, 13)),
            weight=field(st.sampled_from([1.0, 2, 3])),
            virtual_ok=field(st.booleans()),
            physical_ok=field(st.booleans()),
        )
        for r in range(draw(st.integers(0, 5)))
    )
    fixed = tuple(
        Fixed(field(st.integers(0, 4)), field(st.integers(0, 3)), field(st.none()))
        for _ in range(draw(st.integers(0, 1)))
    )
    return Problem(
        slots,
        people,
        requests,
        fixed,
        seed=field(st.just(0)),
        time_limit=field(st.just(2.0)),
        mode=field(st.sampled_from(["auto", "heuristic", "exact"])),
    )


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(junk_problems())
def test_junk_gives_a_valid_schedule_or_invalid_problem_and_nothing_else(problem):
    try:
        result = schedule(problem)
    except InvalidProblem as error:
        assert str(error)
        return
    assert isinstance(result, Schedule)
    assert violations(problem, result.placements) == []
    assert result.report.total_weight <= result.report.upper_bound + 1e-9


def test_progress_is_told_in_order_and_ends_with_the_report():
    # How closely the time limit is kept is measured by benchmarks/scheduling.py (the seconds
    # of each run against its limit), not asserted here: a busy test machine would decide it.
    problem = generate(400, 3000, 12, availability=(0.5, 0.6), seed=4, time_limit=3.0)
    seen: list[tuple[float, float]] = []
    result = schedule(problem, progress=lambda weight, bound: seen.append((weight, bound)))
    report = result.report
    assert seen and seen[-1] == (report.total_weight, report.upper_bound)
    weights = [weight for weight, _bound in seen]
    assert weights == sorted(weights)
    assert all(weight <= bound for weight, bound in seen)


def test_the_anytime_phase_reaches_the_lp_bound_that_proves_it_optimal():
    problem = generate(80, 400, 8, availability=(0.5, 0.6), seed=7, time_limit=20.0)
    seen: list[tuple[float, float]] = []
    report = schedule(problem, progress=lambda weight, bound: seen.append((weight, bound))).report
    flow = upper_bound(problem)
    # The first report comes after greedy and local search, with the flow bound.
    assert seen[0][0] < report.total_weight and seen[0][1] == flow
    assert report.upper_bound < flow and report.bound_method == "LP relaxation"
    assert report.optimal and report.total_weight == report.upper_bound
