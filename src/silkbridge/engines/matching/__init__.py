"""Matching engine: ranked cross-border partners and opportunities with reasons.

Pure Python on numpy, scipy and bm25s; never imports Django. The platform turns organisations,
opportunities and introductions into the plain types below and asks a `MatchIndex`.
"""

from silkbridge.engines.matching.index import MatchIndex
from silkbridge.engines.matching.model import (
    DelegationResult,
    HistoryEdge,
    Item,
    Profile,
    Reason,
    Rules,
    Suggestion,
    Weights,
)

__all__ = [
    "DelegationResult",
    "HistoryEdge",
    "Item",
    "MatchIndex",
    "Profile",
    "Reason",
    "Rules",
    "Suggestion",
    "Weights",
]
