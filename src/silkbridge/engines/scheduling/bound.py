"""A proven upper bound on the total weight of any schedule, from a min-cost flow.

Forget which slot each meeting takes and keep three families of limits that every schedule
obeys: a participant holds at most b(p) meetings (its cap, its number of requests, and its
capacity summed over the slots where it could meet someone), a pair meets at most once per
common slot, and all meetings together fit in Σ over slots of min(rooms, ν(s)), where ν(s) is
the largest number of meetings the participants available in slot s could hold at once (a
maximum matching of the requests possible in that slot). Fixed meetings are counted first and
their rooms and capacity taken out.

The best weight under these limits is a maximum-weight b-matching. Its LP relaxation is solved
exactly as a min-cost flow on the bipartite double cover (participant p appears once on each
side, each request as an arc in both directions; half the flow is a fractional b-matching), so
it is a valid bound for any request graph; on a two-sided event it equals the integral
b-matching. Weights are rounded up to thousandths (coarser if the costs could overflow), which
can only raise the bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from silkbridge.engines.scheduling.instance import Instance

#: Weights become integer costs at this many units per weight point, rounded up, which can
#: only raise the bound; `cost_scale` lowers it when the costs could overflow the solver.
SCALE = 1000
#: The flow solver multiplies costs by about the number of nodes; keep that below 2**62.
COST_ROOM = 2**52


def cost_scale(max_weight: float, nodes: int) -> float:
    """Units per weight point that keep max_weight × scale × nodes within `COST_ROOM`."""
    return min(SCALE, COST_ROOM / (max_weight * (nodes + 1)))


@dataclass(frozen=True)
class Bound:
    """The bound and the fractional b-matching that reaches it (x[k] in [0, 1] per request)."""

    value: float
    x: list[float]
    meeting_limit: int


def upper_bound_of(inst: Instance) -> Bound:
    """Compute the bound of an indexed instance (see the module docstring)."""
    n_slots, n_people = inst.n_slots, inst.n_participants
    fixed_weight = 0.0
    fixed_count = [0] * n_people
    fixed_at: dict[tuple[int, int], int] = {}
    rooms = [inst.tables[s] + inst.virtual[s] for s in range(n_slots)]
    for k, (s, _table, _virtual) in inst.fixed.items():
        fixed_weight += inst.weight[k]
        rooms[s] -= 1
        for side in (inst.a[k], inst.b[k]):
            fixed_count[side] += 1
            fixed_at[side, s] = fixed_at.get((side, s), 0) + 1

    def free(p: int, s: int) -> int:
        return inst.capacity[p] - fixed_at.get((p, s), 0)

    # Requests that can still be placed somewhere, with the slots they may use.
    open_requests = [k for k in range(inst.n_requests) if k not in inst.fixed]
    usable: dict[int, int] = {}
    for k in open_requests:
        a, b = inst.a[k], inst.b[k]
        mask = inst.common[k]
        for s in _bits(mask):
            if rooms[s] <= 0 or free(a, s) <= 0 or free(b, s) <= 0:
                mask &= ~(1 << s)
        if mask:
            usable[k] = mask
    # A pair meets at most min(free capacity) times in each slot both can use, so only its
    # heaviest requests up to that number can count towards the weight. Any schedule can swap
    # the pair's meetings for those without changing anyone's count, so dropping the lighter
    # ones keeps the bound valid -- provided the limits below (reach, per-slot matchings) still
    # count every usable request, whatever room type or slots the dropped ones have.
    by_pair: dict[tuple[int, int], list[int]] = {}
    for k in usable:
        pair = (min(inst.a[k], inst.b[k]), max(inst.a[k], inst.b[k]))
        by_pair.setdefault(pair, []).append(k)
    edges: list[int] = []
    for (p, q), ks in by_pair.items():
        if len(ks) > 1:
            union = 0
            for k in ks:
                union |= usable[k]
            limit = sum(min(free(p, s), free(q, s)) for s in _bits(union))
            ks = sorted(ks, key=lambda k: (-inst.weight[k], k))[:limit]
        edges.extend(ks)
    edges.sort()
    if not edges:
        return Bound(fixed_weight, [0.0] * inst.n_requests, 0)

    every = sorted(usable)
    reach = [0] * n_people
    degree = [0] * n_people
    for k in every:
        for side in (inst.a[k], inst.b[k]):
            reach[side] |= usable[k]
            degree[side] += 1
    b_cap = [
        max(
            0,
            min(
                inst.max_meetings[p] - fixed_count[p],
                degree[p],
                sum(free(p, s) for s in _bits(reach[p])),
            ),
        )
        for p in range(n_people)
    ]
    limit = sum(min(rooms[s], _slot_matching(inst, every, usable, s, free)) for s in range(n_slots))

    tails_e = np.array([inst.a[k] for k in edges], dtype=np.int32)
    heads_e = np.array([inst.b[k] for k in edges], dtype=np.int32)
    scale = cost_scale(max(inst.weight[k] for k in edges), 2 * n_people + 2)
    costs_e = -np.array([math.ceil(inst.weight[k] * scale - 1e-9) for k in edges], dtype=np.int64)
    source, sink = 2 * n_people, 2 * n_people + 1
    people = np.arange(n_people, dtype=np.int32)
    flow = min_cost_flow.SimpleMinCostFlow()
    # Left copy of p is p, right copy is n_people + p. Request arcs first, both directions.
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([tails_e, heads_e]),
        np.concatenate([heads_e, tails_e]) + n_people,
        np.ones(2 * len(edges), dtype=np.int64),
        np.concatenate([costs_e, costs_e]),
    )
    caps = np.array(b_cap, dtype=np.int64)
    zeros = np.zeros(n_people, dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(np.full(n_people, source), people, caps, zeros)
    flow.add_arcs_with_capacity_and_unit_cost(
        people + n_people, np.full(n_people, sink), caps, zeros
    )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, 2 * limit, 0)
    flow.set_node_supply(source, 2 * limit)
    flow.set_node_supply(sink, -2 * limit)
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - feasible, and costs are scaled to fit
        raise RuntimeError(f"min-cost flow failed with status {status}")
    value = -flow.optimal_cost() / 2 / scale
    arc_flows = flow.flows(np.arange(2 * len(edges), dtype=np.int32))
    x = [0.0] * inst.n_requests
    for n, k in enumerate(edges):
        x[k] = (int(arc_flows[n]) + int(arc_flows[n + len(edges)])) / 2
    return Bound(fixed_weight + value, x, limit)


def _slot_matching(inst: Instance, edges, usable, s: int, free) -> int:
    """Most meetings slot s could hold if rooms were unlimited (max fractional b-matching)."""
    bit = 1 << s
    ks = [k for k in edges if usable[k] & bit]
    if not ks:
        return 0
    n_people = inst.n_participants
    flow = max_flow.SimpleMaxFlow()
    tails = np.array([inst.a[k] for k in ks], dtype=np.int32)
    heads = np.array([inst.b[k] for k in ks], dtype=np.int32)
    flow.add_arcs_with_capacity(
        np.concatenate([tails, heads]),
        np.concatenate([heads, tails]) + n_people,
        np.ones(2 * len(ks), dtype=np.int64),
    )
    people = sorted({inst.a[k] for k in ks} | {inst.b[k] for k in ks})
    nodes = np.array(people, dtype=np.int32)
    caps = np.array([free(p, s) for p in people], dtype=np.int64)
    source, sink = 2 * n_people, 2 * n_people + 1
    flow.add_arcs_with_capacity(np.full(len(people), source, dtype=np.int32), nodes, caps)
    flow.add_arcs_with_capacity(nodes + n_people, np.full(len(people), sink, dtype=np.int32), caps)
    flow.solve(source, sink)
    return flow.optimal_flow() // 2


def _bits(mask: int):
    """Indices of the set bits of mask, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
