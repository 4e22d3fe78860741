"""A tighter bound: the LP relaxation of the slot-indexed model, solved by HiGHS.

One variable in [0, 1] per (request, slot, room type) the request could use, with the rows of
the exact model: a request at most once, a participant at most `capacity` meetings per slot
and `max_meetings` in all, a slot at most its tables and virtual rooms. Fixed meetings are
taken out first (their weight counted, their seats and rooms removed). Unlike the flow bound
it knows which slots each request can use, so with patchy availability it is lower.

The bound is not HiGHS's objective but a certificate computed from its dual values: for any
y ≥ 0, y·b + Σ_j max(0, c_j − (Aᵀy)_j) bounds every schedule (weak duality with the upper
bounds x ≤ 1), so a rounding error in the solver can only loosen it, never make it false.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from silkbridge.engines.scheduling.instance import Instance
from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, bits

#: Above this many variables the LP is not tried, and below it only with about a second per
#: `COLUMNS_PER_SECOND` variables: HiGHS's interior point method took 0.7 s for 4,600
#: variables of a generated event, 9 s for 18,000 and over 60 s for 61,000 (2 cores).
LP_LIMIT = 20_000
COLUMNS_PER_SECOND = 2_000


def lp_fits(columns: int, seconds: float) -> bool:
    """Whether the LP of this many variables is likely to finish in `seconds`."""
    return columns <= min(LP_LIMIT, COLUMNS_PER_SECOND * seconds)


def lp_columns(inst: Instance) -> list[tuple[int, int, int]]:
    """(request, slot, room) triples of the open requests, as in the exact model."""
    out = []
    for k in range(inst.n_requests):
        if k in inst.fixed:
            continue
        for s in bits(inst.common[k]):
            if inst.physical_ok[k] and inst.tables[s]:
                out.append((k, s, PHYSICAL))
            if inst.virtual_ok[k] and inst.virtual[s]:
                out.append((k, s, VIRTUAL))
    return out


def lp_bound(inst: Instance, seconds: float) -> float | None:
    """The certified LP bound, or None if it could not be had within `seconds`."""
    deadline = time.monotonic() + seconds
    fixed_weight = sum(inst.weight[k] for k in inst.fixed)
    busy: dict[tuple[int, int], int] = {}
    used: dict[tuple[int, int], int] = {}
    count = [0] * inst.n_participants
    for k, (s, _table, virtual) in inst.fixed.items():
        room = VIRTUAL if virtual else PHYSICAL
        used[s, room] = used.get((s, room), 0) + 1
        for p in (inst.a[k], inst.b[k]):
            busy[p, s] = busy.get((p, s), 0) + 1
            count[p] += 1
    cols = lp_columns(inst)
    if not cols:
        return fixed_weight
    rows: dict[tuple, int] = {}
    limits: list[float] = []
    row_index, col_index = [], []

    def row(key: tuple, limit: int) -> int:
        if key not in rows:
            rows[key] = len(rows)
            limits.append(max(0, limit))
        return rows[key]

    for j, (k, s, room) in enumerate(cols):
        a, b = inst.a[k], inst.b[k]
        room_limit = inst.tables[s] if room == PHYSICAL else inst.virtual[s]
        keys = [
            (("request", k), 1),
            (("busy", a, s), inst.capacity[a] - busy.get((a, s), 0)),
            (("busy", b, s), inst.capacity[b] - busy.get((b, s), 0)),
            (("room", s, room), room_limit - used.get((s, room), 0)),
        ]
        for p in (a, b):
            if inst.max_meetings[p] < inst.n_requests:
                keys.append((("cap", p), inst.max_meetings[p] - count[p]))
        for key, limit in keys:
            row_index.append(row(key, limit))
            col_index.append(j)
    weights = np.array([inst.weight[k] for k, _s, _room in cols])
    matrix = coo_matrix(
        (np.ones(len(row_index)), (row_index, col_index)), shape=(len(rows), len(cols))
    ).tocsr()
    rhs = np.array(limits, dtype=float)
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    result = linprog(
        -weights,
        A_ub=matrix,
        b_ub=rhs,
        bounds=(0, 1),
        method="highs-ipm",
        options={"time_limit": left, "presolve": True},
    )
    if result.status != 0 or result.ineqlin is None:
        return None
    dual = np.maximum(0.0, -np.asarray(result.ineqlin.marginals, dtype=float))
    reduced = weights - matrix.T @ dual
    certificate = float(dual @ rhs + np.maximum(0.0, reduced).sum())
    return fixed_weight + certificate
