"""The steps every query shares: query documents, BM25 retrieval and fits, hard rules,
history, the pair signals, the score, and suggestions with their reasons.

`MatchScoring` is a mixin of `MatchIndex` (see `index.py`): the partner, opportunity and
candidate queries are all built from these steps, so a pair scores the same in each.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from silkbridge.engines.matching import ranker
from silkbridge.engines.matching.explain import Evidence, render_reasons
from silkbridge.engines.matching.model import Rules, Suggestion
from silkbridge.engines.matching.rules import (
    kind_fit,
    profile_similarity_fit,
    reciprocal,
    shared_languages,
)

_DEFAULT_RULES = Rules()


@dataclass
class _Fits:
    """Offer–need fit of every (query document, candidate document) pair."""

    queries: list[int]
    docs: np.ndarray
    lexical: np.ndarray  # queries x docs, BM25 normalised to [0, 1]
    total: np.ndarray  # the fit used for scoring (the lexical fit; tags are in its documents)
    column: dict[int, int] = field(default_factory=dict)
    terms: dict[int, set[int]] = field(default_factory=dict)  # query terms for explanations


@dataclass
class _Side:
    """The best offer–need pair on one side of a match."""

    value: float = 0.0
    query: int = -1
    doc: int = -1


class MatchScoring:
    """Query steps shared by every kind of suggestion; a mixin of `MatchIndex`.

    Relies on the index state kept by `IndexStore`: `weights`, `_lexical`, `_history`,
    `_profiles`, the organisation rows (`_org_row`, `_org_ids`, `_org_alive`, `_org_country`,
    `_org_tags`, `_org_docs`), the document rows (`_doc_dir`, `_doc_live`, `_doc_explicit`,
    `_doc_key`, `_doc_tags`), and `has_egov` and `tag_label`; `render_reasons` reads the
    index too (see `explain.py`).
    """

    def _org(self, org_id: int) -> int:
        row = self._org_row.get(org_id)
        if row is None or not self._org_alive.data[row]:
            raise KeyError(f"unknown organisation {org_id}")
        return row

    def _query_docs(self, org_row: int, direction: int) -> list[int]:
        docs = self._org_docs[org_row]
        return sorted(d for d in docs if self._doc_dir.data[d] == direction)

    def _query(self, query: int, cache: dict) -> tuple[np.ndarray, float]:
        """Distinct terms of document `query` and its BM25 scale (see `_scale`)."""
        hit = cache.get(("terms", query))
        if hit is None:
            terms = self._lexical.row_terms(query)
            hit = cache[("terms", query)] = (terms, self._lexical.upper_bound(terms))
        return hit

    @staticmethod
    def _scale(scores: np.ndarray, bound: float) -> np.ndarray:
        """BM25 to [0, 1]: the scale is the query's own IDF mass, so a document of average
        length containing every query word once scores about 1.0 in any collection. The
        square root spreads partial matches (a third of the words in common: about 0.58)."""
        if bound <= 0:
            return np.zeros_like(scores)
        return np.sqrt(np.minimum(scores / bound, 1.0))

    def _retrieved(self, query: int, cache: dict) -> tuple[np.ndarray, np.ndarray]:
        """Live documents found by BM25 retrieval for document `query` (approximate scores)."""
        hit = cache.get(("retrieved", query))
        if hit is None:
            terms, bound = self._query(query, cache)
            rows, scores = self._lexical.retrieve(terms)
            live = self._doc_live.data[rows] if len(rows) else np.zeros(0, bool)
            hit = cache[("retrieved", query)] = (rows[live], self._scale(scores[live], bound))
        return hit

    def _top_docs(
        self, query: int, cache: dict, *, direction: int | None, explicit: bool | None, n: int
    ) -> np.ndarray:
        rows, scaled = self._retrieved(query, cache)
        keep = np.ones(len(rows), dtype=bool)
        if direction is not None:
            keep &= self._doc_dir.data[rows] == direction
        if explicit is not None:
            keep &= self._doc_explicit.data[rows] == explicit
        rows, scaled = rows[keep], scaled[keep]
        if len(rows) > n:
            # The n best; on ties at the cut the lowest rows win (rows are ascending).
            cut = -np.partition(-scaled, n - 1)[n - 1]
            above = np.flatnonzero(scaled > cut)
            ties = np.flatnonzero(scaled == cut)[: n - len(above)]
            rows = rows[np.sort(np.concatenate([above, ties]))]
        return rows

    def _fits(self, queries: Sequence[int], docs: np.ndarray, cache: dict) -> _Fits:
        """BM25 fit of every query document with every candidate document.

        Tags count through the documents themselves (each tag and its labels in every language
        are words of the document); a separate tag-cosine term added nothing and was dropped.
        """
        found = [self._query(q, cache) for q in queries]
        raw = self._lexical.score_rows_many([terms for terms, _ in found], docs)
        lexical = np.zeros((len(queries), len(docs)))
        for i, (_, bound) in enumerate(found):
            lexical[i] = self._scale(raw[i], bound)
        column = {d: j for j, d in enumerate(docs.tolist())}
        return _Fits(list(queries), docs, lexical, lexical, column)

    def _best(self, fits: _Fits, queries: Iterable[int], docs: Iterable[int]) -> _Side:
        """The best pair among `queries` x `docs` (ties: lowest query row, then doc row)."""
        best = _Side()
        q_index = {q: i for i, q in enumerate(fits.queries)}
        for q in sorted(queries):
            i = q_index[q]
            for d in sorted(docs):
                value = float(fits.total[i, fits.column[d]])
                if value > best.value + 1e-12:
                    best = _Side(value, q, d)
        return best

    def _history_scores(self, a: int):
        """History scores of organisation row `a`, or None when it has no history (then
        history says nothing about its pairs, and content alone decides)."""
        if not self._history:
            return None
        org_id = self._org_ids[a]
        if not self._history.partner_count(org_id):
            return None
        return self._history.scores(org_id)

    def _history_degree(self, b: int) -> np.ndarray:
        return np.array([self._history.partner_count(self._org_ids[b])], dtype=float)

    def _history_candidates(self, a: int, n: int) -> np.ndarray:
        """Organisation rows the history speaks for most: the best-reached organisations and
        the most collaborative ones (the history model's two sources of evidence)."""
        history = self._history_scores(a)
        if history is None:
            return np.zeros(0, np.int64)
        ids = np.union1d(history.best(n), self._history.popular(n // 4))
        rows = [self._org_row[o] for o in ids.tolist() if o in self._org_row]
        return np.asarray(rows, dtype=np.int64)

    def _profile_similarity(self, a: int, b: int, idf2: list[float], memo: dict) -> float:
        """Cosine of the IDF-weighted tag sets; `memo` (one per query) keeps A's side."""
        side_a = memo.get("tags_a")
        if side_a is None:
            tags_a = self._org_tags[a]
            side_a = memo["tags_a"] = (
                tags_a.keys(),
                math.sqrt(sum(idf2[t] for t in tags_a)),
            )
        keys_a, norm_a = side_a
        tags_b = self._org_tags[b]
        common = keys_a & tags_b.keys()
        if not common:
            return 0.0
        num = sum(idf2[t] for t in common)
        den = norm_a * math.sqrt(sum(idf2[t] for t in tags_b))
        return num / den if den else 0.0

    def _allowed_orgs(self, viewer: int, candidates: np.ndarray, rules: Rules) -> np.ndarray:
        """Candidate organisation rows that pass every hard rule for `viewer`."""
        viewer_id = self._org_ids[viewer]
        keep = self._org_alive.data[candidates] & (candidates != viewer)
        if rules.cross_border:
            keep &= self._org_country.data[candidates] != self._org_country.data[viewer]
        candidates = candidates[keep]
        partners = self._history.partners(viewer_id) if rules.exclude_existing_partners else {}
        if not (partners or rules.blocked or rules.exclusions or rules.dismissed):
            return candidates.astype(np.int64)
        out = []
        for row in candidates.tolist():
            other = self._org_ids[row]
            if (
                other in rules.blocked
                or (viewer_id, other) in rules.exclusions
                or (other, viewer_id) in rules.exclusions
                or (viewer_id, other) in rules.dismissed
                or other in partners
            ):
                continue
            out.append(row)
        return np.asarray(out, dtype=np.int64)

    def _context(
        self,
        a: int,
        b: int,
        idf2: list[float],
        kinds_for_b: Iterable[str],
        memo: dict | None = None,
    ) -> dict:
        """Signals of a pair of organisations that do not depend on offers and needs.

        `memo` (one per query, for a fixed `a` and `kinds_for_b`) keeps the kind and language
        signals, which depend only on B's kind, e-government tags and languages.
        """
        w = self.weights
        pa, pb = self._profiles[self._org_ids[a]], self._profiles[self._org_ids[b]]
        signals: dict[str, float] = {}
        if memo is None:
            memo = {}
        similarity = self._profile_similarity(a, b, idf2, memo)
        if similarity > 0:
            signals["profile_similarity"] = similarity * profile_similarity_fit(pa.kind, pb.kind)
        kinds = memo.get("kinds")
        if kinds is None:
            kinds = memo["kinds"] = sorted(set(kinds_for_b))
        if kinds:
            egov = self.has_egov(b)
            kind = memo.get(("kind", pb.kind, egov))
            if kind is None:
                kind = memo[("kind", pb.kind, egov)] = max(
                    kind_fit(k, pb.kind, egov) for k in kinds
                )
            signals["kind"] = kind
        langs = memo.get(("languages", pb.languages))
        if langs is None:
            langs = memo[("languages", pb.languages)] = shared_languages(pa.languages, pb.languages)
        shared, disjoint = list(langs[0]), langs[1]
        if shared:
            signals["language"] = 1.0
        history = self._history_scores(a)
        if history is not None:
            lift = history.of(self._org_ids[b])
            if lift <= 0:  # not reachable: the candidate's own partner count still speaks
                lift = float(self._history.lift(*np.zeros((2, 1)), self._history_degree(b))[0])
            if lift > 0:
                signals["history"] = lift
        penalty = w.language_penalty if disjoint else 1.0
        return {"signals": signals, "penalty": penalty, "languages": shared}

    def _score(
        self, side_one: float, side_two: float, context: dict, penalty: float, item_fit: float = 0
    ) -> tuple:
        w = self.weights
        s = dict(context["signals"])
        if item_fit > 0:
            s["item_fit"] = item_fit
        s["need_fit"], s["offer_fit"] = side_one, side_two
        s["reciprocal"] = reciprocal(side_one, side_two, w.reciprocal_bonus)
        content = (
            s["reciprocal"] > 0
            or s.get("profile_similarity", 0) > 0
            or s.get("similar_work", 0) > 0
        )
        if not content and not s.get("history"):
            return 0.0, s
        return round(self._unpenalised(s) * penalty, 9), s

    def _unpenalised(self, s: dict) -> float:
        """The hand-weighted score before penalties (today's ranking)."""
        w = self.weights
        return (
            w.reciprocal * s.get("reciprocal", 0.0)
            + w.profile_similarity * s.get("profile_similarity", 0.0)
            + w.kind * s.get("kind", 0.0)
            + w.language * s.get("language", 0.0)
            + w.history * s.get("history", 0.0)
            + w.similar_work * s.get("similar_work", 0.0)
            + w.item_fit * s.get("item_fit", 0.0)
        )

    def probability(self, score: float, signals: dict) -> float:
        """Calibrated probability of a scored pair (`ranker.py`); the penalty multiplier is
        read back from the score, so the ranker sees language and partner-kind penalties."""
        raw = self._unpenalised(signals)
        penalty = score / raw if raw > 0 else 1.0
        return round(ranker.probability(signals, penalty, self.weights.ranker), 6)

    def _evidence(self, fits: _Fits, side: _Side, theirs: bool) -> Evidence | None:
        if side.value <= 0:
            return None
        i, j = fits.queries.index(side.query), fits.column[side.doc]
        need, offer = (side.query, side.doc) if theirs else (side.doc, side.query)
        if fits.lexical[i, j] > 0:
            tokens = self._lexical.tokens
            terms_q = fits.terms.get(side.query)
            if terms_q is None:  # the same few query documents explain every suggestion
                own = tokens.get(side.query)
                terms_q = fits.terms[side.query] = set(own.tolist() if own is not None else ())
            # The distinct words of both documents, as a set meet (cheaper than `row_terms`
            # and `intersect1d` for the few dozen words of a document; the same terms).
            found = tokens.get(side.doc)
            common = np.asarray(
                sorted(terms_q.intersection(found.tolist())) if found is not None else [],
                dtype=np.int64,
            )
            shown = (w for w in self._lexical.words(common) if not w.startswith(("#", "~")))
            words = sorted(shown)[:8]
        else:
            words = []
        tags = sorted(self.tag_label(t) for t in self._doc_tags[need] & self._doc_tags[offer])
        return Evidence(
            side="theirs" if theirs else "yours",
            offer=self._doc_key[offer],
            need=self._doc_key[need],
            terms=words,
            tags=tags,
            value=side.value,
        )

    def _suggest(self, target_id: int, score: float, signals: dict, evidence: dict) -> Suggestion:
        rounded = {k: round(v, 6) for k, v in sorted(signals.items())}
        evidence = dict(evidence)
        kinds_of = evidence.pop("kinds_of", None)
        if kinds_of is not None:
            evidence["kinds"] = sorted(set().union(*kinds_of))
        for side in ("theirs", "yours"):  # built only if a reason describes it
            evidence[side] = partial(self._evidence, *evidence[side])
        reasons = render_reasons(self, signals, evidence)
        return Suggestion(
            target_id=target_id,
            score=score,
            signals=rounded,
            reasons=reasons,
            probability=self.probability(score, signals),
        )


def _check_k(k: int) -> None:
    if not isinstance(k, int) or isinstance(k, bool) or k < 0:
        raise ValueError(f"k must be a non-negative int, got {k!r}")
