"""Allocation of exchange places and internships by stable matching.

Plain Python; never imports Django. The talent app turns a closed call into a `Problem`
(applicants with up to five ranked places, places as capacity buckets per condition and year,
the institution's ranking) and calls `allocate`. The result is stable — no applicant and place
would both rather have each other — and nobody gains by misreporting their order. Every
applicant's `Outcome` says why they got what they got. For coordinators: docs/allocation.md.
"""

from __future__ import annotations

from silkbridge.engines.allocation.allocate import allocate
from silkbridge.engines.allocation.model import (
    MAX_CHOICES,
    REFUSAL_REASONS,
    Allocation,
    Applicant,
    InvalidProblem,
    Outcome,
    Place,
    PlaceResult,
    Problem,
    Refusal,
)

__all__ = [
    "MAX_CHOICES",
    "REFUSAL_REASONS",
    "Allocation",
    "Applicant",
    "InvalidProblem",
    "Outcome",
    "Place",
    "PlaceResult",
    "Problem",
    "Refusal",
    "allocate",
]
