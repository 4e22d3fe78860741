"""Ruin and recreate: free the agendas around an unplaced request and rebuild them.

Each step picks an unplaced request r (seeded), removes every movable meeting of its two
sides, inserts r first, then the removed meetings and the other open requests of everyone
involved, heaviest first, with the moves and ejections of `Search.insert`. The step is kept if
the total weight did not fall (equal weight lets the search drift across plateaus) and undone
otherwise. Steps run in batches, so the anytime phase can share its time with the windows;
the sequence of steps depends on the seed only.
"""

from __future__ import annotations

import random
import time

from silkbridge.engines.scheduling.improve import Search
from silkbridge.engines.scheduling.state import State


class RuinAndRecreate:
    """Seeded ruin-and-recreate steps on a `State` (see the module docstring)."""

    def __init__(self, state: State, x: list[float], seed: int, deadline: float) -> None:
        inst = state.inst
        self.state = state
        self.x = x
        self.rng = random.Random(seed + 1)  # noqa: S311 - seeded and reproducible by design
        self.incident = inst.incident()
        self.search = Search(state, deadline)
        self.search.lightest_weight = min(
            (inst.weight[k] for k in range(inst.n_requests) if k not in state.fixed),
            default=0.0,
        )
        self.candidates = [
            k for k in range(inst.n_requests) if inst.common[k] and k not in state.fixed
        ]
        self.steps = 0

    def run(self, steps: int) -> bool:
        """Run up to `steps` steps before the deadline; False when no request is left to try."""
        state, inst = self.state, self.state.inst
        open_requests = [k for k in self.candidates if state.slot_of[k] < 0]
        if not open_requests:
            return False
        state.log = []
        for _ in range(steps):
            if time.monotonic() > self.search.deadline:
                break
            r = open_requests[self.rng.randrange(len(open_requests))]
            if state.slot_of[r] >= 0:
                continue  # placed by an earlier step of this batch
            self.steps += 1
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
                {
                    k
                    for p in sides
                    for k in self.incident[p]
                    if state.slot_of[k] < 0 and inst.common[k]
                }
                - {r},
                key=lambda k: (-round(self.x[k], 6), -inst.weight[k], k),
            )
            self.search.queue = []
            for k in (r, *retry):
                if state.slot_of[k] < 0:
                    self.search.insert(k)
            for k in self.search.queue:
                if state.slot_of[k] < 0:
                    self.search.insert(k)
            if state.weight < before - 1e-9:
                state.revert(0)
        state.log = None
        return True
