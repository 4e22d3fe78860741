"""A tighter bound: the LP relaxation of the slot-indexed model, by PDLP (or HiGHS).

One variable in [0, 1] per (request, slot, room type) the request could use, with the rows of
the exact model: a request at most once, a participant at most `capacity` meetings per slot
and `max_meetings` in all, a slot at most its tables and virtual rooms. Fixed meetings are
taken out first (their weight counted, their seats and rooms removed). Unlike the flow bound
it knows which slots each request can use, so with patchy availability it is lower.

The bound is not the solver's objective but a certificate computed from its dual values: for
any y ≥ 0, y·b + Σ_j max(0, c_j − (Aᵀy)_j) bounds every schedule (weak duality with the upper
bounds x ≤ 1), so a rounding error or an early stop of the solver can only loosen it, never
make it false. The scheduler uses PDLP, a first-order method that scales to 40,000 requests;
HiGHS's interior point method (`lp_bound`), which does not finish there, is kept as a reference.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.pdlp import solve_log_pb2, solvers_pb2
from ortools.pdlp.python import pdlp
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_matrix

from silkbridge.engines.scheduling.instance import Instance
from silkbridge.engines.scheduling.state import PHYSICAL, VIRTUAL, bits

#: PDLP's step limit (so that a run that ends by it is reproducible) and its tolerance.
PDLP_STEPS, PDLP_TOLERANCE = 20_000, 1e-4
#: Options below this LP value count as unused by the LP solution.
SUPPORT = 0.01
#: Relative margin added to every certificate for the rounding of floating-point sums.
MARGIN = 1e-9


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


@dataclass(frozen=True)
class LinearModel:
    """The slot-indexed LP: maximise weights · x subject to matrix · x ≤ limits, 0 ≤ x ≤ 1."""

    columns: list[tuple[int, int, int]]
    matrix: csr_matrix
    limits: np.ndarray
    weights: np.ndarray
    fixed_weight: float

    def certificate(self, duals: np.ndarray) -> float:
        """The bound proven by any prices `duals` (negative ones count as 0), with a margin
        for floating-point rounding so that it stays a proof."""
        y = np.maximum(0.0, np.nan_to_num(np.asarray(duals, dtype=float), nan=0.0))
        reduced = self.weights - self.matrix.T @ y
        value = self.fixed_weight + float(y @ self.limits + np.maximum(0.0, reduced).sum())
        return value + MARGIN * max(1.0, abs(value))


def linear_model(inst: Instance) -> LinearModel:
    """The rows and columns of the LP (see the module docstring); fixed meetings taken out."""
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
    matrix = coo_matrix(
        (np.ones(len(row_index)), (row_index, col_index)), shape=(len(rows), len(cols))
    ).tocsr()
    return LinearModel(
        columns=cols,
        matrix=matrix,
        limits=np.array(limits, dtype=float),
        weights=np.array([inst.weight[k] for k, _s, _room in cols], dtype=float),
        fixed_weight=float(fixed_weight),
    )


def lp_bound(inst: Instance, seconds: float) -> float | None:
    """The certified LP bound by HiGHS's interior point method, or None if it could not be had
    within `seconds` (the reference the benchmark compares with)."""
    deadline = time.monotonic() + seconds
    model = linear_model(inst)
    if not model.columns:
        return model.fixed_weight
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    result = linprog(
        -model.weights,
        A_ub=model.matrix,
        b_ub=model.limits,
        bounds=(0, 1),
        method="highs-ipm",
        options={"time_limit": left, "presolve": True},
    )
    if result.status != 0 or result.ineqlin is None:
        return None
    return model.certificate(-np.asarray(result.ineqlin.marginals, dtype=float))


@dataclass(frozen=True)
class Relaxation:
    """A certified bound and the (fractional) LP solution it came with."""

    bound: float
    columns: list[tuple[int, int, int]]
    x: np.ndarray  # one value in [0, 1] per column
    finished: bool  # PDLP met its tolerance (else it stopped at its time or step limit)

    def support(self, smallest: float = SUPPORT) -> set[tuple[int, int, int]]:
        """The (request, slot, room) options the LP solution uses (value at least `smallest`)."""
        return {c for c, v in zip(self.columns, self.x, strict=True) if v >= smallest}


def first_order_lp(inst: Instance, seconds: float) -> Relaxation | None:
    """The LP by PDLP (OR-Tools' first-order method, one thread): a few array products per
    step, so it handles 40,000 requests where HiGHS does not finish. Whatever duals it has
    when it stops give a valid certificate; None only when there is no time at all."""
    deadline = time.monotonic() + seconds
    model = linear_model(inst)
    if not model.columns:
        return Relaxation(model.fixed_weight, [], np.zeros(0), True)
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    n_rows, n_cols = model.matrix.shape
    program = pdlp.QuadraticProgram()
    program.resize_and_initialize(n_cols, n_rows)
    program.objective_vector = -model.weights
    program.constraint_matrix = model.matrix.tocsc()
    program.constraint_lower_bounds = np.full(n_rows, -np.inf)
    program.constraint_upper_bounds = model.limits
    program.variable_lower_bounds = np.zeros(n_cols)
    program.variable_upper_bounds = np.ones(n_cols)
    params = solvers_pb2.PrimalDualHybridGradientParams()
    params.num_threads = 1
    params.verbosity_level = 0
    params.termination_criteria.time_sec_limit = left
    params.termination_criteria.iteration_limit = PDLP_STEPS
    params.termination_criteria.simple_optimality_criteria.eps_optimal_relative = PDLP_TOLERANCE
    params.termination_criteria.simple_optimality_criteria.eps_optimal_absolute = PDLP_TOLERANCE
    result = pdlp.primal_dual_hybrid_gradient(program, params)
    duals = np.asarray(result.dual_solution, dtype=float)
    x = np.clip(np.nan_to_num(np.asarray(result.primal_solution, dtype=float)), 0.0, 1.0)
    if duals.shape != (n_rows,) or x.shape != (n_cols,):
        return None
    finished = result.solve_log.termination_reason == solve_log_pb2.TERMINATION_REASON_OPTIMAL
    # PDLP minimises -weights · x; the price of a "≤" row is minus its dual value.
    return Relaxation(model.certificate(-duals), model.columns, x, finished)
