"""The public entry: validate, run deferred acceptance, and explain every applicant's result."""

from __future__ import annotations

from silkbridge.engines.allocation.deferred_acceptance import deferred_acceptance
from silkbridge.engines.allocation.model import (
    Allocation,
    Outcome,
    PlaceResult,
    Problem,
    Refusal,
)
from silkbridge.engines.allocation.validate import check


def allocate(problem: Problem) -> Allocation:
    """The stable allocation that is best for every applicant; raises InvalidProblem on bad input.

    Deterministic: rankings are strict orders, so the applicant-optimal stable allocation is
    unique and does not depend on the order in which applicants propose.
    """
    prepared = check(problem)
    rank_of, capacities = prepared.rank_of, prepared.capacities
    held = deferred_acceptance(prepared.choices, rank_of, capacities)
    applicants, places = problem.applicants, problem.places

    assigned: dict[int, int] = {}
    lowest: list[int] = []
    results = []
    for p, place in enumerate(places):
        ranks = rank_of[p]
        admitted = sorted(held[p], key=ranks.__getitem__)
        assigned.update(dict.fromkeys(admitted, p))
        lowest.append(ranks[admitted[-1]] if admitted else 0)
        results.append(
            PlaceResult(
                place=place.id,
                capacity=place.capacity,
                admitted=tuple(applicants[a].id for a in admitted),
                lowest_admitted_rank=lowest[-1] or None,
            )
        )

    outcomes = []
    for a, applicant in enumerate(applicants):
        got = assigned.get(a)
        refusals = []
        for k, p in enumerate(prepared.choices[a]):
            if p == got:
                outcomes.append(Outcome(applicant.id, places[p].id, k + 1, tuple(refusals)))
                break
            rank = rank_of[p].get(a)
            if rank is None:
                refusals.append(Refusal(places[p].id, "not_ranked", capacities[p]))
                continue
            # Stability guarantees this; a failure would be a bug in deferred_acceptance.
            if len(held[p]) < capacities[p] or lowest[p] > rank:
                raise AssertionError(f"unstable allocation at place {places[p].id!r}")
            refusals.append(Refusal(places[p].id, "full", capacities[p], rank, lowest[p]))
        else:
            outcomes.append(Outcome(applicant.id, None, None, tuple(refusals)))
    return Allocation(outcomes=tuple(outcomes), places=tuple(results))
