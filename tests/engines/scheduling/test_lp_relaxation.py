"""The LP relaxation by PDLP: its certificate is a proof at any prices, and its rounded
solution is a valid schedule."""

import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkbridge.engines.scheduling import Placement, Problem, schedule, upper_bound, violations
from silkbridge.engines.scheduling.generator import generate
from silkbridge.engines.scheduling.instance import build
from silkbridge.engines.scheduling.lp_bound import first_order_lp, linear_model, lp_bound
from silkbridge.engines.scheduling.rounding import request_values, round_relaxation
from silkbridge.engines.scheduling.state import VIRTUAL, State
from silkbridge.engines.scheduling.windows import WindowSearch
from tests.engines.scheduling.conftest import brute_force, problems
from tests.engines.scheduling.test_bound_validity import repeated_pairs

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def as_placements(inst, state: State) -> list[Placement]:
    """The state's meetings; a fixed meeting keeps its table, the others have none yet."""
    return [
        Placement(
            inst.request_ids[k],
            inst.slot_ids[s],
            inst.fixed[k][1] if k in inst.fixed else None,
            room == VIRTUAL,
        )
        for k, s, room in state.placements()
    ]


@SETTINGS
@given(st.one_of(problems(), repeated_pairs(mode="heuristic")), st.integers(0, 2**32 - 1))
def test_any_prices_certify_a_bound_on_every_schedule(problem: Problem, seed: int):
    model = linear_model(build(problem))
    rng = np.random.default_rng(seed)
    # Prices of every sign and size: negative ones count as nought, so each is a proof.
    prices = rng.normal(0.0, 2.0, size=len(model.limits))
    best = brute_force(problem)
    assert model.certificate(prices) >= best - 1e-9
    assert model.certificate(np.zeros(len(model.limits))) >= best - 1e-9


@SETTINGS
@given(st.one_of(problems(), repeated_pairs(mode="heuristic")))
def test_the_pdlp_bound_holds_and_its_rounding_is_a_valid_schedule(problem: Problem):
    inst = build(problem)
    relax = first_order_lp(inst, 5.0)
    best = brute_force(problem)
    assert relax.bound >= best - 1e-9
    assert len(relax.x) == len(relax.columns)
    assert np.all((relax.x >= 0) & (relax.x <= 1))
    state = round_relaxation(inst, relax, time.monotonic() + 5.0)
    assert violations(problem, as_placements(inst, state)) == []
    assert state.weight <= best + 1e-9
    values = request_values(inst, relax)
    assert len(values) == inst.n_requests and all(-1e-9 <= v <= 1 + 1e-6 for v in values)


def test_pdlp_reaches_the_lp_bound_of_highs_on_a_patchy_event():
    problem = generate(200, 1000, 12, availability=(0.5, 0.6), seed=1)
    inst = build(problem)
    highs = lp_bound(inst, 120.0)
    relax = first_order_lp(inst, 120.0)
    assert highs is not None and relax.finished
    assert highs - 0.01 <= relax.bound <= highs * 1.0001
    assert relax.bound < upper_bound(problem)


def test_repeated_pairs_in_mixed_rooms_get_the_lp_bound_below_the_flow_bound():
    # A fifth of the requests repeat a pair in the other room type, mostly virtual ones,
    # which the flow bound counts against all rooms and the LP against the virtual ones.
    problem = generate(
        120, 800, 8, availability=(0.5, 0.6), repeat_share=0.2, seed=3, time_limit=3.0
    )
    report = schedule(problem).report
    flow = upper_bound(problem)
    assert report.bound_method == "LP relaxation"
    assert report.total_weight <= report.upper_bound < 0.99 * flow
    assert report.ratio >= 0.97


def test_the_rounded_lp_solution_starts_within_three_percent_of_the_bound():
    problem = generate(400, 3000, 16, availability=(0.5, 0.6), seed=1, time_limit=60.0)
    inst = build(problem)
    relax = first_order_lp(inst, 60.0)
    rounded = round_relaxation(inst, relax, time.monotonic() + 60.0)
    assert violations(problem, as_placements(inst, rounded)) == []
    assert rounded.weight >= 0.97 * relax.bound


def test_windows_guided_by_the_lp_choose_only_its_options_or_the_current_ones():
    problem = generate(60, 300, 6, availability=(0.5, 0.6), seed=2)
    inst = build(problem)
    relax = first_order_lp(inst, 30.0)
    allowed = relax.support()
    state = State(inst)
    before = set(state.placements())
    assert not before
    # From an empty schedule every placement a window makes is a new option.
    windows = WindowSearch(state, seed=0)
    windows.allowed = allowed
    for first in range(inst.n_slots):
        windows.solve([first, (first + 1) % inst.n_slots], effort=5.0, seconds=30.0)
    placed = set(state.placements())
    assert placed and placed <= allowed
    assert violations(problem, as_placements(inst, state)) == []
    # With no option allowed, a window keeps the current meetings and adds none.
    windows.allowed = set()
    windows.solve(list(range(inst.n_slots)), effort=5.0, seconds=30.0)
    assert set(state.placements()) == placed
