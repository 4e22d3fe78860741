"""Bad input is refused at the door with the field that is wrong, before anything is allocated."""

import pytest

from silkbridge.engines.allocation import (
    MAX_CHOICES,
    Applicant,
    InvalidProblem,
    Place,
    Problem,
    allocate,
)

ANN, BOB = Applicant("ann", ("x", "y")), Applicant("bob", ("x",))
X, Y = Place("x", 1), Place("y", 2)


def problem(applicants=(ANN, BOB), places=(X, Y), ranking=("ann", "bob")):
    return Problem(applicants=tuple(applicants), places=tuple(places), ranking=ranking)


CASES = {
    "a ranking naming a place twice": (
        problem(applicants=[Applicant("ann", ("x", "y", "x")), BOB]),
        "applicants[0].choices",
        "place 'x' is named twice",
    ),
    "an unknown place": (
        problem(applicants=[ANN, Applicant("bob", ("z",))]),
        "applicants[1].choices",
        "unknown place 'z'",
    ),
    "more choices than allowed": (
        problem(
            applicants=[Applicant("ann", tuple(f"p{i}" for i in range(MAX_CHOICES + 1))), BOB],
            places=[X, *(Place(f"p{i}", 1) for i in range(MAX_CHOICES + 1))],
        ),
        "applicants[0].choices",
        f"at most {MAX_CHOICES} choices",
    ),
    "choices given as a string": (
        problem(applicants=[Applicant("ann", "x"), BOB]),
        "applicants[0].choices",
        "must be a list or tuple",
    ),
    "a zero capacity": (problem(places=[X, Place("y", 0)]), "places[1].capacity", "at least 1"),
    "a negative capacity": (problem(places=[Place("x", -2), Y]), "places[0].capacity", "at least"),
    "a fractional capacity": (
        problem(places=[X, Place("y", 1.5)]),
        "places[1].capacity",
        "whole number",
    ),
    "a capacity given as text": (
        problem(places=[X, Place("y", "2")]),
        "places[1].capacity",
        "whole number",
    ),
    "a capacity given as True": (
        problem(places=[X, Place("y", True)]),
        "places[1].capacity",
        "whole number",
    ),
    "duplicate applicant ids": (
        problem(applicants=[ANN, Applicant("ann", ("y",))]),
        "applicants[1].id",
        "duplicate applicant 'ann'",
    ),
    "duplicate place ids": (problem(places=[X, Y, Place("x", 3)]), "places[2].id", "duplicate"),
    "an applicant id that is neither int nor str": (
        problem(applicants=[ANN, Applicant(2.5, ("x",))], ranking=("ann", 2.5)),
        "applicants[1].id",
        "int or a str",
    ),
    "a tie: one applicant ranked twice": (
        problem(ranking=("ann", "bob", "ann")),
        "ranking",
        "'ann' is ranked twice",
    ),
    "a ranking naming a stranger": (
        problem(ranking=("ann", "bob", "eve")),
        "ranking",
        "unknown applicant 'eve'",
    ),
    "an applicant missing from the ranking for all": (
        problem(ranking=("bob",)),
        "ranking",
        "'ann' is not ranked",
    ),
    "a place's own ranking naming an applicant twice": (
        problem(places=[X, Place("y", 1, ranking=("bob", "bob"))]),
        "places[1].ranking",
        "'bob' is ranked twice",
    ),
    "a place's own ranking naming a stranger": (
        problem(places=[X, Place("y", 1, ranking=("eve",))]),
        "places[1].ranking",
        "unknown applicant 'eve'",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_refused_naming_the_field(case):
    bad, field, words = CASES[case]
    with pytest.raises(InvalidProblem) as caught:
        allocate(bad)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{field}: ")


def test_places_with_their_own_rankings_need_no_ranking_for_all():
    places = [Place("x", 1, ranking=("bob", "ann")), Place("y", 2, ranking=("ann",))]
    result = allocate(problem(places=places, ranking=()))
    assert result.assignment == {"ann": "y", "bob": "x"}
