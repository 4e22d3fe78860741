"""Queries: partners, opportunities, candidates and delegations, with reasons.

Each query runs in two stages. Candidate generation asks BM25 (whose documents include the
taxonomy labels in every language, so it also finds tag overlap) for the best few hundred
documents per query text, and the collaboration graph for partners of partners. Re-ranking then
computes every signal exactly for those candidates (see `docs/matching.md` for the formula).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain

import numpy as np

from silkbridge.engines.matching import batch, ranker, rerank
from silkbridge.engines.matching.explain import Evidence, render_reasons
from silkbridge.engines.matching.model import DelegationResult, Rules, Suggestion
from silkbridge.engines.matching.rules import (
    kind_fit,
    profile_similarity_fit,
    reciprocal,
    shared_languages,
)
from silkbridge.engines.matching.store import NEED, OFFER, IndexStore

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


class _PartnerTable:
    """The candidates of one partner query and their signals, one array entry per candidate.

    `MatchIndex._partner_table` fills it; `entry` gives one candidate in the form the
    per-candidate loop gave (score, target id, signals, evidence), with the signals in the
    same order and the same floating-point values, so that only the top k pay for dicts and
    for naming the best offer–need pairs.
    """

    theirs: np.ndarray
    yours: np.ndarray
    similarity: np.ndarray
    has_similarity: np.ndarray
    kind: np.ndarray
    has_kind: np.ndarray
    language: np.ndarray
    penalty: np.ndarray
    similar_work: np.ndarray
    history: np.ndarray
    shared: list[list[str]]
    kinds_a: list[str]
    kinds_b: list[list[str]]

    def __init__(
        self,
        index: MatchIndex,
        a: int,
        rules: Rules,
        rows: np.ndarray,
        fits: _Fits,
        owner: np.ndarray,
        is_need: np.ndarray,
        n_needs: int,
    ) -> None:
        self.index, self.a, self.rules = index, a, rules
        self.rows = rows.tolist()
        self.ids = [index._org_ids[b] for b in self.rows]
        self.fits, self.owner, self.is_need, self.n_needs = fits, owner, is_need, n_needs

    def side(self, j: int, theirs: bool) -> _Side:
        """The best offer–need pair of candidate `j` on one side, scanned like `_best`: query
        rows, then document rows, ascending; a later pair wins only by more than `TIE`."""
        fits = self.fits
        mine = (self.owner == j) & (~self.is_need if theirs else self.is_need)
        cols = np.flatnonzero(mine)
        lo, hi = (0, self.n_needs) if theirs else (self.n_needs, len(fits.queries))
        best = _Side()
        if not len(cols) or lo == hi:
            return best
        docs = fits.docs[cols].tolist()
        for i, values in enumerate(fits.total[lo:hi][:, cols].tolist(), start=lo):
            for d, value in zip(docs, values, strict=True):
                if value > best.value + rerank.TIE:
                    best = _Side(value, fits.queries[i], d)
        return best

    def score_all(self) -> None:
        """Scores as `MatchIndex._score` computes them: the same weighted sum in the same
        order, the penalty, and Python's rounding to nine decimals."""
        w = self.index.weights
        self.reciprocal = rerank.reciprocal(self.theirs, self.yours, w.reciprocal_bonus)
        content = (self.reciprocal > 0) | (self.similarity > 0) | (self.similar_work > 0)
        total = w.reciprocal * self.reciprocal
        total = total + w.profile_similarity * self.similarity
        total = total + w.kind * self.kind
        total = total + w.language * self.language
        total = total + w.history * self.history
        total = total + w.similar_work * self.similar_work
        total = total + w.item_fit * 0.0
        scored = content | (self.history > 0)
        raw = (total * self.penalty).tolist()
        self.scores = [round(x, 9) if s else 0.0 for x, s in zip(raw, scored.tolist(), strict=True)]
        score_array = np.asarray(self.scores)
        self.kept = np.flatnonzero(score_array > 0)
        self._score_array = score_array

    def top(self, k: int) -> list[int]:
        """Positions of the `k` best kept candidates, best first (ties: lowest id)."""
        kept = self.kept
        if not len(kept) or k == 0:
            return []
        ids = np.asarray(self.ids, dtype=np.int64)[kept]
        order = np.lexsort((ids, -self._score_array[kept]))[:k]
        return kept[order].tolist()

    def entry(self, j: int) -> tuple[float, int, dict, dict]:
        """(score, target id, signals, evidence) of candidate `j`."""
        signals: dict[str, float] = {}
        if self.has_similarity[j]:
            signals["profile_similarity"] = float(self.similarity[j])
        if self.kinds_a:
            signals["kind"] = float(self.kind[j])
        if self.language[j]:
            signals["language"] = 1.0
        if self.history[j] > 0:
            signals["history"] = float(self.history[j])
        if self.similar_work[j] > 0:
            signals["similar_work"] = float(self.similar_work[j])
        if not self.kinds_a and self.has_kind[j]:
            signals["kind"] = float(self.kind[j])
        signals["need_fit"] = float(self.theirs[j])
        signals["offer_fit"] = float(self.yours[j])
        signals["reciprocal"] = float(self.reciprocal[j])
        theirs, yours = self.side(j, theirs=True), self.side(j, theirs=False)
        evidence = {
            "theirs": (self.fits, theirs, True),
            "yours": (self.fits, yours, False),
            "a": self.a,
            "b": self.rows[j],
            "kinds_of": (self.kinds_a, self.kinds_b[j]),  # made "kinds" in `_suggest`
            "languages": self.shared[j],
        }
        return self.scores[j], self.ids[j], signals, evidence


class MatchIndex(IndexStore):
    """The matching index: build or load it, keep it current, and ask it for suggestions."""

    #: Partner retrieval for the current batch block (see `batch.prefetch_partners`).
    _partner_prefetch: dict[int, tuple[tuple, tuple]] | None = None
    #: Facts of every organisation while a batch runs (see `batch.Targets`).
    _org_facts: rerank.CandidateFacts | None = None
    #: Documents of every organisation row as CSR (indptr, rows) while a batch runs.
    _org_doc_table: tuple[np.ndarray, np.ndarray] | None = None

    # -- building blocks ---------------------------------------------------------------------

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

    # -- partners ------------------------------------------------------------------------------

    def _best_owners(
        self, found: list[tuple[int, np.ndarray]], cache: dict, n: int, allowed
    ) -> np.ndarray:
        """The `n` admissible organisations owning the best documents over all query documents."""
        if not found:
            return np.zeros(0, np.int64)
        docs, scores = [], []
        for q, rows in found:
            hit_rows, scaled = self._retrieved(q, cache)
            docs.append(rows)
            scores.append(scaled[np.searchsorted(hit_rows, rows)])
        all_docs, all_scores = np.concatenate(docs), np.concatenate(scores)
        if not len(all_docs):
            return np.zeros(0, np.int64)
        owners = self._doc_owner.data[all_docs]
        best = np.zeros(int(owners.max()) + 1)
        np.maximum.at(best, owners, all_scores)
        unique = allowed(np.unique(owners))
        if len(unique) > n:
            order = np.lexsort((unique, -best[unique]))[:n]
            unique = np.sort(unique[order])
        return unique

    def _partner_candidates(self, a: int, rules: Rules, cache: dict) -> np.ndarray:
        n = self.weights.rerank_candidates
        owners: list[np.ndarray] = []
        for q in self._query_docs(a, NEED):
            owners.append((q, self._top_docs(q, cache, direction=OFFER, explicit=None, n=n)))
        for q in self._query_docs(a, OFFER):
            owners.append((q, self._top_docs(q, cache, direction=NEED, explicit=None, n=n)))
        implicit = self._implicit_row.get(self._org_ids[a])
        if implicit is not None:
            found = self._top_docs(implicit, cache, direction=OFFER, explicit=False, n=n)
            owners.append((implicit, found))

        def allowed(rows: np.ndarray) -> np.ndarray:
            return self._allowed_orgs(a, rows.astype(np.int64), rules)

        rows = self._best_owners(owners, cache, n, allowed)
        extra = self._history_candidates(a, n)
        if len(extra):
            rows = np.union1d(rows, allowed(extra))
        return rows.astype(np.int64)

    def _partner_table(self, org_id: int, rules: Rules) -> _PartnerTable | None:
        """Every admissible candidate of a partner query with its score, computed over the
        whole candidate set in arrays (`rerank.py`); None when there is no candidate."""
        a = self._org(org_id)
        cache: dict = {}
        if self._partner_prefetch is not None:  # the batch path fetched retrieval in a block
            for d in self._org_docs[a]:
                hit = self._partner_prefetch.get(d)
                if hit is not None:
                    cache[("retrieved", d)], cache[("terms", d)] = hit
        candidates = self._partner_candidates(a, rules, cache)
        if not len(candidates):
            return None
        needs_a, offers_a = self._query_docs(a, NEED), self._query_docs(a, OFFER)
        rows = candidates.tolist()
        if self._org_doc_table is not None:  # the batch's table of every organisation's docs
            indptr, flat = self._org_doc_table
            starts = indptr[candidates]
            docs = flat[rerank._ranges(starts, indptr[candidates + 1] - starts)]
        else:
            org_docs = self._org_docs
            docs = np.fromiter(chain.from_iterable(map(org_docs.__getitem__, rows)), np.int64)
        docs.sort()
        fits = self._fits(needs_a + offers_a, docs, cache)
        owner = np.searchsorted(candidates, self._doc_owner.data[docs])
        is_need = self._doc_dir.data[docs] == NEED
        n_needs, n = len(needs_a), len(rows)
        # "theirs": A's needs against B's offers; "yours": A's offers against B's needs.
        theirs, odd_t = rerank.best_per_owner(fits.total[:n_needs][:, ~is_need], owner[~is_need], n)
        yours, odd_y = rerank.best_per_owner(fits.total[n_needs:][:, is_need], owner[is_need], n)
        table = _PartnerTable(self, a, rules, candidates, fits, owner, is_need, n_needs)
        for j in np.flatnonzero(odd_t).tolist():
            theirs[j] = table.side(j, theirs=True).value
        for j in np.flatnonzero(odd_y).tolist():
            yours[j] = table.side(j, theirs=False).value
        table.theirs, table.yours = theirs, yours
        self._partner_context(table)
        table.score_all()
        return table

    def _candidate_facts(self, candidates: np.ndarray) -> rerank.CandidateFacts:
        """Facts of the candidates: taken from the batch's table of every organisation, or
        read for these candidates alone (a single query)."""
        if self._org_facts is not None:
            return self._org_facts.taken(candidates)
        return rerank.CandidateFacts.read(self, candidates.tolist())

    def _partner_context(self, t: _PartnerTable) -> None:
        """The signals that do not depend on offers and needs, for every candidate: the
        per-pair rules of `_context`, each applied once per distinct kind, language set or
        set of item kinds among the candidates."""
        a, org_id = t.a, self._org_ids[t.a]
        pa = self._profiles[org_id]
        n = len(t.rows)
        facts = self._candidate_facts(np.asarray(t.rows, dtype=np.int64))
        # Profile similarity is computed only where its fit is not 0; elsewhere it is 0.0,
        # but still a signal whenever the tag sets meet (its value is then above 0).
        t.has_similarity = facts.meets(self._org_tags[a].keys(), len(self._tag_names))
        t.similarity = np.zeros(n)
        fit = facts.kind.apply(
            lambda kind: profile_similarity_fit(pa.kind, kind), key=("similarity", pa.kind)
        )
        wanted = np.flatnonzero(t.has_similarity & (fit != 0))
        if len(wanted):
            idf2 = (self.tag_idf() ** 2).tolist()
            memo: dict = {}
            for j in wanted.tolist():
                t.similarity[j] = self._profile_similarity(a, t.rows[j], idf2, memo) * fit[j]
        kinds_a = sorted(set(self._org_item_kinds[a]))
        a_egov = self.has_egov(a)
        kind = np.zeros(n)
        if kinds_a:
            kind = facts.kind.apply(
                lambda k: max(kind_fit(x, k, False) for x in kinds_a), key=("kind", *kinds_a)
            )
            if "egov" in kinds_a:  # B's e-government tags matter for a company only
                company = facts.kind.apply(lambda k: k == "company", bool, key="company")
                listed = facts.egov & company
                with_egov = max(kind_fit(x, "company", True) for x in kinds_a)
                kind[listed] = with_egov
        has_back = facts.item_kinds.apply(bool, bool, key="any")
        back = facts.item_kinds.apply(
            lambda kinds: max((kind_fit(x, pa.kind, a_egov) for x in kinds), default=0.0),
            key=("back", pa.kind, a_egov),
        )
        # B's own items asking for A's kind count too (`max` keeps the larger).
        t.kind = np.where(has_back, np.maximum(kind, back), kind)
        t.has_kind = has_back | bool(kinds_a)
        langs = [shared_languages(pa.languages, v) for v in facts.languages.values]
        codes = facts.languages.codes
        t.shared = [langs[c][0] for c in codes.tolist()]
        t.language = np.asarray([1.0 if shared else 0.0 for shared, _ in langs])[codes]
        disjoint = np.asarray([d for _, d in langs], dtype=bool)[codes]
        t.penalty = np.where(disjoint, self.weights.language_penalty, 1.0)
        t.kinds_a = kinds_a
        t.kinds_b = [list(facts.item_kinds.values[c]) for c in facts.item_kinds.codes.tolist()]
        implicit = facts.implicit
        # Profile text against profile text (the implicit offers): what both work on.
        t.similar_work = np.zeros(n)
        own = self._implicit_row.get(org_id)
        if own in t.fits.queries:
            found = np.flatnonzero(implicit >= 0)
            col = np.searchsorted(t.fits.docs, implicit[found])
            col = np.minimum(col, len(t.fits.docs) - 1)
            present = t.fits.docs[col] == implicit[found]
            values = t.fits.total[t.fits.queries.index(own)]
            t.similar_work[found[present]] = values[col[present]]
        t.history = np.zeros(n)
        history = self._history_scores(a)
        if history is not None:
            ids = np.asarray(t.ids, dtype=np.int64)
            at = np.minimum(np.searchsorted(history.ids, ids), max(len(history.ids) - 1, 0))
            reached = history.ids[at] == ids if len(history.ids) else np.zeros(n, dtype=bool)
            lift = np.where(reached, history.lift[at] if len(history.ids) else 0.0, 0.0)
            lifts = lift.tolist()
            # Not reachable: the candidate's own partner count still speaks (the lift of a
            # count computed once per distinct count, as `_context` computes it).
            unreached = np.flatnonzero(lift <= 0)
            graph = self._history
            at = np.minimum(np.searchsorted(graph.ids, ids[unreached]), len(graph.ids) - 1)
            known = graph.ids[at] == ids[unreached]
            degrees = np.where(known, graph.degree[at], 0).astype(np.int64).tolist()
            degree_memo: dict = {}
            for j, degree in zip(unreached.tolist(), degrees, strict=True):
                value = degree_memo.get(degree)
                if value is None:
                    value = degree_memo[degree] = float(
                        graph.lift(*np.zeros((2, 1)), np.array([degree], dtype=float))[0]
                    )
                lifts[j] = value
            t.history = np.asarray(lifts)

    def _partner_scores(self, org_id: int, rules: Rules) -> list[tuple[float, int, dict, dict]]:
        """(score, target id, signals, evidence) for every admissible candidate, unsorted."""
        table = self._partner_table(org_id, rules)
        if table is None:
            return []
        return [table.entry(j) for j in table.kept.tolist()]

    def _partner_top(self, org_id: int, rules: Rules, k: int) -> list[Suggestion]:
        table = self._partner_table(org_id, rules)
        if table is None:
            return []
        return [self._suggest(t, s, sig, ev) for s, t, sig, ev in map(table.entry, table.top(k))]

    def partners_for(self, org_id: int, k: int = 10, rules: Rules = _DEFAULT_RULES):
        """Best partner organisations for `org_id`, best first (ties: lowest id)."""
        _check_k(k)
        return self._partner_top(org_id, rules, k)

    def partners_for_all(
        self,
        k: int = 10,
        rules: Rules = _DEFAULT_RULES,
        org_ids: Iterable[int] | None = None,
        workers: int | None = None,
    ) -> Iterator[tuple[int, list[Suggestion]]]:
        """(id, `partners_for(id)`) for every organisation, or `org_ids`, computed in blocks
        across `workers` processes; see `batch.py`."""
        return batch.partners_for_all(self, k, rules, org_ids, workers)

    # -- opportunities -------------------------------------------------------------------------

    def opportunities_for(self, org_id: int, k: int = 10, rules: Rules = _DEFAULT_RULES):
        """Open offers and needs of other organisations that suit `org_id`, best first."""
        _check_k(k)
        a = self._org(org_id)
        cache: dict = {}
        n = self.weights.rerank_candidates
        needs_a, offers_a = self._query_docs(a, NEED), self._query_docs(a, OFFER)
        found = [self._top_docs(q, cache, direction=OFFER, explicit=True, n=n) for q in needs_a]
        found += [self._top_docs(q, cache, direction=NEED, explicit=True, n=n) for q in offers_a]
        targets = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
        allowed = set(
            self._allowed_orgs(a, np.unique(self._doc_owner.data[targets]), rules).tolist()
        )
        country = self._profiles[org_id].country
        kept = []
        for d in targets.tolist():
            item = self._items[self._doc_key[d][1]]
            if int(self._doc_owner.data[d]) not in allowed:
                continue
            if (org_id, item.id) in rules.dismissed:
                continue
            if item.target_country and item.target_country != country:
                continue
            kept.append(d)
        if not kept:
            return []
        owners = sorted({int(self._doc_owner.data[d]) for d in kept})
        docs = np.asarray(sorted({d for b in owners for d in self._org_docs[b]}), np.int64)
        fits = self._fits(needs_a + offers_a, docs, cache)
        idf2 = (self.tag_idf() ** 2).tolist()
        profile_a = self._profiles[org_id]
        out = []
        for d in kept:
            b = int(self._doc_owner.data[d])
            item = self._items[self._doc_key[d][1]]
            if self._doc_dir.data[d] == NEED:  # their need, answered by one of A's offers
                primary = self._best(fits, offers_a, [d])
                secondary = self._best(fits, needs_a, self._query_docs(b, OFFER))
                theirs, yours = secondary, primary
            else:  # their offer, answering one of A's needs
                primary = self._best(fits, needs_a, [d])
                secondary = self._best(fits, offers_a, self._query_docs(b, NEED))
                theirs, yours = primary, secondary
            context = self._context(a, b, idf2, [])
            if item.kind:
                # The opportunity's own type decides whether A is the right kind of partner.
                context["signals"]["kind"] = kind_fit(item.kind, profile_a.kind, self.has_egov(a))
            penalty = context["penalty"]
            if item.languages and profile_a.languages:
                shared, disjoint = shared_languages(item.languages, profile_a.languages)
                context["languages"] = shared
                penalty = self.weights.language_penalty if disjoint else 1.0
                context["signals"].pop("language", None)
                if shared:
                    context["signals"]["language"] = 1.0
            if item.partner_kinds and profile_a.kind not in item.partner_kinds:
                penalty *= self.weights.partner_kind_penalty
            score, signals = self._score(
                theirs.value, yours.value, context, penalty, item_fit=primary.value
            )
            if score <= 0 or primary.value <= 0:
                continue
            evidence = {
                "theirs": (fits, theirs, True),
                "yours": (fits, yours, False),
                "a": a,
                "b": b,
                "kinds": [item.kind] if item.kind else [],
                "languages": context["languages"],
            }
            out.append((score, item.id, signals, evidence))
        out.sort(key=lambda s: (-s[0], s[1]))
        return [self._suggest(t, s, sig, ev) for s, t, sig, ev in out[:k]]

    # -- candidates for one opportunity ----------------------------------------------------------

    def candidates_for(self, item_id: int, k: int = 10, rules: Rules = _DEFAULT_RULES):
        """Organisations that could answer or provide item `item_id`, best first.

        Hard rules apply from the point of view of the item's owner; `dismissed` pairs are
        (owner id, candidate id).
        """
        _check_k(k)
        item = self._items.get(item_id)
        if item is None:
            raise KeyError(f"unknown item {item_id}")
        d = self._item_row.get(item_id)
        if d is None:  # closed items have no candidates
            return []
        owner = int(self._doc_owner.data[d])
        cache: dict = {}
        n = self.weights.rerank_candidates
        is_need = self._doc_dir.data[d] == NEED
        top = self._top_docs(d, cache, direction=OFFER if is_need else NEED, explicit=None, n=n)
        rows = np.unique(self._doc_owner.data[top]) if len(top) else np.zeros(0, np.int64)
        extra = self._history_candidates(owner, n // 4)
        if len(extra):
            rows = np.union1d(rows, extra)
        candidates = self._allowed_orgs(owner, rows.astype(np.int64), rules).tolist()
        if item.target_country:
            candidates = [
                b
                for b in candidates
                if self._profiles[self._org_ids[b]].country == item.target_country
            ]
        if not candidates:
            return []
        back_queries = self._query_docs(owner, OFFER if is_need else NEED)
        docs = np.asarray(sorted({x for b in candidates for x in self._org_docs[b]}), np.int64)
        fits = self._fits([d, *back_queries], docs, cache)
        idf2 = (self.tag_idf() ** 2).tolist()
        out = []
        for b in candidates:
            profile_b = self._profiles[self._org_ids[b]]
            if is_need:  # the owner's need (query) against B's offers
                primary = self._best(fits, [d], self._query_docs(b, OFFER))
                secondary = self._best(fits, back_queries, self._query_docs(b, NEED))
            else:  # the owner's offer against B's needs
                primary = self._best(fits, [d], self._query_docs(b, NEED))
                secondary = self._best(fits, back_queries, self._query_docs(b, OFFER))
            if primary.value <= 0:
                continue
            context = self._context(owner, b, idf2, [item.kind] if item.kind else [])
            penalty = context["penalty"]
            if item.partner_kinds and profile_b.kind not in item.partner_kinds:
                penalty *= self.weights.partner_kind_penalty
            # From the owner's side: "theirs" is B meeting the owner's need.
            theirs, yours = (primary, secondary) if is_need else (secondary, primary)
            score, signals = self._score(
                theirs.value, yours.value, context, penalty, item_fit=primary.value
            )
            if score <= 0:
                continue
            evidence = {
                "theirs": (fits, theirs, True),
                "yours": (fits, yours, False),
                "a": owner,
                "b": b,
                "kinds": [item.kind] if item.kind else [],
                "languages": context["languages"],
            }
            out.append((score, self._org_ids[b], signals, evidence))
        out.sort(key=lambda s: (-s[0], s[1]))
        return [self._suggest(t, s, sig, ev) for s, t, sig, ev in out[:k]]

    # -- delegations ---------------------------------------------------------------------------

    def delegation(
        self, org_ids: Sequence[int], k: int = 10, rules: Rules = _DEFAULT_RULES
    ) -> DelegationResult:
        """Top-k partners for each member, and every member's score with every suggested
        organisation (the pair matrix the B2B forum turns into meeting suggestions)."""
        _check_k(k)
        members = tuple(dict.fromkeys(org_ids))
        per_member: dict[int, list[tuple[float, int]]] = {}
        suggestions: dict[int, list[Suggestion]] = {}
        with batch.prefetched(self, members):  # one BM25 retrieval product for all members
            for org_id in members:
                table = self._partner_table(org_id, rules)
                if table is None:
                    per_member[org_id], suggestions[org_id] = [], []
                    continue
                kept = table.kept.tolist()
                per_member[org_id] = [(table.scores[j], table.ids[j]) for j in kept]
                suggestions[org_id] = [
                    self._suggest(t, s, sig, ev) for s, t, sig, ev in map(table.entry, table.top(k))
                ]
        candidates = tuple(sorted({s.target_id for lst in suggestions.values() for s in lst}))
        column = {c: j for j, c in enumerate(candidates)}
        matrix = [[0.0] * len(candidates) for _ in members]
        for i, org_id in enumerate(members):
            for score, target in per_member[org_id]:
                j = column.get(target)
                if j is not None:
                    matrix[i][j] = score
        return DelegationResult(suggestions, members, candidates, matrix)


def _check_k(k: int) -> None:
    if not isinstance(k, int) or isinstance(k, bool) or k < 0:
        raise ValueError(f"k must be a non-negative int, got {k!r}")
