"""Ruin and recreate: free the agendas around an unplaced request and rebuild them.

Each step picks an unplaced request r (seeded), removes every movable meeting of its two
sides, inserts r first, then the removed meetings and the other open requests of everyone
involved, heaviest first, with the moves and ejections of `Search.insert`. The step is kept if
the total weight did not fall (equal weight lets the search drift across plateaus) and undone
otherwise. The number of steps is fixed by the instance size, so the result depends on the
seed only; the time limit is a safety net.
"""

from __future__ import annotations

import random
import time

from silkbridge.engines.scheduling.improve import Search
from silkbridge.engines.scheduling.state import State

#: Steps per request of the instance, and the most steps on any instance.
STEPS_PER_REQUEST = 2
MAX_STEPS = 1500
#: Larger instances skip this phase: on events of 8,000 requests a step costs 10 to 50 ms and
#: 1,500 steps gained under 0.2 % of the bound, while greedy + local search is already there.
MAX_REQUESTS = 2500


def ruin_and_recreate(
    state: State, x: list[float], bound: float, deadline: float, seed: int
) -> bool:
    """Improve `state` in place, stopping at the bound; False if the deadline cut it short."""
    inst = state.inst
    rng = random.Random(seed + 1)  # noqa: S311 - seeded and reproducible by design
    incident = inst.incident()
    search = Search(state, deadline)
    search.lightest_weight = min(
        (inst.weight[k] for k in range(inst.n_requests) if k not in state.fixed), default=0.0
    )
    candidates = [k for k in range(inst.n_requests) if inst.common[k] and k not in state.fixed]
    if len(candidates) > MAX_REQUESTS:
        return True
    steps = min(MAX_STEPS, STEPS_PER_REQUEST * len(candidates))
    state.log = []
    for step in range(steps):
        if step % 32 == 0 and time.monotonic() > deadline:
            state.log = None
            return False
        open_requests = [k for k in candidates if state.slot_of[k] < 0]
        if not open_requests or state.weight >= bound - 1e-9:
            break
        r = open_requests[rng.randrange(len(open_requests))]
        before = state.weight
        state.log.clear()
        sides = (inst.a[r], inst.b[r])
        removed = [
            k
            for p in sides
            for ms in list(state.meetings_at[p].values())
            for k in ms
            if k not in state.fixed
        ]
        for k in dict.fromkeys(removed):
            state.remove(k)
        retry = sorted(
            {k for p in sides for k in incident[p] if state.slot_of[k] < 0 and inst.common[k]}
            - {r},
            key=lambda k: (-round(x[k], 6), -inst.weight[k], k),
        )
        search.queue = []
        for k in (r, *retry):
            if state.slot_of[k] < 0:
                search.insert(k)
        for k in search.queue:
            if state.slot_of[k] < 0:
                search.insert(k)
        if state.weight < before - 1e-9:
            state.revert(0)
    state.log = None
    return True
