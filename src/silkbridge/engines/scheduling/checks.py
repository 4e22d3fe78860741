"""Checks of types and ranges at the door, before any solver sees the problem.

Every field is checked before the solve starts, so a bad value fails fast with an
`InvalidProblem` naming the field instead of crashing halfway (a float table count used to
raise `TypeError` after the whole solve). Counts and ids are ints (bools are refused: `True`
is an int in Python but never a count); weights are real numbers (int or float, no strings).
A weight that is zero, negative or not finite leaves only its request unplaced ("invalid"),
as before; a weight above `MAX_WEIGHT` is refused, which keeps the bound's integer costs far
from overflow.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from numbers import Integral, Real

from silkbridge.engines.scheduling.model import (
    MODES,
    Fixed,
    InvalidProblem,
    Participant,
    Problem,
    Request,
    Slot,
)

#: Largest weight a request may have (the forums use 1 to 3).
MAX_WEIGHT = 1_000_000
#: Largest number of tables, virtual rooms or representatives in one slot.
MAX_COUNT = 1_000_000
#: Longest time limit, in seconds (a day).
MAX_SECONDS = 86_400


def check_types(problem: Problem) -> None:
    """Raise `InvalidProblem` naming the first field of the wrong type or out of range."""
    if not isinstance(problem, Problem):
        raise InvalidProblem(f"problem must be a Problem, not {type(problem).__name__}")
    if not isinstance(problem.mode, str) or problem.mode not in MODES:
        raise InvalidProblem(f"mode {problem.mode!r} is not one of {', '.join(MODES)}")
    _integer(problem.seed, "seed")
    limit = problem.time_limit
    if not _is_real(limit) or not math.isfinite(limit) or not 0 < limit <= MAX_SECONDS:
        raise InvalidProblem(f"time_limit must be a positive number of seconds up to {MAX_SECONDS}")
    for name, kind in (
        ("slots", Slot),
        ("participants", Participant),
        ("requests", Request),
        ("fixed", Fixed),
    ):
        items = getattr(problem, name)
        if not isinstance(items, tuple | list):
            raise InvalidProblem(f"{name} must be a tuple, not {type(items).__name__}")
        for item in items:
            if not isinstance(item, kind):
                raise InvalidProblem(f"{name} holds a {type(item).__name__}, not a {kind.__name__}")
    for slot in problem.slots:
        name = f"slot {slot.id!r}"
        _integer(slot.id, f"{name}: id")
        _integer(slot.order, f"{name}: order")
        _integer(slot.session, f"{name}: session")
        _integer(slot.tables, f"{name}: tables", 0, MAX_COUNT)
        _integer(slot.virtual, f"{name}: virtual", 0, MAX_COUNT)
    for person in problem.participants:
        name = f"participant {person.id!r}"
        _integer(person.id, f"{name}: id")
        _integer(person.capacity, f"{name}: capacity", 1, MAX_COUNT)
        if person.max_meetings is not None:
            _integer(person.max_meetings, f"{name}: max_meetings", 0, None)
        if not isinstance(person.available, Collection) or isinstance(person.available, str):
            raise InvalidProblem(f"{name}: available must be a set of slot ids")
        for slot_id in person.available:
            _integer(slot_id, f"{name}: available slot")
    for request in problem.requests:
        name = f"request {request.id!r}"
        _integer(request.id, f"{name}: id")
        _integer(request.a, f"{name}: a")
        _integer(request.b, f"{name}: b")
        if not _is_real(request.weight):
            raise InvalidProblem(f"{name}: weight must be a number, not {request.weight!r}")
        if math.isfinite(request.weight) and request.weight > MAX_WEIGHT:
            raise InvalidProblem(f"{name}: weight {request.weight} is above {MAX_WEIGHT}")
        _boolean(request.virtual_ok, f"{name}: virtual_ok")
        _boolean(request.physical_ok, f"{name}: physical_ok")
    for fix in problem.fixed:
        name = f"fixed meeting of request {fix.request!r}"
        _integer(fix.request, f"{name}: request")
        _integer(fix.slot, f"{name}: slot")
        if fix.table is not None:
            _integer(fix.table, f"{name}: table")
        _boolean(fix.virtual, f"{name}: virtual")


def check_duplicate_pairs(problem: Problem) -> None:
    """Two requests of one pair with the same weight and rooms are a double entry: refuse them.

    A pair may ask for two different meetings (a meeting at a table and a virtual follow-up,
    say), but two identical requests, in either direction, would be placed twice.
    """
    seen: dict[tuple, int] = {}
    for request in problem.requests:
        if request.a == request.b:
            continue  # invalid on its own, and never placed
        pair = (min(request.a, request.b), max(request.a, request.b))
        key = (*pair, float(request.weight), request.virtual_ok, request.physical_ok)
        if key in seen:
            raise InvalidProblem(
                f"request {request.id}: duplicate of request {seen[key]} "
                f"(same pair {pair[0]}-{pair[1]}, weight and rooms)"
            )
        seen[key] = request.id


def _is_real(value: object) -> bool:
    kind = type(value)
    return kind is float or kind is int or (isinstance(value, Real) and kind is not bool)


def _integer(value: object, name: str, low: int | None = None, high: int | None = None) -> None:
    if type(value) is not int and (not isinstance(value, Integral) or isinstance(value, bool)):
        raise InvalidProblem(f"{name} must be an integer, not {value!r}")
    if low is not None and value < low:
        raise InvalidProblem(f"{name} must be at least {low}, not {value}")
    if high is not None and value > high:
        raise InvalidProblem(f"{name} must be at most {high}, not {value}")


def _boolean(value: object, name: str) -> None:
    if not isinstance(value, bool):
        raise InvalidProblem(f"{name} must be True or False, not {value!r}")
