"""Collaboration history as a sparse matrix: who is likely to work with whom next.

Past collaborations form a symmetric matrix W (organisation × organisation), each entry the
sum of the collaborations' recency weights (halved every `half_life_years`). For an
organisation A, sparse vector-matrix products give, for every organisation C reachable in two
or three steps:

- two steps (partners of partners, Adamic–Adar weighted): Σ_p W[A,p] · W[p,C] / log(1 + deg p);
- three steps (A – P1 – P2 – C): the same product once more, from the strongest two-step
  organisations only, so one query touches a bounded number of matrix entries however large
  the graph and however many partners a hub has.

No country is assumed: a venture with several parties of one country adds edges inside that
country, so partners of partners can be in either country. The inputs of one logistic model
(`history_strength`, `HISTORY_INPUTS`): the two path scores, the same two-step paths counted
without recency (classic Adamic–Adar, which weighs a long-standing common partner as much as a
recent one), the candidate's popularity (its number of distinct partners) and, when the graph
is given the organisations' topics (their sectors), how alike the two organisations' topics
are. Its coefficients were fitted on the development half of real collaboration data, against
the candidates the paths rank highest (`benchmarks/matching_history.py`); they are kept in
`Weights.history_model` and saved with the index.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from silkbridge.engines.matching.model import HISTORY_MODEL, HistoryEdge

#: Path scores are small numbers (products of weights below 1): scaled before the logarithm.
PATH_SCALE = 100.0
#: Most matrix entries one three-step expansion may read (bounds time and memory per query).
THREE_STEP_BUDGET = 50_000
#: Queries whose scores are kept (a page of suggestions asks for the same organisation's
#: scores once per candidate and once more for its explanations).
_CACHE_SIZE = 64


#: Inputs of the history model, in the order of its coefficients after the intercept.
HISTORY_INPUTS = ("two_step", "three_step", "popularity", "adamic_adar", "topic")


def _edge_key(e: HistoryEdge) -> tuple:
    return (e.when, min(e.a, e.b), max(e.a, e.b), e.kind, e.ref)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, numerically safe for large |x|."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def history_model(model: Sequence[float]) -> tuple[float, ...]:
    """The model as (intercept, one coefficient per `HISTORY_INPUTS`). A model saved before the
    Adamic–Adar and topic inputs, (intercept, slope, three-step share, popularity share), is
    read as the same model with those two inputs at 0."""
    coefficients = tuple(float(c) for c in model)
    if len(coefficients) == 4:
        intercept, slope, three, popularity = coefficients
        return (intercept, slope, slope * three, slope * popularity, 0.0, 0.0)
    if len(coefficients) != 1 + len(HISTORY_INPUTS):
        raise ValueError(f"history model needs {1 + len(HISTORY_INPUTS)} coefficients")
    return coefficients


def history_inputs(
    two: np.ndarray,
    three: np.ndarray,
    degree: np.ndarray,
    adamic_adar: np.ndarray | None = None,
    topic: np.ndarray | None = None,
) -> np.ndarray:
    """The model's inputs as columns (`HISTORY_INPUTS`): path scores and counts on a log
    scale, the topic similarity (0-1) as it is."""
    two = np.asarray(two, dtype=float)
    zeros = np.zeros(len(two))
    return np.column_stack(
        [
            np.log1p(PATH_SCALE * two),
            np.log1p(PATH_SCALE * np.asarray(three, dtype=float)),
            np.log1p(np.asarray(degree, dtype=float)),
            np.log1p(zeros if adamic_adar is None else np.asarray(adamic_adar, dtype=float)),
            zeros if topic is None else np.asarray(topic, dtype=float),
        ]
    )


def history_strength(
    two: np.ndarray,
    three: np.ndarray,
    degree: np.ndarray,
    model: Sequence[float],
    adamic_adar: np.ndarray | None = None,
    topic: np.ndarray | None = None,
) -> np.ndarray:
    """How strongly the history speaks for each pair: the model's linear score without its
    intercept (the log-odds above a pair with no evidence at all)."""
    coefficients = np.asarray(history_model(model)[1:])
    return history_inputs(two, three, degree, adamic_adar, topic) @ coefficients


@dataclass(frozen=True, slots=True)
class HistoryScores:
    """History evidence of one organisation towards every organisation it can reach."""

    ids: np.ndarray  # candidate organisation ids, ascending (not itself, not its partners)
    two: np.ndarray  # two-step Adamic-Adar score
    three: np.ndarray  # three-step path score
    degree: np.ndarray  # the candidate's number of distinct past partners
    lift: np.ndarray  # calibrated probability minus that of a pair with no evidence
    adamic_adar: np.ndarray | None = None  # two-step paths without recency (classic AA)
    topic: np.ndarray | None = None  # cosine of the two organisations' topics

    def of(self, org: int) -> float:
        """The lift of `org` (0.0 when unreachable)."""
        i = int(np.searchsorted(self.ids, org))
        if i < len(self.ids) and self.ids[i] == org:
            return float(self.lift[i])
        return 0.0

    def best(self, n: int) -> np.ndarray:
        """Ids of the `n` reachable organisations with the highest lift (ties: lowest id)."""
        if len(self.ids) <= n:
            return self.ids[self.lift > 0]
        order = np.lexsort((self.ids, -self.lift))[:n]
        keep = order[self.lift[order] > 0]
        return np.sort(self.ids[keep])


class HistoryGraph:
    """Undirected weighted graph of past collaborations; empty means the signal is off."""

    def __init__(
        self,
        edges: Iterable[HistoryEdge] = (),
        half_life_years: float = 3.0,
        model: Sequence[float] = HISTORY_MODEL,
        topics: Mapping[int, Iterable[str]] | None = None,
    ) -> None:
        self.half_life_years = half_life_years
        self.model = history_model(model)
        # Organisation id -> its topics (sectors); without them the topic input is 0.
        self.topics = {int(k): tuple(v) for k, v in (topics or {}).items()}
        self.edges: list[HistoryEdge] = sorted(edges, key=_edge_key)
        self._build()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self._cache: OrderedDict[int, HistoryScores] = OrderedDict()
        self._lock = threading.Lock()
        pairs = [(e.a, e.b, e.when.toordinal()) for e in self.edges if e.a != e.b]
        if not pairs:
            self.ids = np.zeros(0, np.int64)
            self.matrix = sp.csr_matrix((0, 0))
            self.degree = np.zeros(0, np.int64)
            self._popular = np.zeros(0, np.int64)
            self._topics = sp.csr_matrix((0, 0))
            return
        arr = np.asarray(pairs, dtype=np.int64)
        self.ids, inverse = np.unique(arr[:, :2], return_inverse=True)
        inverse = inverse.reshape(-1, 2)
        age_years = (arr[:, 2].max() - arr[:, 2]) / 365.25
        weight = 0.5 ** (age_years / self.half_life_years)
        n = len(self.ids)
        rows = np.concatenate([inverse[:, 0], inverse[:, 1]])
        cols = np.concatenate([inverse[:, 1], inverse[:, 0]])
        data = np.concatenate([weight, weight])
        matrix = sp.csr_matrix((data, (rows, cols)), shape=(n, n))  # duplicates are summed
        matrix.sum_duplicates()
        matrix.sort_indices()
        self.matrix = matrix
        self.degree = np.diff(matrix.indptr).astype(np.int64)
        # Adamic-Adar damping of a middle organisation: 1 / log(1 + its number of partners).
        self._damp = 1.0 / np.log1p(np.maximum(self.degree, 1))
        # Classic Adamic-Adar: every past partnership counts 1, damped by 1 / log(partners).
        self._damp_binary = 1.0 / np.log(np.maximum(self.degree, 2))
        self._popular = np.lexsort((self.ids, -self.degree))
        self._topics = self._topic_matrix()

    def _topic_matrix(self) -> sp.csr_matrix:
        """Organisations × topics, each row of unit length (a dot product is a cosine). A topic
        named several times counts that many times (the sectors of several projects)."""
        names: dict[str, int] = {}
        rows, cols = [], []
        for row, org in enumerate(self.ids.tolist()):
            for topic in self.topics.get(org, ()):
                rows.append(row)
                cols.append(names.setdefault(topic, len(names)))
        counts = np.ones(len(rows))
        shape = (len(self.ids), max(len(names), 1))
        matrix = sp.csr_matrix((counts, (rows, cols)), shape=shape)  # repeats are summed
        length = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        return (sp.diags(1.0 / np.maximum(length, 1e-12)) @ matrix).tocsr()

    def add(self, edges: Iterable[HistoryEdge]) -> None:
        """Add edges (weights depend on the newest edge, so the graph is recomputed); an edge
        with the `ref` of one already present replaces it (a venture's date may change)."""
        new = list(edges)
        refs = {e.ref for e in new if e.ref}
        kept = [e for e in self.edges if not (e.ref and e.ref in refs)]
        self.edges = sorted([*kept, *new], key=_edge_key)
        self._build()

    def remove(self, refs: Iterable[str]) -> None:
        """Forget the edges of these source records (a venture dropped, a meeting cancelled)."""
        gone = set(refs)
        if any(e.ref in gone for e in self.edges):
            self.edges = [e for e in self.edges if e.ref not in gone]
            self._build()

    def changed(self, edges: Iterable[HistoryEdge], gone: Iterable[str]) -> HistoryGraph:
        """A new graph with the `gone` refs forgotten and `edges` added (as `remove` then
        `add`), built while this one goes on answering."""
        new = list(edges)
        refs = set(gone) | {e.ref for e in new if e.ref}
        kept = [e for e in self.edges if not (e.ref and e.ref in refs)]
        return HistoryGraph([*kept, *new], self.half_life_years, self.model, self.topics)

    def __bool__(self) -> bool:
        return len(self.ids) > 0

    # -- reading -------------------------------------------------------------------------------

    def _pos(self, org: int) -> int | None:
        i = int(np.searchsorted(self.ids, org))
        return i if i < len(self.ids) and self.ids[i] == org else None

    def _row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.matrix.indptr[i], self.matrix.indptr[i + 1]
        return self.matrix.indices[start:end], self.matrix.data[start:end]

    def partners(self, org: int) -> dict[int, float]:
        """Direct past partners of `org` with their recency weights."""
        i = self._pos(org)
        if i is None:
            return {}
        cols, data = self._row(i)
        return dict(zip(self.ids[cols].tolist(), data.tolist(), strict=True))

    def partner_count(self, org: int) -> int:
        """Number of distinct past partners of `org`."""
        i = self._pos(org)
        return 0 if i is None else int(self.degree[i])

    def popular(self, n: int) -> np.ndarray:
        """Ids of the `n` organisations with the most distinct partners (ties: lowest id)."""
        return self.ids[self._popular[:n]]

    def _spread(self, nodes: np.ndarray, values: np.ndarray, classic: bool = False):
        """Σ_p values[p] · damp[p] · W[p, :] over `nodes`, as a dense vector: one step along
        the graph, damped at the middle organisations. Reads exactly the rows of `nodes`.
        `classic`: also (from the same reads) Σ_p 1 / log(partners of p) · [W[p, :] > 0],
        classic Adamic-Adar, returned second."""
        indptr, indices = self.matrix.indptr, self.matrix.indices
        starts = indptr[nodes]
        lengths = indptr[nodes + 1] - starts
        total = int(lengths.sum())
        n = len(self.ids)
        if not total:
            return (np.zeros(n), np.zeros(n)) if classic else np.zeros(n)
        shift = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        positions = shift + np.arange(total)
        targets = indices[positions]
        weights = self.matrix.data[positions] * np.repeat(values * self._damp[nodes], lengths)
        spread = np.bincount(targets, weights=weights, minlength=n)
        if not classic:
            return spread
        damp = np.repeat(self._damp_binary[nodes], lengths)
        return spread, np.bincount(targets, weights=damp, minlength=n)

    def scores(self, org: int) -> HistoryScores:
        """Two- and three-step scores and the calibrated lift of every organisation `org`
        can reach, itself and its direct partners left out."""
        with self._lock:
            hit = self._cache.get(org)
            if hit is not None:
                self._cache.move_to_end(org)
                return hit
        result = self._compute(org)
        with self._lock:
            self._cache[org] = result
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def _compute(self, org: int) -> HistoryScores:
        i = self._pos(org)
        if i is None:
            empty = np.zeros(0)
            return HistoryScores(np.zeros(0, np.int64), empty, empty, empty, empty)
        cols, data = self._row(i)
        two, classic = self._spread(cols, data, classic=True)
        two[i] = 0.0
        # Three steps from the strongest two-step organisations, within the entry budget.
        reach = np.flatnonzero(two)
        order = reach[np.lexsort((reach, -two[reach]))]
        cost = np.cumsum(self.degree[order])
        middle = order[: max(1, int(np.searchsorted(cost, THREE_STEP_BUDGET)))]
        three = self._spread(middle, two[middle])
        two[cols] = 0.0
        three[i] = 0.0
        three[cols] = 0.0
        found = np.flatnonzero((two > 0) | (three > 0))
        two_v, three_v, degree = two[found], three[found], self.degree[found]
        aa = classic[found]
        topic = None
        if self.topics:  # one sparse product over the topic matrix (a few entries a row)
            mine = self._topics[i].toarray().ravel()
            topic = (self._topics @ mine)[found]
        return HistoryScores(
            self.ids[found],
            two_v,
            three_v,
            degree,
            self.lift(two_v, three_v, degree, aa, topic),
            aa,
            topic,
        )

    def lift(
        self,
        two: np.ndarray,
        three: np.ndarray,
        degree: np.ndarray,
        adamic_adar: np.ndarray | None = None,
        topic: np.ndarray | None = None,
    ) -> np.ndarray:
        """Calibrated probability of a new collaboration minus that of a pair with no
        evidence at all (no path, no partners, nothing in common): how much the history
        speaks for the pair. Never below 0, so it only ever adds to a pair's score."""
        intercept = self.model[0]
        strength = history_strength(two, three, degree, self.model, adamic_adar, topic)
        base = float(sigmoid(intercept))
        return np.maximum(sigmoid(intercept + strength) - base, 0.0)

    def paths(self, org: int, other: int, limit: int = 3) -> tuple[list[list[int]], int]:
        """The `limit` strongest paths from `org` to `other` (the organisations in between,
        one or two), strongest first (ties: lowest ids), and how many paths there are."""
        i, j = self._pos(org), self._pos(other)
        if i is None or j is None:
            return [], 0
        cols_a, w_a = self._row(i)
        cols_b, w_b = self._row(j)
        # Two steps: the partners both have.
        common = np.intersect1d(cols_a, cols_b, assume_unique=True)
        common = common[(common != i) & (common != j)]
        strength = [
            w_a[np.searchsorted(cols_a, common)]
            * self._damp[common]
            * w_b[np.searchsorted(cols_b, common)]
        ]
        middles = [np.column_stack([common, np.full(len(common), -1)])]
        # Three steps: org - p1 - p2 - other; read the rows of the side with fewer entries.
        left, right = cols_a[cols_a != j], cols_b[cols_b != i]
        flip = self.degree[right].sum() < self.degree[left].sum()
        read, other_side = (right, left) if flip else (left, right)
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        lengths = indptr[read + 1] - indptr[read]
        if int(lengths.sum()):
            shift = np.repeat(
                indptr[read] - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths
            )
            positions = shift + np.arange(int(lengths.sum()))
            source, target, w = np.repeat(read, lengths), indices[positions], data[positions]
            inside = np.zeros(len(self.ids), dtype=bool)
            inside[other_side] = True
            keep = inside[target] & (target != source)
            source, target, w = source[keep], target[keep], w[keep]
            p1, p2 = (target, source) if flip else (source, target)
            strength.append(
                w_a[np.searchsorted(cols_a, p1)]
                * self._damp[p1]
                * w
                * self._damp[p2]
                * w_b[np.searchsorted(cols_b, p2)]
            )
            middles.append(np.column_stack([p1, p2]))
        values = np.concatenate(strength)
        pairs = np.concatenate(middles)
        count = len(values)
        if not count:
            return [], 0
        # Strongest first; on ties the lowest ids (row order follows id order).
        order = np.lexsort((pairs[:, 1], pairs[:, 0], -values))[:limit]
        best = [[int(self.ids[p]) for p in pairs[k] if p >= 0] for k in order.tolist()]
        return best, count


def fit_logistic(
    features: np.ndarray,
    labels: np.ndarray,
    sample_weight: np.ndarray | None = None,
    l2: float = 1e-3,
    steps: int = 50,
) -> tuple[float, ...]:
    """(intercept, coefficients…) of an L2-regularised, weighted logistic regression, by
    Newton steps: the history model has three inputs, so no library is needed to fit it.
    Weights let sampled negatives stand for the ones left out."""
    x = np.column_stack([np.ones(len(features)), np.asarray(features, dtype=float)])
    y = np.asarray(labels, dtype=float)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    beta = np.zeros(x.shape[1])
    penalty = l2 * float(w.sum()) * np.eye(x.shape[1]) / max(len(y), 1)
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = sigmoid(x @ beta)
        gradient = x.T @ (w * (p - y)) + penalty @ beta
        hessian = (x * (w * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(beta)), gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return tuple(float(b) for b in beta)
