"""Plain input and output types of the matching engine (no Django, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from silkbridge.engines.matching.ranker import RANKER

Direction = Literal["offer", "need"]

#: Organisation kinds the engine knows; any other kind is accepted and treated as neutral.
KINDS = ("company", "authority", "academic", "association")
#: Organisation sizes from smallest to largest; "" means unknown.
SIZES = ("micro", "small", "medium", "large", "enterprise")
#: Opportunity types; "" means a profile's implicit offer.
ITEM_KINDS = ("business", "technology", "research", "egov", "investment", "talent")
#: History model (see `history.py`): intercept, then one coefficient per input of
#: `history.HISTORY_INPUTS` — log(1 + 100 · two-step paths), log(1 + 100 · three-step paths),
#: log(1 + partners), log(1 + classic Adamic-Adar), topic cosine. Probability of a new
#: collaboration = sigmoid(intercept + coefficients · inputs). Fitted on the development half of
#: real collaboration data (`benchmarks/matching_history.py`, figures in `docs/benchmarks.md`).
#: A saved model of the older form (intercept, slope, three-step share, popularity share) is
#: still read (`history.history_model`).
HISTORY_MODEL = (-9.3364, 0.0453, 0.0045, 0.5267, 1.7364, 1.998)


@dataclass(frozen=True, slots=True)
class Profile:
    """An organisation as the engine sees it: who, where, and what it works on."""

    id: int
    country: str
    kind: str
    size: str = ""
    languages: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    description: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One offer or need of an organisation, normally a published opportunity.

    A profile's own services, technologies and description also form an implicit offer,
    so an organisation without opportunities can still be matched.
    """

    id: int
    owner_id: int
    direction: str  # "offer" or "need" ("request" is accepted as "need")
    text: str
    sectors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    kind: str = ""
    partner_kinds: tuple[str, ...] = ()
    target_country: str = ""
    languages: tuple[str, ...] = ()
    open: bool = True
    title: str = ""


@dataclass(frozen=True, slots=True)
class HistoryEdge:
    """A past collaboration between two organisations: venture, accepted introduction, meeting."""

    a: int
    b: int
    when: date
    kind: str = "introduction"
    # Identifies the source record (e.g. "introduction:12"); an edge whose ref is already in the
    # graph is not added twice, so replaying a change is harmless.
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Rules:
    """Hard rules applied before scoring; pairs are unordered (either order excludes)."""

    cross_border: bool = True
    #: Organiser exclusion rules: these organisation pairs are never matched.
    exclusions: frozenset[tuple[int, int]] = frozenset()
    #: Pairs dismissed by a user: (viewer, dismissed target). Target is an org id, or an item id
    #: for `opportunities_for`. Ordered: only the viewer stops seeing the target.
    dismissed: frozenset[tuple[int, int]] = frozenset()
    #: Organisations that already collaborated directly are not suggested to each other again.
    exclude_existing_partners: bool = True
    #: Organisations that are never matched at all (e.g. suspended).
    blocked: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Weights:
    """Scoring weights; see `docs/matching.md` for why each default is what it is."""

    #: Reciprocal combination max(f1, f2) + bonus * min(f1, f2): the weaker side adds this
    #: share of itself, so a two-sided fit ranks above a one-sided one of the same strength.
    #: 0.1 was chosen on the even-numbered evaluation queries and held on the odd ones.
    reciprocal_bonus: float = 0.1
    #: Contribution of each signal to the final score.
    reciprocal: float = 1.0
    #: For opportunities and candidates: extra weight on the fit with the item itself, so the
    #: item that matches ranks above the same organisation's other items.
    item_fit: float = 0.5
    profile_similarity: float = 0.35
    kind: float = 0.15
    #: Profile text against profile text (both work on the same things): small, so that it
    #: orders pairs only where no offer meets a need, and no profile goes without suggestions.
    similar_work: float = 0.05
    #: Collaboration history: the calibrated lift of the history model (below), for an
    #: organisation that has history. The lift is a small probability (0.001-0.05 for most
    #: pairs with a path), so a large weight: where history exists it decides, and content
    #: orders what history leaves tied. Chosen on the development half of real data.
    history: float = 100.0
    #: No longer scored: a candidate's partner count is an input of the history model.
    activity: float = 0.0
    #: Small bonus when both sides share a working language (the penalty below is the main effect).
    language: float = 0.05
    #: Final score multiplier when both sides list languages and share none.
    language_penalty: float = 0.75
    #: Final score multiplier when an opportunity lists partner kinds and the candidate is not one.
    partner_kind_penalty: float = 0.5
    #: Half-life of a collaboration's weight, in years, counted back from the newest edge.
    history_half_life_years: float = 3.0
    #: Coefficients of the history model (see `HISTORY_MODEL`); saved with the index.
    history_model: tuple[float, ...] = HISTORY_MODEL
    #: The calibrated ranker: intercept and coefficients of `ranker.FEATURES`, fitted offline
    #: (`data/ranker.json`); saved with the index, so a saved index keeps the fit it was built with.
    ranker: tuple[float, ...] = RANKER
    #: Candidates re-ranked with the full model per query.
    rerank_candidates: int = 200
    #: A signal names itself in the explanation only above this contribution.
    explain_threshold: float = 0.01

    def __post_init__(self) -> None:
        # A saved index gives the coefficients back as a JSON list.
        object.__setattr__(self, "history_model", tuple(float(c) for c in self.history_model))
        object.__setattr__(self, "ranker", tuple(float(c) for c in self.ranker))


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence: a stable `code`, complete `params` to translate, and English text."""

    code: str
    params: Mapping[str, Any]
    text: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ranked result: an organisation id or an item id, with its score and evidence.

    `probability` is the calibrated chance that the pair is a good match (`ranker.py`); the
    platform shows `ranker.fit_label(probability)`, never a number.
    """

    target_id: int
    score: float
    signals: dict[str, float]
    reasons: list[Reason] = field(default_factory=list)
    probability: float = 0.0


@dataclass(frozen=True, slots=True)
class DelegationResult:
    """Top-k per delegation member and the member × candidate score matrix for meeting planning."""

    suggestions: dict[int, list[Suggestion]]
    members: tuple[int, ...]
    candidates: tuple[int, ...]
    #: scores[i][j] is the score of members[i] with candidates[j] (0.0 when ruled out).
    scores: Sequence[Sequence[float]]

    def __iter__(self):  # type: ignore[no-untyped-def]
        """Unpack as `suggestions, matrix = index.delegation(...)`."""
        return iter((self.suggestions, self.scores))
