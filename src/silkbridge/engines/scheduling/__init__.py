"""Meeting scheduler for B2B forums: near-optimal schedules with a proven quality bound.

Pure Python on OR-Tools; never imports Django. The platform turns an event into the plain
types below and calls `schedule`; `upper_bound` and `violations` are also public so that hand
edits can be checked and measured the same way. How it works: docs/scheduling.md.
"""

from __future__ import annotations

from silkbridge.engines.scheduling.bound import upper_bound_of
from silkbridge.engines.scheduling.instance import build
from silkbridge.engines.scheduling.model import (
    MODES,
    UNPLACED_REASONS,
    Fixed,
    InvalidProblem,
    Participant,
    Placement,
    Problem,
    QualityReport,
    Request,
    Schedule,
    Slot,
    Unplaced,
)
from silkbridge.engines.scheduling.solve import schedule
from silkbridge.engines.scheduling.validate import violations


def upper_bound(problem: Problem) -> float:
    """A proven upper bound on the total weight of any valid schedule of `problem`."""
    return upper_bound_of(build(problem)).value


__all__ = [
    "MODES",
    "UNPLACED_REASONS",
    "Fixed",
    "InvalidProblem",
    "Participant",
    "Placement",
    "Problem",
    "QualityReport",
    "Request",
    "Schedule",
    "Slot",
    "Unplaced",
    "schedule",
    "upper_bound",
    "violations",
]
