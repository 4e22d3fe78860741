"""Properties of every allocation, on generated calls (hypothesis), checked from first principles.

The checks below read only the `Problem`, never the engine's internals: a blocking pair is an
applicant and a place that would both rather have each other than what they got.
"""

from itertools import permutations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from silkbridge.engines.allocation import Applicant, Place, Problem, allocate


@st.composite
def problems(draw, max_applicants=7, max_places=4, max_capacity=3):
    """Small calls: some places rank applicants themselves (leaving some out), others use the
    institution-wide ranking."""
    n_applicants = draw(st.integers(1, max_applicants))
    n_places = draw(st.integers(1, max_places))
    applicant_ids = list(range(n_applicants))
    place_ids = [f"p{i}" for i in range(n_places)]
    applicants = tuple(
        Applicant(a, tuple(draw(st.permutations(place_ids))[: draw(st.integers(0, n_places))]))
        for a in applicant_ids
    )
    places = []
    for p in place_ids:
        ranking = None
        if draw(st.booleans()):
            order = draw(st.permutations(applicant_ids))
            ranking = tuple(order[: draw(st.integers(0, n_applicants))])
        places.append(Place(p, draw(st.integers(1, max_capacity)), ranking))
    return Problem(applicants, tuple(places), tuple(draw(st.permutations(applicant_ids))))


def rank(problem, place_id, applicant_id):
    """Position at a place (lower is better), None when the place does not accept the applicant."""
    place = next(p for p in problem.places if p.id == place_id)
    ranking = problem.ranking if place.ranking is None else place.ranking
    return ranking.index(applicant_id) if applicant_id in ranking else None


def prefers(applicant, place_id, current):
    """Whether the applicant would rather have `place_id` than `current` (None = no place)."""
    if place_id not in applicant.choices:
        return False
    return current is None or applicant.choices.index(place_id) < applicant.choices.index(current)


def is_feasible(problem, assignment):
    for applicant in problem.applicants:
        got = assignment[applicant.id]
        if got is not None and (
            got not in applicant.choices or rank(problem, got, applicant.id) is None
        ):
            return False
    return all(
        sum(1 for g in assignment.values() if g == p.id) <= p.capacity for p in problem.places
    )


def blocking_pairs(problem, assignment):
    pairs = []
    for applicant in problem.applicants:
        for place in problem.places:
            mine = rank(problem, place.id, applicant.id)
            if mine is None or not prefers(applicant, place.id, assignment[applicant.id]):
                continue
            holders = [a for a, p in assignment.items() if p == place.id]
            if len(holders) < place.capacity or any(
                rank(problem, place.id, h) > mine for h in holders
            ):
                pairs.append((applicant.id, place.id))
    return pairs


def all_stable_assignments(problem):
    """Every stable assignment, by brute force over each applicant's options."""
    options = [(None, *a.choices) for a in problem.applicants]
    found = []
    for picks in product(*options):
        assignment = {a.id: p for a, p in zip(problem.applicants, picks, strict=True)}
        if is_feasible(problem, assignment) and not blocking_pairs(problem, assignment):
            found.append(assignment)
    return found


def position(applicant, place_id):
    """How much the applicant likes a place: 0 best; no place or an unlisted place is worst."""
    if place_id in applicant.choices:
        return applicant.choices.index(place_id)
    return len(applicant.choices)


SETTINGS = settings(max_examples=200, deadline=None, database=None)


@SETTINGS
@given(problems(max_applicants=12, max_places=5))
def test_allocation_is_stable_within_capacity_and_only_to_ranked_places(problem):
    result = allocate(problem)
    assert is_feasible(problem, result.assignment)
    assert blocking_pairs(problem, result.assignment) == []
    for outcome in result.outcomes:
        applicant = next(a for a in problem.applicants if a.id == outcome.applicant)
        if outcome.place is None:
            assert outcome.choice is None
            assert len(outcome.refusals) == len(applicant.choices)
        else:
            assert applicant.choices[outcome.choice - 1] == outcome.place
            assert len(outcome.refusals) == outcome.choice - 1
        for refusal in outcome.refusals:
            assert refusal.place in applicant.choices
            if refusal.reason == "full":
                assert refusal.lowest_admitted_rank < refusal.rank


@settings(max_examples=100, deadline=None, database=None)
@given(problems(max_applicants=5, max_places=3, max_capacity=2))
def test_the_result_is_the_stable_assignment_every_applicant_likes_best(problem):
    result = allocate(problem).assignment
    stable = all_stable_assignments(problem)
    assert result in stable
    for applicant in problem.applicants:
        mine = position(applicant, result[applicant.id])
        assert all(mine <= position(applicant, other[applicant.id]) for other in stable)


def misreports(place_ids):
    """Every list an applicant could hand in: any places, in any order, up to all of them."""
    for length in range(len(place_ids) + 1):
        yield from permutations(place_ids, length)


@settings(max_examples=100, deadline=None, database=None)
@given(problems(max_applicants=5, max_places=3, max_capacity=2), st.data())
def test_no_applicant_gains_by_misreporting_their_order(problem, data):
    truthful = allocate(problem).assignment
    liar = data.draw(st.sampled_from(problem.applicants))
    honest = position(liar, truthful[liar.id])
    for report in misreports([p.id for p in problem.places]):
        applicants = tuple(
            Applicant(a.id, report) if a.id == liar.id else a for a in problem.applicants
        )
        lied = allocate(Problem(applicants, problem.places, problem.ranking)).assignment
        assert position(liar, lied[liar.id]) >= honest, (report, liar)
