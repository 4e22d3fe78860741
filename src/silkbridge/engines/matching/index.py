"""Queries: partners, opportunities, candidates and delegations, with reasons.

Each query runs in two stages. Candidate generation asks BM25 (whose documents include the
taxonomy labels in every language, so it also finds tag overlap) for the best few hundred
documents per query text, and the collaboration graph for partners of partners. Re-ranking then
computes every signal exactly for those candidates (see `docs/matching.md` for the formula).

`MatchIndex` is composed of mixins, one module each: `scoring.py` (the steps every query
shares), `partners.py` (partner and delegation queries), `opportunities.py` (opportunity and
candidate queries), and `store.py` (the index's state, changes and persistence).
"""

from __future__ import annotations

from silkbridge.engines.matching.opportunities import OpportunitySuggestions
from silkbridge.engines.matching.partners import PartnerSuggestions
from silkbridge.engines.matching.scoring import MatchScoring
from silkbridge.engines.matching.store import IndexStore


class MatchIndex(PartnerSuggestions, OpportunitySuggestions, MatchScoring, IndexStore):
    """The matching index: build or load it, keep it current, and ask it for suggestions."""
