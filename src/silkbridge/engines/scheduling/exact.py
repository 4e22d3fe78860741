"""Exact mode: the slot-indexed model solved as a MILP with HiGHS, proving optimality.

One binary per (request, slot, room type) the request could use; a request is placed at most
once, a participant holds at most `capacity` meetings per slot and `max_meetings` in all, a
slot holds at most its tables and virtual rooms; fixed meetings are forced. Two proven facts
cut the search: the total weight lies between the heuristic's schedule and the flow bound.
HiGHS runs on one thread and is deterministic, so the same problem gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from silkbridge.engines.scheduling.instance import Instance
from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, bits

#: Above this many variables "auto" does not try the exact model.
AUTO_LIMIT = 20_000


@dataclass(frozen=True)
class ExactResult:
    placements: list[tuple[int, int, int]]  # (request, slot, room)
    optimal: bool
    bound: float  # HiGHS's proven bound on the total weight


def columns(inst: Instance) -> list[tuple[int, int, int]]:
    """(request, slot, room) triples the model needs a variable for."""
    out = []
    for k in range(inst.n_requests):
        for s in bits(inst.common[k]):
            if inst.physical_ok[k] and inst.tables[s]:
                out.append((k, s, PHYSICAL))
            if inst.virtual_ok[k] and inst.virtual[s]:
                out.append((k, s, VIRTUAL))
    return out


def variable_count(inst: Instance) -> int:
    return len(columns(inst))


def solve_exact(inst: Instance, lower: float, upper: float, seconds: float) -> ExactResult | None:
    """Best schedule with weight in [lower, upper]; None if HiGHS found none within `seconds`."""
    cols = columns(inst)
    if not cols:
        return None
    rows: dict[tuple, int] = {}
    limits: list[float] = []
    row_index, col_index = [], []

    def row(key: tuple, limit: float) -> int:
        if key not in rows:
            rows[key] = len(rows)
            limits.append(limit)
        return rows[key]

    low = np.zeros(len(cols))
    for j, (k, s, room) in enumerate(cols):
        a, b = inst.a[k], inst.b[k]
        room_limit = inst.tables[s] if room == PHYSICAL else inst.virtual[s]
        for key, limit in (
            (("request", k), 1),
            (("busy", a, s), inst.capacity[a]),
            (("busy", b, s), inst.capacity[b]),
            (("room", s, room), room_limit),
            (("cap", a), inst.max_meetings[a]),
            (("cap", b), inst.max_meetings[b]),
        ):
            row_index.append(row(key, limit))
            col_index.append(j)
        fixed = inst.fixed.get(k)
        if fixed is not None and (fixed[0], VIRTUAL if fixed[2] else PHYSICAL) == (s, room):
            low[j] = 1
    weights = np.array([inst.weight[k] for k, _s, _room in cols])
    matrix = coo_matrix(
        (np.ones(len(row_index)), (row_index, col_index)), shape=(len(rows), len(cols))
    )
    constraints = [
        LinearConstraint(matrix.tocsr(), -np.inf, np.array(limits, dtype=float)),
        LinearConstraint(weights.reshape(1, -1), lower - 1e-6, upper + 1e-6),
    ]
    # Variables of fixed requests in other slots are 0; the `request` row already forces that
    # once the fixed variable is 1.
    result = milp(
        -weights,
        constraints=constraints,
        bounds=Bounds(low, np.ones(len(cols))),
        integrality=np.ones(len(cols)),
        options={"time_limit": max(seconds, 0.1), "disp": False, "mip_rel_gap": 1e-9},
    )
    if result.x is None:
        return None
    chosen = [cols[j] for j in np.flatnonzero(result.x > 0.5)]
    bound = -result.mip_dual_bound if result.mip_dual_bound is not None else upper
    return ExactResult(chosen, result.status == 0, min(upper, bound))
