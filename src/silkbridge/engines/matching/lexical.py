"""BM25 over offer and need documents: a bm25s main segment plus a small delta segment.

Why two segments: bm25s builds a static index (term x document weights) fast, but cannot add
documents. New or changed documents go to a delta segment, weighted with the main segment's
statistics (document frequencies, average length), until the delta grows past
`merge_fraction` of the main segment; then both are rebuilt into one main segment. Small
indexes (below `merge_always_below` documents) merge on every change, because that is cheaper
than the update budget, so they always equal a full rebuild exactly.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import scipy.sparse as sp
from bm25s.scoring import _score_idf_lucene, _score_tfc_lucene

from silkbridge.engines.matching.jsonl import read_lines, write_lines
from silkbridge.engines.matching.tokens import TokenTable

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Segment:
    """A built main segment: BM25 weights with the statistics they were computed from."""

    main: sp.csr_matrix  # terms x rows
    by_doc: sp.csr_matrix  # rows x terms
    main_live: np.ndarray
    n_docs: int
    avgdl: float
    idf: np.ndarray


@dataclass(frozen=True)
class MergePlan:
    """The documents as they were when a merge began."""

    tokens: TokenTable
    n_vocab: int
    generation: int

    def build(self) -> Segment:
        """The slow part of a merge; touches nothing shared, so it may run in another thread."""
        return build_segment(self.tokens, self.n_vocab)


def build_segment(tokens: TokenTable, n_vocab: int) -> Segment:
    """BM25 (Lucene) weights of every document in `tokens`, by bm25s."""
    rows_arr, lengths, flat = tokens.packed()
    rows = rows_arr.tolist()
    n_rows = max(rows, default=-1) + 1
    main_live = np.zeros(n_rows, dtype=bool)
    main_live[rows] = True
    if not rows or not len(flat):
        main = sp.csr_matrix((n_vocab, n_rows), dtype=np.float32)
        return Segment(main, main.T.tocsr(), main_live, len(rows), 1.0, np.zeros(n_vocab))
    flat = np.asarray(flat, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    used = np.unique(flat)
    # bm25s wants a dense vocabulary: map our ids to 0..len(used)-1 and back afterwards.
    local_flat = np.searchsorted(used, flat)
    bounds = np.concatenate([[0], np.cumsum(lengths)]).tolist()
    local_list = local_flat.tolist()
    local_corpus = [local_list[bounds[i] : bounds[i + 1]] for i in range(len(rows))]
    model = bm25s.BM25(method="lucene", k1=K1, b=B)
    scores = model.build_index_from_ids(
        unique_token_ids=list(range(len(used))),
        corpus_token_ids=local_corpus,
        show_progress=False,
    )
    # scores is CSC over (docs x local terms): read as CSR over (local terms x docs).
    local_matrix = sp.csr_matrix(
        (scores["data"], scores["indices"], scores["indptr"]), shape=(len(used), len(rows))
    )
    coo = local_matrix.tocoo()
    rows_arr = np.asarray(rows_arr, dtype=np.int64)
    main = sp.csr_matrix(
        (coo.data, (used[coo.row], rows_arr[coo.col])),
        shape=(n_vocab, n_rows),
        dtype=np.float32,
    )
    n_docs = len(rows)
    df = np.zeros(n_vocab, dtype=np.int64)
    df[used] = np.diff(local_matrix.indptr)
    idf = np.zeros(n_vocab, dtype=np.float64)
    nz = df > 0
    idf[nz] = np.log(1 + (n_docs - df[nz] + 0.5) / (df[nz] + 0.5))
    return Segment(main, main.T.tocsr(), main_live, n_docs, float(lengths.mean()), idf)


#: Retrieval reads query terms, rarest first, until they name this many documents.
RETRIEVAL_POSTINGS = 20_000
#: ... but never fewer terms than this (or all of them, when there are fewer).
RETRIEVAL_MIN_TERMS = 12
#: Taxonomy tags of a query always read by retrieval, the rarest first.
RETRIEVAL_TAGS = 8


class LexicalIndex:
    """BM25 (Lucene variant) weights for documents addressed by a caller-chosen row number."""

    def __init__(self, merge_fraction: float = 0.02, merge_always_below: int = 20_000) -> None:
        self.vocab: dict[str, int] = {}
        self.tokens = TokenTable()  # row -> token ids (with repeats)
        self.merge_fraction = merge_fraction
        self.merge_always_below = merge_always_below
        self._main: sp.csr_matrix = sp.csr_matrix((0, 0), dtype=np.float32)  # terms x rows
        self._by_doc: sp.csr_matrix = sp.csr_matrix((0, 0), dtype=np.float32)  # rows x terms
        self._main_live = np.zeros(0, dtype=bool)  # rows of the main segment still alive
        self._n_docs = 0
        self._avgdl = 1.0
        self._idf = np.zeros(0, dtype=np.float64)  # per term, frozen at the last merge
        self._delta: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # row -> (terms, weights)
        self._delta_postings: dict[int, dict[int, float]] = {}  # term -> {row: weight}
        self._changes = 0  # documents added or removed since the last merge
        self._words: list[str] = []
        # Merging large indexes may be left to the caller (`auto_merge = False`): it calls
        # `begin_merge`, builds the plan elsewhere and `finish_merge`s it.
        self.auto_merge = True
        self._since_plan: set[int] | None = None  # rows changed since begin_merge
        self._generation = 0  # merges so far; a plan from an older generation is stale

    # -- documents -------------------------------------------------------------------------

    def term_ids(self, tokens: list[str], *, add: bool) -> np.ndarray:
        """Token ids of `tokens`; unknown tokens are added when `add`, else dropped."""
        vocab = self.vocab
        if add:
            ids = [vocab.setdefault(t, len(vocab)) for t in tokens]
        else:
            ids = [i for i in (vocab.get(t) for t in tokens) if i is not None]
        return np.asarray(ids, dtype=np.int32)

    def bulk_load(self, rows: list[int], tokens: list[list[str]]) -> None:
        """Replace everything with these documents and build the main segment."""
        self.vocab = {}
        self.tokens = TokenTable.from_dict(
            {r: self.term_ids(t, add=True) for r, t in zip(rows, tokens, strict=True)}
        )
        self.merge()

    def add(self, row: int, tokens: list[str]) -> None:
        """Add (or replace) one document."""
        self.remove(row)
        self.tokens[row] = self.term_ids(tokens, add=True)
        self._add_to_delta(row)
        if self._since_plan is not None:
            self._since_plan.add(row)
        self._changes += 1
        self._maybe_merge()

    def _add_to_delta(self, row: int) -> None:
        terms, weights = self._weigh(self.tokens[row])
        self._delta[row] = (terms, weights)
        for t, w in zip(terms.tolist(), weights.tolist(), strict=True):
            self._delta_postings.setdefault(t, {})[row] = w

    def remove(self, row: int) -> None:
        """Forget one document; its main-segment weights become unreachable."""
        if self.tokens.pop(row, None) is None:
            return
        old = self._delta.pop(row, None)
        if old is not None:
            for t in old[0].tolist():
                self._delta_postings[t].pop(row, None)
        if row < len(self._main_live):
            self._main_live[row] = False
        if self._since_plan is not None:
            self._since_plan.add(row)
        self._changes += 1
        self._maybe_merge()

    @property
    def pending(self) -> int:
        """Changes not yet merged into the main segment."""
        return self._changes

    def _maybe_merge(self) -> None:
        if self.auto_merge and self._since_plan is None and self.merge_due:
            self.merge()

    def merge(self) -> None:
        """Rebuild the main segment from all live documents (bm25s does the weighting)."""
        self._install(build_segment(self.tokens, len(self.vocab)))

    # -- merging off the caller's path ---------------------------------------------------------

    @property
    def merge_due(self) -> bool:
        """Changes wait in the delta, and the index is small (a merge costs little, and then
        it always equals a full rebuild) or the delta has outgrown `merge_fraction`."""
        if not self._changes:
            return False
        small = self._n_docs < self.merge_always_below
        return small or self._changes > self.merge_fraction * self._n_docs

    @property
    def merging(self) -> bool:
        """A merge plan is out (see `begin_merge`)."""
        return self._since_plan is not None

    def begin_merge(self) -> MergePlan:
        """Snapshot the documents for a merge built elsewhere (another thread), so that a large
        index keeps answering and accepting changes meanwhile; `finish_merge` installs it."""
        self._since_plan = set()
        return MergePlan(self.tokens.snapshot(), len(self.vocab), self._generation)

    def abandon_merge(self) -> None:
        """Forget the plan that is out; its changes are still in the delta."""
        self._since_plan = None

    def finish_merge(self, plan: MergePlan, segment: Segment) -> bool:
        """Install a segment built from `plan`; documents changed since the snapshot go back to
        the delta, weighted with the new statistics. False (nothing installed) when a merge
        happened meanwhile and made the plan stale."""
        changed = self._since_plan
        if changed is None or plan.generation != self._generation:
            return False
        self._install(segment)
        for row in sorted(changed):
            if row < len(self._main_live):
                self._main_live[row] = False
            if row in self.tokens:
                self._add_to_delta(row)
        self._changes = len(changed)
        return True

    def _install(self, segment: Segment) -> None:
        self._words = []
        self._delta = {}
        self._delta_postings = {}
        self._changes = 0
        self._since_plan = None
        self._generation += 1
        self._main = segment.main
        self._by_doc = segment.by_doc
        self._main_live = segment.main_live
        self._n_docs = segment.n_docs
        self._avgdl = segment.avgdl
        self._idf = segment.idf

    def _idf_of(self, terms: np.ndarray) -> np.ndarray:
        """Frozen IDF of `terms`; a term unseen at the last merge counts as seen once."""
        terms = np.asarray(terms, dtype=np.int64)
        n = max(self._n_docs, 1)
        rare = _score_idf_lucene(1, n)
        known = terms < len(self._idf)
        out = np.full(len(terms), rare, dtype=np.float64)
        idf = self._idf[terms[known]]
        out[known] = np.where(idf > 0, idf, rare)
        return out

    def _weigh(self, token_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(token_ids.tolist())
        terms = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
        tf = np.array([counts[t] for t in terms.tolist()], dtype=np.float64)
        tfc = _score_tfc_lucene(tf, len(token_ids), self._avgdl, K1, B)
        return terms, (self._idf_of(terms) * tfc).astype(np.float32)

    # -- queries ---------------------------------------------------------------------------

    def words(self, ids: np.ndarray) -> list[str]:
        """Token strings of term ids (for explanations)."""
        if len(self._words) != len(self.vocab):
            self._words = sorted(self.vocab, key=self.vocab.__getitem__)
        return [self._words[i] for i in ids.tolist()]

    def row_terms(self, row: int, limit: int = 32) -> np.ndarray:
        """Distinct term ids of a stored document used as a query: all of them up to `limit`,
        else the rarest of those found in some other document first (a word no other
        document has matches nothing, and in a small collection the rarest words are mostly
        such words), then the rarest of the others."""
        ids = _distinct(self.tokens.get(row, np.zeros(0, np.int32)))
        if len(ids) <= limit:
            return ids
        alone = self.postings(ids) < 2
        shared = self._limit(ids[~alone], limit)
        rest = self._limit(ids[alone], limit - len(shared))
        return np.sort(np.concatenate([shared, rest]))

    def postings(self, terms: np.ndarray) -> np.ndarray:
        """How many documents (live or not) hold each term: main segment plus delta."""
        terms = np.asarray(terms, dtype=np.int64)
        out = np.zeros(len(terms), dtype=np.int64)
        main = self._main
        inside = terms < main.shape[0]
        t = terms[inside]
        out[inside] = main.indptr[t + 1] - main.indptr[t]
        if self._delta_postings:
            for i, term in enumerate(terms.tolist()):
                out[i] += len(self._delta_postings.get(term, ()))
        return out

    def retrieval_terms(self, terms: np.ndarray) -> np.ndarray:
        """The query terms retrieval reads, adapted to the collection.

        Rarest first, until the documents they name reach `RETRIEVAL_POSTINGS` (at least
        `RETRIEVAL_MIN_TERMS` terms): in a small collection that is every term, in a large
        one the rare, precise ones. Taxonomy tags (terms starting with "#") are always read,
        the rarest `RETRIEVAL_TAGS` of them, so organisations sharing a tag are candidates
        whatever the words. Ascending term ids.
        """
        if not len(terms):
            return terms
        postings = self.postings(terms)
        if int(postings.sum()) <= RETRIEVAL_POSTINGS or len(terms) <= RETRIEVAL_MIN_TERMS:
            return np.sort(terms)
        idf = self._idf_of(terms)
        # A term held by at most one document (the query's own) finds nothing: read last.
        order = np.lexsort((terms, -idf, postings < 2))
        cost = np.cumsum(postings[order])
        take = max(RETRIEVAL_MIN_TERMS, int(np.searchsorted(cost, RETRIEVAL_POSTINGS, "right")))
        chosen = set(terms[order[:take]].tolist())
        tags = [t for t in terms[order].tolist() if self.word(t).startswith("#")]
        chosen.update(tags[:RETRIEVAL_TAGS])
        return np.asarray(sorted(chosen), dtype=terms.dtype)

    def word(self, term: int) -> str:
        """Token string of one term id."""
        if len(self._words) != len(self.vocab):
            self._words = sorted(self.vocab, key=self.vocab.__getitem__)
        return self._words[term]

    def query_terms(self, tokens: list[str], limit: int = 32) -> np.ndarray:
        """Distinct known term ids of a query, the `limit` rarest (cheap and precise)."""
        return self._limit(np.unique(self.term_ids(tokens, add=False)), limit)

    def _limit(self, ids: np.ndarray, limit: int) -> np.ndarray:
        if len(ids) > limit:
            idf = self._idf_of(ids).tolist()
            words = self.words(ids)
            order = sorted(range(len(words)), key=lambda i: (-round(idf[i], 9), words[i]))
            ids = np.sort(ids[order[:limit]])
        return ids

    def upper_bound(self, terms: np.ndarray) -> float:
        """BM25 of a document of average length holding each query term once: the 1.0 mark."""
        return float(self._idf_of(terms).sum()) if len(terms) else 0.0

    def retrieve(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Candidate generation: (rows ascending, BM25 over the `retrieval_terms`).

        Frequent terms add little to the ranking but most of the cost, so retrieval skips
        them in a large collection; `score_rows` then scores the candidates with every
        query term.
        """
        terms = self.retrieval_terms(terms)
        rows = np.zeros(0, dtype=np.int64)
        vals = np.zeros(0, dtype=np.float64)
        main_terms = terms[terms < self._main.shape[0]]
        if len(main_terms):
            dense = np.asarray(self._main[main_terms].sum(axis=0), dtype=np.float64).ravel()
            rows = np.flatnonzero(dense)
            rows = rows[self._main_live[rows]]
            vals = dense[rows]
        if self._delta_postings:
            extra = self._delta_scores(terms)
            if extra:
                rows = np.concatenate([rows, np.fromiter(extra.keys(), np.int64, len(extra))])
                vals = np.concatenate([vals, np.fromiter(extra.values(), np.float64, len(extra))])
                order = np.argsort(rows, kind="stable")
                rows, vals = rows[order], vals[order]
        return rows.astype(np.int64), vals

    def score_rows(self, terms: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact BM25 of the query `terms` for each document row in `rows` (0 if dead)."""
        out = np.zeros(len(rows), dtype=np.float64)
        if not len(terms) or not len(rows):
            return out
        n_main = self._by_doc.shape[0]
        in_main = rows < n_main
        in_main[in_main] = self._main_live[rows[in_main]]
        if in_main.any():
            query = np.zeros(self._by_doc.shape[1], dtype=np.float64)
            known = terms[terms < len(query)]
            query[known] = 1.0
            out[in_main] = self._by_doc[rows[in_main]] @ query
        if self._delta:
            extra = self._delta_scores(terms)
            for i, row in enumerate(rows.tolist()):
                if row in extra:
                    out[i] = extra[row]
        return out

    def score_rows_many(self, queries: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
        """`score_rows(terms, rows)` for each query, as rows of one matrix: one slice of the
        document matrix and one multi-vector product (same float sums in the same order)."""
        out = np.zeros((len(queries), len(rows)), dtype=np.float64)
        if not len(queries) or not len(rows):
            return out
        n_main = self._by_doc.shape[0]
        in_main = rows < n_main
        in_main[in_main] = self._main_live[rows[in_main]]
        if in_main.any():
            dense = np.zeros((self._by_doc.shape[1], len(queries)), dtype=np.float64)
            for i, terms in enumerate(queries):
                dense[terms[terms < len(dense)], i] = 1.0
            out[:, in_main] = (self._by_doc[rows[in_main]] @ dense).T
        for i, terms in enumerate(queries):
            if not len(terms):
                out[i] = 0.0
            elif self._delta:
                extra = self._delta_scores(terms)
                for j, row in enumerate(rows.tolist()):
                    if row in extra:
                        out[i, j] = extra[row]
        return out

    def _delta_scores(self, terms: np.ndarray) -> dict[int, float]:
        extra: dict[int, float] = {}
        for t in terms.tolist():
            for row, w in self._delta_postings.get(t, {}).items():
                extra[row] = extra.get(row, 0.0) + w
        return extra

    @property
    def n_docs(self) -> int:
        return len(self.tokens)

    # -- persistence -------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Merge pending changes, then write the BM25 state as one .npy file per array (so a
        reader can memory-map each) and the vocabulary as JSON Lines (one word a line)."""
        if self._changes:
            self.merge()
        rows, lengths, flat = self.tokens.packed()
        arrays = {
            "main_data": self._main.data,
            "main_indices": self._main.indices,
            "main_indptr": self._main.indptr,
            "by_doc_data": self._by_doc.data,
            "by_doc_indices": self._by_doc.indices,
            "by_doc_indptr": self._by_doc.indptr,
            "idf": self._idf,
            "main_live": self._main_live,
            "token_rows": np.asarray(rows, dtype=np.int64),
            "token_bounds": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            "token_flat": np.asarray(flat, dtype=np.int32),
        }
        for name, array in arrays.items():
            np.save(path / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        stats = {
            "main_shape": list(self._main.shape),
            "by_doc_shape": list(self._by_doc.shape),
            "n_docs": self._n_docs,
            "avgdl": self._avgdl,
        }
        (path / "lexical.json").write_text(json.dumps(stats), encoding="utf-8")
        write_lines(path / "vocab.jsonl", sorted(self.vocab, key=self.vocab.__getitem__))

    def load(
        self, path: Path, *, mmap: bool = True, pause: Callable[[], None] | None = None
    ) -> None:
        """Read what `save` wrote (no pickle). With `mmap` the large arrays are mapped
        read-only from the files, so every process that loads the same files shares one copy
        of their pages; changes never write to them (see `tokens.py`, and a merge builds new
        arrays in this process's memory)."""
        self.vocab = {w: i for i, w in enumerate(read_lines(path / "vocab.jsonl", pause))}
        stats = json.loads((path / "lexical.json").read_text(encoding="utf-8"))
        mode = "r" if mmap else None

        def array(name: str) -> np.ndarray:
            return np.load(path / f"{name}.npy", mmap_mode=mode, allow_pickle=False)

        self._main = _csr(array, "main", stats["main_shape"])
        self._by_doc = _csr(array, "by_doc", stats["by_doc_shape"])
        self._idf = array("idf")
        self._main_live = np.array(array("main_live"))  # small, and written on removal
        self.tokens = TokenTable(array("token_rows"), array("token_bounds"), array("token_flat"))
        self._n_docs, self._avgdl = int(stats["n_docs"]), float(stats["avgdl"])
        self._words = []
        self._delta, self._delta_postings, self._changes = {}, {}, 0
        self._since_plan, self._generation = None, self._generation + 1


def _csr(array, prefix: str, shape: list[int]) -> sp.csr_matrix:
    """A CSR matrix over the saved arrays as they are (scipy keeps them when their dtypes
    already suit it, so mapped arrays stay mapped)."""
    parts = (array(f"{prefix}_data"), array(f"{prefix}_indices"), array(f"{prefix}_indptr"))
    return sp.csr_matrix(parts, shape=tuple(shape), copy=False)


def _distinct(ids: np.ndarray) -> np.ndarray:
    """`np.unique(ids)` for the few dozen tokens of a document, without its hashing set-up
    (sorted, the same dtype)."""
    ids = np.sort(np.asarray(ids))
    if len(ids) < 2:
        return ids
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]
