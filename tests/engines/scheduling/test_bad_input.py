"""Broken problems raise InvalidProblem naming the fault; bad requests are only unplaced."""

import math

import pytest

from silkbridge.engines.scheduling import (
    Fixed,
    InvalidProblem,
    Problem,
    Request,
    schedule,
    upper_bound,
    violations,
)
from tests.engines.scheduling.conftest import person, placement, slot

SLOTS = (slot(1, tables=1, virtual=1), slot(2, tables=1))
PEOPLE = (person(10, {1, 2}), person(20, {1, 2}), person(30, {2}, max_meetings=1))
REQUESTS = (Request(1, 10, 20), Request(2, 10, 30), Request(3, 20, 30, virtual_ok=True))


def problem(**changes) -> Problem:
    base = {"slots": SLOTS, "participants": PEOPLE, "requests": REQUESTS}
    return Problem(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slots": (slot(1), slot(1, order=5))}, "duplicate slot id 1"),
        ({"slots": (slot(1), slot(2, order=1))}, "share the order 1"),
        ({"slots": (slot(1, tables=-1),)}, "slot 1: tables must be at least 0"),
        ({"participants": (person(10, {1}), person(10, {2}))}, "duplicate participant id 10"),
        ({"participants": (person(10, {1, 9}),)}, "unknown slot 9"),
        ({"participants": (person(10, {1}, capacity=0),)}, "10: capacity must be at least 1"),
        (
            {"participants": (person(10, {1}, max_meetings=-1),)},
            "participant 10: max_meetings must be at least 0",
        ),
        ({"requests": (Request(1, 10, 20), Request(1, 10, 30))}, "duplicate request id 1"),
        ({"mode": "fast"}, "mode 'fast'"),
        ({"time_limit": 0}, "time_limit"),
        ({"fixed": (Fixed(99, 1),)}, "request 99: unknown request"),
        ({"fixed": (Fixed(1, 7),)}, "unknown slot 7"),
        ({"fixed": (Fixed(2, 1),)}, "not available to both sides"),
        ({"fixed": (Fixed(1, 1), Fixed(1, 2))}, "fixed twice"),
        ({"fixed": (Fixed(1, 1, table=2),)}, "has no table 2"),
        ({"fixed": (Fixed(1, 2), Fixed(3, 2))}, "no table left"),
        ({"fixed": (Fixed(1, 1, virtual=True),)}, "may not be held virtually"),
        ({"fixed": (Fixed(3, 2, virtual=True),)}, "no virtual room left"),
        ({"fixed": (Fixed(3, 2, table=1, virtual=True),)}, "virtual meeting has no table"),
        (
            {"requests": (*REQUESTS, Request(4, 10, 10)), "fixed": (Fixed(4, 1),)},
            "the request itself is invalid",
        ),
        (
            {"slots": (slot(1, tables=2), slot(2, tables=2)), "fixed": (Fixed(1, 2), Fixed(2, 2))},
            "participant 10 is already in 1 meeting(s) in slot 2",
        ),
        (
            {
                "participants": (person(10, {1, 2}, max_meetings=1), *PEOPLE[1:]),
                "fixed": (Fixed(1, 1), Fixed(2, 2)),
            },
            "participant 10 exceeds its meeting cap",
        ),
    ],
)
def test_structural_errors_are_named(changes, message):
    broken = problem(**changes)
    with pytest.raises(InvalidProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        schedule(broken)
    with pytest.raises(InvalidProblem):
        upper_bound(broken)


def test_bad_requests_are_unplaced_as_invalid_and_the_rest_is_scheduled():
    bad = (
        Request(11, 10, 10),  # to oneself
        Request(12, 10, 99),  # unknown participant
        Request(13, 10, 20, weight=0),
        Request(14, 10, 20, weight=-2),
        Request(15, 10, 20, weight=math.nan),
        Request(16, 10, 20, physical_ok=False, virtual_ok=False),  # no mode allowed
    )
    result = schedule(problem(requests=(*REQUESTS, *bad)))
    reasons = {u.request: u.reason for u in result.unplaced}
    assert {r.id for r in bad} <= set(reasons)
    assert all(reasons[r.id] == "invalid" for r in bad)
    assert {p.request for p in result.placements} >= {1}
    assert result.report.requested == 9


def test_empty_problem_gives_an_empty_schedule():
    result = schedule(Problem(slots=(), participants=(), requests=()))
    assert result.placements == () and result.unplaced == ()
    report = result.report
    assert (report.total_weight, report.placed, report.upper_bound) == (0, 0, 0)
    assert report.ratio == 1.0 and report.optimal


def test_no_slots_at_all_leaves_every_request_without_a_common_slot():
    result = schedule(problem(slots=(), participants=(person(10, ()), person(20, ()))))
    assert {u.reason for u in result.unplaced} == {"no_common_slot", "invalid"}
    assert result.report.upper_bound == 0 and result.report.optimal


def test_violations_names_each_broken_rule():
    p = problem(fixed=(Fixed(1, 1, table=1),))
    found = violations(
        p,
        [
            placement(2, 1, table=1),  # 30 is not available in slot 1
            placement(3, 2, table=1),
            placement(3, 2, table=1),  # twice
            placement(99, 1),  # unknown request
            placement(1, 2, table=5),  # fixed meeting moved, no table 5
        ],
    )
    text = "\n".join(found)
    assert "participant 30 is not available in slot 1" in text
    assert "request 3: placed more than once" in text
    assert "request 99: unknown request" in text
    assert "slot 2 has no table 5" in text
    assert "request 1: the fixed meeting was not kept as given" in text
    assert "participant 30 has 2 meetings, over its cap of 1" in text
    assert "slot 2 has 2 meetings at tables, 1 tables" in text
    assert violations(p, [placement(1, 1, table=1)]) == []
