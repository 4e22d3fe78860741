"""Plain input and output types of the meeting scheduler (no Django, no I/O).

The platform turns an event's time slots, approved participants and accepted meeting requests
into these types, calls `schedule`, and stores the placements it gets back.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Why a request stayed unplaced (see `Unplaced`).
UNPLACED_REASONS = ("no_common_slot", "meeting_cap", "slots_full", "outweighed", "invalid")
#: Solving modes: "auto" runs the heuristic and, on small instances it did not prove optimal,
#: the exact solver; "heuristic" never runs the exact solver; "exact" always does.
MODES = ("auto", "heuristic", "exact")
#: Proofs of the upper bound, weakest first (see docs/scheduling.md).
BOUND_METHODS = ("min-cost flow", "LP relaxation", "MILP")


class InvalidProblem(ValueError):
    """The problem is structurally broken (duplicate ids, unknown slot, impossible fixed meeting).

    The message names the offending object, so the platform can show it to the organiser.
    """


@dataclass(frozen=True)
class Slot:
    """A time slot. Consecutive `order` values are adjacent; another `session` means a break."""

    id: int
    order: int
    session: int = 0
    tables: int = 0
    virtual: int = 0


@dataclass(frozen=True)
class Participant:
    """A registered participant; `capacity` is the number of meetings it can hold at once."""

    id: int
    available: frozenset[int]
    capacity: int = 1
    max_meetings: int | None = None


@dataclass(frozen=True)
class Request:
    """An accepted meeting request between participants `a` and `b`, weighted by preference."""

    id: int
    a: int
    b: int
    weight: float = 1.0
    virtual_ok: bool = False
    physical_ok: bool = True


@dataclass(frozen=True)
class Fixed:
    """A locked or published meeting the scheduler must keep exactly where it is."""

    request: int
    slot: int
    table: int | None = None
    virtual: bool = False


@dataclass(frozen=True)
class Problem:
    """Everything the scheduler needs; the same Problem (seed included) gives the same Schedule."""

    slots: tuple[Slot, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    fixed: tuple[Fixed, ...] = ()
    seed: int = 0
    time_limit: float = 30.0
    mode: str = "auto"


@dataclass(frozen=True)
class Placement:
    """A scheduled meeting: its slot and a 1-based table number, or a virtual room."""

    request: int
    slot: int
    table: int | None
    virtual: bool


@dataclass(frozen=True)
class Unplaced:
    """A request the schedule leaves out, with the reason (one of `UNPLACED_REASONS`)."""

    request: int
    reason: str


@dataclass(frozen=True)
class QualityReport:
    """How good the schedule is, with a bound the organiser can trust.

    `upper_bound` is proven from the instance: no schedule can have a larger total weight, so
    `ratio` is a guaranteed lower bound on the fraction of the best possible schedule reached.
    """

    total_weight: float
    placed: int
    requested: int
    upper_bound: float
    ratio: float
    optimal: bool
    method: str
    seconds: float
    #: Participants with at least one valid request who got no meeting.
    participants_without_meetings: int = 0
    #: Mean number of slots a participant waits through (available, no meeting) between its
    #: first and last meeting of a session, over participants with at least one meeting.
    mean_idle_slots: float = 0.0
    #: Participants with at least one meeting.
    participants_with_meetings: int = 0
    #: Which proof gave `upper_bound`: one of `BOUND_METHODS`.
    bound_method: str = "min-cost flow"


@dataclass(frozen=True)
class Schedule:
    """The scheduler's answer: placements, unplaced requests with reasons, and the report."""

    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    report: QualityReport
