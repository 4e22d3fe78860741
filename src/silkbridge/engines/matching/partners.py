"""Partner suggestions: the best partner organisations for one organisation, for every
organisation (`batch.py`), and for the members of a delegation.

A partner query re-ranks a few hundred candidate organisations at once: `_PartnerTable` holds
their signals in arrays (with the array functions of `rerank.py`), and only the top k pay for
dicts and reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from silkbridge.engines.matching import batch, rerank
from silkbridge.engines.matching.model import DelegationResult, Rules, Suggestion
from silkbridge.engines.matching.rules import kind_fit, profile_similarity_fit, shared_languages
from silkbridge.engines.matching.scoring import _DEFAULT_RULES, _check_k, _Fits, _Side
from silkbridge.engines.matching.store import NEED, OFFER

if TYPE_CHECKING:
    from silkbridge.engines.matching.index import MatchIndex


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


class PartnerSuggestions:
    """Partner queries (`partners_for`, `partners_for_all`, `delegation`); a mixin of
    `MatchIndex`.

    Relies on the steps of `MatchScoring` (`_org`, `_query_docs`, `_top_docs`, `_retrieved`,
    `_fits`, `_allowed_orgs`, `_history_candidates`, `_history_scores`, `_profile_similarity`,
    `_suggest`) and on the index state of `IndexStore` (`weights`, `_history`, `_profiles`,
    `_org_ids`, `_org_docs`, `_org_tags`, `_org_item_kinds`, `_implicit_row`, `_tag_names`,
    `_doc_owner`, `_doc_dir`, `tag_idf`, `has_egov`). The three attributes below are set by
    `batch.py` while a batch runs.
    """

    #: Partner retrieval for the current batch block (see `batch.prefetch_partners`).
    _partner_prefetch: dict[int, tuple[tuple, tuple]] | None = None
    #: Facts of every organisation while a batch runs (see `batch.Targets`).
    _org_facts: rerank.CandidateFacts | None = None
    #: Documents of every organisation row as CSR (indptr, rows) while a batch runs.
    _org_doc_table: tuple[np.ndarray, np.ndarray] | None = None

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
