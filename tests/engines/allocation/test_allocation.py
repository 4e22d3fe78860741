"""Worked examples a coordinator can check by hand: who gets what, and the reason they see."""

from silkbridge.engines.allocation import (
    REFUSAL_REASONS,
    Applicant,
    Outcome,
    Place,
    Problem,
    Refusal,
    allocate,
)

# Almaty (2 seats) is everyone's favourite; Lahore (1 seat) ranks by its own interview.
PLACES = (
    Place("almaty", 2),
    Place("lahore", 1, ranking=("dana", "erlan", "aigerim")),
    Place("karachi", 1),
)
APPLICANTS = (
    Applicant("aigerim", ("almaty", "lahore")),
    Applicant("bilal", ("almaty",)),
    Applicant("chen", ("almaty", "karachi")),
    Applicant("dana", ("lahore", "almaty")),
    Applicant("erlan", ("almaty", "lahore", "karachi")),
    Applicant("farah", ()),
)
GRADES = ("dana", "bilal", "aigerim", "erlan", "chen", "farah")


def run(applicants=APPLICANTS, places=PLACES, ranking=GRADES):
    return allocate(Problem(applicants=applicants, places=places, ranking=ranking))


def test_places_go_to_the_best_ranked_applicants_who_want_them():
    assert run().assignment == {
        "aigerim": "almaty",
        "bilal": "almaty",
        "chen": None,
        "dana": "lahore",
        "erlan": "karachi",
        "farah": None,
    }


def test_every_applicant_sees_why_they_did_not_get_a_better_choice():
    outcomes = {o.applicant: o for o in run().outcomes}
    assert outcomes["dana"] == Outcome("dana", "lahore", 1, ())
    assert outcomes["erlan"] == Outcome(
        "erlan",
        "karachi",
        3,
        (
            Refusal("almaty", "full", 2, rank=4, lowest_admitted_rank=3),
            Refusal("lahore", "full", 1, rank=2, lowest_admitted_rank=1),
        ),
    )
    assert outcomes["chen"] == Outcome(
        "chen",
        None,
        None,
        (
            Refusal("almaty", "full", 2, rank=5, lowest_admitted_rank=3),
            Refusal("karachi", "full", 1, rank=5, lowest_admitted_rank=4),
        ),
    )


def test_a_place_that_did_not_rank_an_applicant_says_so():
    places = (Place("almaty", 2), Place("lahore", 1, ranking=("dana",)), Place("karachi", 1))
    outcome = {o.applicant: o for o in run(places=places).outcomes}["aigerim"]
    assert outcome.place == "almaty"
    erlan = {o.applicant: o for o in run(places=places).outcomes}["erlan"]
    assert erlan.refusals[1] == Refusal("lahore", "not_ranked", 1)
    assert {r.reason for o in run(places=places).outcomes for r in o.refusals} <= set(
        REFUSAL_REASONS
    )


def test_the_reasons_read_as_sentences():
    chen = {o.applicant: o for o in run().outcomes}["chen"]
    assert chen.describe().splitlines() == [
        "no place",
        "  not place almaty full (2 seats) with applicants ranked above you: "
        "lowest admitted rank 3, yours 5",
        "  not place karachi full (1 seat) with applicants ranked above you: "
        "lowest admitted rank 4, yours 5",
    ]
    erlan = {o.applicant: o for o in run().outcomes}["erlan"]
    assert erlan.describe().splitlines()[0] == "got choice 3: place karachi"
    farah = {o.applicant: o for o in run().outcomes}["farah"]
    assert farah.describe() == "no place: no choices were ranked"


def test_each_place_lists_whom_it_admitted_best_first():
    places = {p.place: p for p in run().places}
    assert places["almaty"].admitted == ("bilal", "aigerim")
    assert places["almaty"].lowest_admitted_rank == 3
    assert places["almaty"].full
    assert places["karachi"].admitted == ("erlan",)


def test_the_order_applicants_are_listed_in_changes_nothing():
    forward = run().assignment
    backward = run(applicants=APPLICANTS[::-1])
    assert backward.assignment == forward
    assert [o.applicant for o in backward.outcomes] == [a.id for a in APPLICANTS[::-1]]


def test_an_applicant_who_lost_a_seat_to_a_better_ranked_one_moves_down_their_list():
    # Bilal proposes to almaty first; dana, ranked higher, arrives later and takes the seat.
    places = (Place("almaty", 1), Place("karachi", 1))
    applicants = (Applicant("bilal", ("almaty", "karachi")), Applicant("dana", ("almaty",)))
    result = run(applicants=applicants, places=places, ranking=("dana", "bilal"))
    assert result.assignment == {"bilal": "karachi", "dana": "almaty"}
