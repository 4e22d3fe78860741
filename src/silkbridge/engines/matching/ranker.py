"""One calibrated probability per suggestion, and the fit label the platform shows.

The signals the engine computes for a pair (offer–need fit, kind, language, similar work,
history lift...) are the features of a logistic regression fitted offline on the development
halves of the judged text sets and of real collaboration history
(`benchmarks/matching_ranker.py`). Only the fitted numbers ship, in `data/ranker.json` beside this
module; nothing is fitted at run time and nothing is downloaded. Content and history features
are separate per regime (`has_history`), so history can decide where it exists and content
where it does not. Every coefficient of a main signal is fitted non-negative, so the
probability never falls when a signal grows. See `docs/matching.md` for the figures.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

FitLabel = Literal["strong", "good", "possible"]

#: Signals that describe content; each is a feature once for pairs without history and once
#: for pairs with history, so each regime has its own weights.
CONTENT = ("reciprocal", "item_fit", "profile_similarity", "kind", "language", "similar_work")
#: Feature names, in the order of the coefficients (after the intercept).
FEATURES = (
    *CONTENT,
    "penalised",
    "has_history",
    "history",
    *(f"{name}_with_history" for name in CONTENT),
)

_FILE = Path(__file__).with_name("data") / "ranker.json"


def _load() -> dict:
    data = json.loads(_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("ranker.json does not match the engine's features")
    return data


_DATA = _load()
#: (intercept, *coefficients in the order of FEATURES): the shipped fit; saved with the index.
RANKER: tuple[float, ...] = (float(_DATA["intercept"]), *map(float, _DATA["coefficients"]))
#: Fit label thresholds on the probability, chosen on the development halves (see the docs).
STRONG_AT: float = float(_DATA["thresholds"]["strong"])
GOOD_AT: float = float(_DATA["thresholds"]["good"])


def history_feature(lift: float) -> float:
    """The history lift on a log scale: lifts span three orders of magnitude."""
    return math.log1p(1000.0 * max(lift, 0.0))


def features(signals: Mapping[str, float], penalty: float = 1.0) -> list[float]:
    """The feature vector of a pair from its signals and the score's penalty multiplier."""
    lift = float(signals.get("history", 0.0))
    has_history = 1.0 if lift > 0 else 0.0
    content = [float(signals.get(name, 0.0)) for name in CONTENT]
    return [
        *(v * (1.0 - has_history) for v in content),
        1.0 - min(max(penalty, 0.0), 1.0),
        has_history,
        history_feature(lift),
        *(v * has_history for v in content),
    ]


def probability(
    signals: Mapping[str, float], penalty: float = 1.0, coefficients: Sequence[float] = RANKER
) -> float:
    """Calibrated probability that the pair is a good match (0–1)."""
    z = coefficients[0] + sum(
        c * x for c, x in zip(coefficients[1:], features(signals, penalty), strict=True)
    )
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit_label(probability: float) -> FitLabel:
    """What the platform shows instead of a number: "strong", "good" or "possible"."""
    if probability >= STRONG_AT:
        return "strong"
    if probability >= GOOD_AT:
        return "good"
    return "possible"
