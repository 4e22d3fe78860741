"""Applicant-proposing deferred acceptance with capacities (Gale–Shapley, hospitals/residents).

Every unplaced applicant proposes to their best place not yet tried; a place holds its best-ranked
proposals up to capacity and releases the worst when a better one arrives; released applicants
propose again. It ends after at most (applicants × choices) proposals. The result is the stable
allocation every applicant likes at least as much as any other stable one, and no applicant can
get a better place by misreporting their order (Dubins–Freedman; Roth 1982).

Written here rather than taken from the `matching` package (PyPI, 1.4.3): that package deep-copies
its linked player objects, which overflows Python's recursion limit at 2,000 applicants and, with
the limit raised, takes over 4 s just to build a 5,000-applicant game (50,000 must take ≤ 5 s).
Each place keeps its held applicants in a heap keyed by rank, so a proposal costs O(log capacity);
plain lists and heapq beat numpy here, because proposals arrive one at a time.
"""

from __future__ import annotations

import heapq


def deferred_acceptance(
    choices: list[list[int]], rank_of: list[dict[int, int]], capacities: list[int]
) -> list[list[int]]:
    """Applicants (positions) each place holds at the end, in no particular order.

    `choices[a]` lists place positions, best first; `rank_of[p]` maps an applicant position to
    its rank at place p, 1 = best (absent = not acceptable there).
    """
    # Each place's heap holds (-rank, applicant): the worst-ranked held applicant is on top.
    held: list[list[tuple[int, int]]] = [[] for _ in capacities]
    next_choice = [0] * len(choices)
    free = list(range(len(choices) - 1, -1, -1))  # popped from the end: input order
    push, replace = heapq.heappush, heapq.heapreplace
    while free:
        a = free.pop()
        wanted = choices[a]
        k = next_choice[a]
        while k < len(wanted):
            p = wanted[k]
            k += 1
            rank = rank_of[p].get(a)
            if rank is None:
                continue
            heap = held[p]
            if len(heap) < capacities[p]:
                push(heap, (-rank, a))
                break
            if rank < -heap[0][0]:
                free.append(replace(heap, (-rank, a))[1])
                break
        next_choice[a] = k
    return [[a for _, a in heap] for heap in held]
