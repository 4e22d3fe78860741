"""The anytime phase: keep improving the schedule until the time limit or a proof.

Each round runs a batch of ruin-and-recreate steps around unplaced requests (`lns.py`), then
a few windows of slots re-solved exactly by CP-SAT (`windows.py`). When the windows gained
nothing they sit out twice as many rounds as last time, so on events where ruin and recreate
pays better (the large, patchy ones) the time goes to it. The phase ends at the deadline, when the
weight reaches the bound (then the schedule is proven optimal), or when neither neighbourhood
has gained for `PATIENCE` steps; the last keeps small events quick and, as it counts steps
rather than seconds, gives the same schedule for the same problem whenever the phase
ends before the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from silkbridge.engines.scheduling.lns import RuinAndRecreate
from silkbridge.engines.scheduling.state import State
from silkbridge.engines.scheduling.windows import WindowSearch

#: Ruin-and-recreate steps per round, and windows per round.
STEPS_PER_ROUND = 32
WINDOWS_PER_ROUND = 2
#: Ruin-and-recreate steps without any gain before the phase gives up: this many, or two per
#: request of the event if that is more (so large events use their whole time limit).
PATIENCE = 256


def improve_until(
    state: State,
    x: list[float],
    bound: float,
    deadline: float,
    seed: int,
    progress: Callable[[float], None] | None = None,
    use_windows: bool = True,
    allowed: set[tuple[int, int, int]] | None = None,
) -> None:
    """Improve `state` in place (see the module docstring); `allowed`, if given, limits the
    windows to those (request, slot, room) options besides the current ones."""
    rr = RuinAndRecreate(state, x, seed, deadline)
    windows = WindowSearch(state, seed) if use_windows else None
    if windows is not None:
        windows.allowed = allowed
    sit_out, backoff = 0, 1  # rounds the windows still sit out, and the next penalty
    patience = max(PATIENCE, 2 * len(rr.candidates))
    last_gain = 0
    while time.monotonic() < deadline and state.weight < bound - 1e-9:
        before = state.weight
        if not rr.run(STEPS_PER_ROUND):
            return  # every request is placed
        if windows is not None and state.weight < bound - 1e-9:
            if sit_out:
                sit_out -= 1
            else:
                middle = state.weight
                windows.run(deadline, bound, max_windows=WINDOWS_PER_ROUND)
                if state.weight > middle + 1e-9:
                    backoff = 1
                else:
                    sit_out, backoff = backoff, min(64, 2 * backoff)
        if state.weight > before + 1e-9:
            last_gain = rr.steps
            if progress is not None:
                progress(state.weight)
        elif rr.steps - last_gain >= patience:
            return
