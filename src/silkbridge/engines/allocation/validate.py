"""Checks at the door: a bad problem is refused with the field that is wrong, never half-run.

The same pass turns ids into list positions, so the algorithm works on small integers only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from silkbridge.engines.allocation.model import (
    MAX_CHOICES,
    ApplicantId,
    InvalidProblem,
    PlaceId,
    Problem,
)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A checked problem in positions: `choices[a]` lists place positions best first, and
    `rank_of[p]` maps an applicant position to its rank at place p (absent = not acceptable)."""

    choices: list[list[int]]
    rank_of: list[dict[int, int]]
    capacities: list[int]


def _is_id(value: object) -> bool:
    # bool is an int subclass; True as an id is almost certainly a mistake.
    return type(value) is int or type(value) is str


def _sequence(field: str, value: object) -> Sequence:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InvalidProblem(field, "must be a list or tuple")
    return value


def _index(field: str, ids: list, kind: str) -> dict:
    """Position of each id; refuses ids that are not int or str, and duplicates."""
    try:
        index = {value: i for i, value in enumerate(ids)}
    except TypeError:  # an unhashable id; the loop below names it
        index = {}
    if len(index) != len(ids) or not all(map(_is_id, ids)):
        seen: set = set()
        for i, value in enumerate(ids):
            if not _is_id(value):
                raise InvalidProblem(f"{field}[{i}].id", "must be an int or a str")
            if value in seen:
                raise InvalidProblem(f"{field}[{i}].id", f"duplicate {kind} {value!r}")
            seen.add(value)
    return index


def _ranking(field: str, value: object, applicants: dict[ApplicantId, int]) -> dict[int, int]:
    """Rank (1 = best) of each applicant position in one ranking; refuses repeats and strangers."""
    ranking = _sequence(field, value)
    try:
        ranks = {applicants[a]: r for r, a in enumerate(ranking, start=1)}
    except (KeyError, TypeError):
        ranks = {}
    if len(ranks) != len(ranking) or not all(map(_is_id, ranking)):
        seen: set = set()
        for applicant in ranking:
            if not _is_id(applicant) or applicant not in applicants:
                raise InvalidProblem(field, f"unknown applicant {applicant!r}")
            if applicant in seen:
                raise InvalidProblem(field, f"applicant {applicant!r} is ranked twice (no ties)")
            seen.add(applicant)
    return ranks


def _choices(field: str, value: object, places: dict[PlaceId, int]) -> list[int]:
    choices = _sequence(field, value)
    if len(choices) > MAX_CHOICES:
        raise InvalidProblem(field, f"at most {MAX_CHOICES} choices")
    seen: list[int] = []
    for choice in choices:
        if not _is_id(choice) or choice not in places:
            raise InvalidProblem(field, f"unknown place {choice!r}")
        position = places[choice]
        if position in seen:
            raise InvalidProblem(field, f"place {choice!r} is named twice")
        seen.append(position)
    return seen


def check(problem: Problem) -> Prepared:
    """Raise InvalidProblem on the first fault found; otherwise the problem in positions."""
    applicants = _sequence("applicants", problem.applicants)
    places = _sequence("places", problem.places)
    applicant_index = _index("applicants", [a.id for a in applicants], "applicant")
    place_index = _index("places", [p.id for p in places], "place")
    capacities = []
    for i, place in enumerate(places):
        if type(place.capacity) is not int:
            raise InvalidProblem(f"places[{i}].capacity", "must be a whole number")
        if place.capacity < 1:
            raise InvalidProblem(f"places[{i}].capacity", "must be at least 1")
        capacities.append(place.capacity)
    own = [
        None
        if place.ranking is None
        else _ranking(f"places[{i}].ranking", place.ranking, applicant_index)
        for i, place in enumerate(places)
    ]
    choices = [
        _choices(f"applicants[{i}].choices", a.choices, place_index)
        for i, a in enumerate(applicants)
    ]
    shared = _ranking("ranking", problem.ranking, applicant_index)
    if None in own and len(shared) != len(applicants):
        missing = next(a.id for i, a in enumerate(applicants) if i not in shared)
        raise InvalidProblem(
            "ranking", f"applicant {missing!r} is not ranked (a place has no ranking of its own)"
        )
    rank_of = [shared if ranks is None else ranks for ranks in own]
    return Prepared(choices=choices, rank_of=rank_of, capacities=capacities)
