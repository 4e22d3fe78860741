"""Top-k partners for many organisations at once: block retrieval and a process pool.

Where the time went for one query at 100,000 organisations: about half BM25 candidate
retrieval (each query document's rarest terms reach ~50,000 documents), half the per-candidate
re-ranking (made cheaper in `partners.py` and `rerank.py`). The batch path attacks retrieval:

- `Targets` splits the BM25 term-document matrix once per batch into the columns partner
  retrieval wants: offers (for needs), needs (for offers) and implicit profile offers (for an
  organisation's own profile). Only those are searched, about half of the work.
- Retrieval for a block of organisations is one sparse product per class (query-term matrix x
  that class's columns): the same float32 sums in the same term order as
  `LexicalIndex.retrieve`, so the scores are identical, not merely close. The block then keeps
  only the `rerank_candidates` best per query and class, picked like `MatchIndex._top_docs`
  (ties: lowest rows), which therefore returns the same documents from this subset.
- Re-ranking is the ordinary `MatchIndex.partners_for`, called for each organisation with the
  block's retrieval in hand, so the batch can never drift from single queries when the scoring
  changes.
- Blocks run in a pool of forked worker processes (Linux): the index is read-only during the
  batch, so the workers share its memory copy-on-write and nothing large is pickled.

`retrieve_many` and `prefetched` (all documents, scores as `retrieve` gives them) serve
`MatchIndex.delegation`, where a few members do not pay for building `Targets`.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse._sparsetools import csr_matmat

from silkbridge.engines.matching.lexical import LexicalIndex
from silkbridge.engines.matching.model import Rules, Suggestion
from silkbridge.engines.matching.rerank import CandidateFacts

if TYPE_CHECKING:
    from silkbridge.engines.matching.index import MatchIndex

#: Organisations per block: large enough for the sparse product to pay, small enough that the
#: product (~25,000 documents per query document at 100,000 organisations) stays near 50 MB.
BLOCK = 64
Retrieved = tuple[np.ndarray, np.ndarray]


def retrieve_many(lexical: LexicalIndex, queries: Sequence[np.ndarray]) -> list[Retrieved]:
    """`lexical.retrieve(terms)` for each query, from one sparse matrix product."""
    main = lexical._main
    selected = [lexical.retrieval_terms(terms) for terms in queries]
    in_main = [t[t < main.shape[0]].astype(np.int64) for t in selected]
    indptr = np.concatenate([[0], np.cumsum([len(t) for t in in_main])]).astype(np.int64)
    flat = np.concatenate(in_main) if in_main else np.zeros(0, np.int64)
    # A 0/1 float32 query matrix: the product adds the same float32 weights in the same (term)
    # order as `retrieve`'s column sum, so the scores are identical, not merely close.
    query_matrix = sp.csr_matrix(
        (np.ones(len(flat), dtype=main.dtype), flat, indptr), shape=(len(queries), main.shape[0])
    )
    product = (query_matrix @ main).tocsr()
    product.sort_indices()
    out = []
    for i, terms in enumerate(selected):
        lo, hi = product.indptr[i], product.indptr[i + 1]
        rows = product.indices[lo:hi].astype(np.int64)
        vals = product.data[lo:hi].astype(np.float64)
        nonzero = vals != 0  # `retrieve` keeps only documents with a non-zero sum
        rows, vals = rows[nonzero], vals[nonzero]
        live = lexical._main_live[rows]
        rows, vals = rows[live], vals[live]
        if lexical._delta_postings:
            extra = lexical._delta_scores(terms)
            if extra:
                rows = np.concatenate([rows, np.fromiter(extra.keys(), np.int64, len(extra))])
                vals = np.concatenate([vals, np.fromiter(extra.values(), np.float64, len(extra))])
                order = np.argsort(rows, kind="stable")
                rows, vals = rows[order], vals[order]
        out.append((rows, vals))
    return out


@contextmanager
def prefetched(index: MatchIndex, org_ids: Iterable[int]) -> Iterator[None]:
    """Within the block, BM25 retrieval for the documents of `org_ids` comes from one product.

    The lookup shadows `retrieve` on this index's lexical segment only while the block runs;
    any other query falls through to the ordinary method. Not for concurrent use from threads.
    """
    lexical = index._lexical
    docs = sorted({d for o in org_ids for d in index._org_docs[index._org(o)]})
    terms = {}
    for d in docs:
        t = lexical.row_terms(d)
        terms.setdefault(t.tobytes(), t)
    found = dict(zip(terms, retrieve_many(lexical, list(terms.values())), strict=True))
    original = lexical.retrieve

    def retrieve(query_terms: np.ndarray, *args: object, **kwargs: object) -> Retrieved:
        if not args and not kwargs:
            hit = found.get(np.asarray(query_terms, dtype=np.int32).tobytes())
            if hit is not None:
                return hit
        return original(query_terms, *args, **kwargs)

    previous = lexical.__dict__.get("retrieve")
    lexical.retrieve = retrieve  # type: ignore[method-assign]
    try:
        yield
    finally:
        if previous is None:
            del lexical.retrieve
        else:
            lexical.retrieve = previous  # type: ignore[method-assign]


class Targets:
    """The BM25 matrix split by what partner retrieval looks for, built once per batch.

    Needs look for offers, offers for needs, and an organisation's implicit offer also for
    other implicit offers (profile similarity); `MatchIndex._top_docs` throws every other
    document away. Searching only the wanted columns (about half of the product) gives the
    same sums, since each column adds the same float32 weights in the same term order.
    """

    def __init__(self, index: MatchIndex) -> None:
        from silkbridge.engines.matching.store import NEED, OFFER

        lexical = index._lexical
        main = lexical._main
        n_docs = index._doc_dir.n
        m = main.shape[1]
        self.doc_live = index._doc_live.view.copy()
        live = self.doc_live.copy()
        live[:m] &= lexical._main_live[:m]
        live[m:] = False  # delta documents are scored separately
        direction = index._doc_dir.view
        explicit = index._doc_explicit.view
        #: class -> documents wanted (all rows, delta included)
        self.wanted = {
            OFFER: self.doc_live & (direction == OFFER),
            NEED: self.doc_live & (direction == NEED),
            "implicit": self.doc_live & (direction == OFFER) & ~explicit,
        }
        self.columns: dict = {}
        self.matrices: dict = {}
        #: Facts of every organisation row for re-ranking (`rerank.CandidateFacts`).
        self.facts = CandidateFacts.read(index, list(range(len(index._org_ids))))
        #: Documents of every organisation row (CSR), so a query gathers its candidates'
        #: documents with one index instead of walking a set per candidate.
        sizes = np.fromiter(map(len, index._org_docs), np.int64, len(index._org_docs))
        flat = np.fromiter(chain.from_iterable(index._org_docs), np.int64, int(sizes.sum()))
        self.org_docs = (np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64), flat)
        for key, mask in self.wanted.items():
            cols = np.flatnonzero(live & mask[:n_docs])
            self.columns[key] = cols
            self.matrices[key] = main[:, cols].tocsr()


def _product(
    queries: list[np.ndarray], matrix: sp.csr_matrix
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`Q @ matrix` for the 0/1 query matrix Q whose row i holds the terms `queries[i]`.

    The same float32 sums in the same term order as scipy's product (the same kernel), but
    without its first pass that counts the result's entries: a query's sums cannot outnumber
    the postings of its terms, known from `matrix.indptr`, so the output is allocated from
    that bound. Returned as CSR arrays (indptr, indices, data), the buffers not trimmed;
    the column indices of a row come out unsorted, as from scipy.
    """
    flat = np.concatenate(queries).astype(np.int64) if queries else np.zeros(0, np.int64)
    lengths = np.fromiter(map(len, queries), np.int64, len(queries))
    postings = matrix.indptr[flat + 1].astype(np.int64) - matrix.indptr[flat]
    n_rows, n_cols = len(queries), matrix.shape[1]
    ends = np.concatenate([[0], np.cumsum(lengths)])
    summed = np.concatenate([[0], np.cumsum(postings)])
    bound = int(np.minimum(summed[ends[1:]] - summed[ends[:-1]], n_cols).sum())
    idx = np.int32 if max(bound, matrix.nnz, n_cols, len(flat)) < 2**31 - 1 else np.int64
    q_indptr = ends.astype(idx)
    q_data = np.ones(len(flat), dtype=matrix.dtype)
    indptr = np.empty(n_rows + 1, dtype=idx)
    indices = np.empty(max(bound, 1), dtype=idx)
    data = np.empty(max(bound, 1), dtype=matrix.dtype)
    m_indptr = np.asarray(matrix.indptr, dtype=idx)
    m_indices = np.asarray(matrix.indices, dtype=idx)
    csr_matmat(
        n_rows, n_cols, q_indptr, flat.astype(idx), q_data,
        m_indptr, m_indices, matrix.data, indptr, indices, data,
    )  # fmt: skip
    return indptr, indices, data


def _top_rows(rows: np.ndarray, scaled: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The `n` best of unordered `rows` as `MatchIndex._top_docs` picks them, rows ascending."""
    if len(rows) > n:
        cut = -np.partition(-scaled, n - 1)[n - 1]
        above = scaled > cut
        ties = np.sort(rows[scaled == cut])[: n - int(above.sum())]
        rows = np.concatenate([rows[above], ties])
        scaled = np.concatenate([scaled[above], np.full(len(ties), cut)])
    order = np.argsort(rows)
    return rows[order], scaled[order]


def _contenders(raw: np.ndarray, n: int, bound: float) -> np.ndarray:
    """Positions of the non-zero BM25 sums in `raw` that can be among the `n` best once
    scaled (`MatchIndex._scale`), so that only those few are scaled and ranked.

    The scale is monotone, so the n-th best scaled value is the scale of the n-th best raw
    sum; a smaller sum reaches the same scaled value only when both are clamped at the
    bound or equal (float32 sums that differ do so by far more than the margin below).
    Everything from just under the lower of the two is kept; `_top_rows` then decides.
    """
    if len(raw) <= n:
        return np.flatnonzero(raw)
    kth = float(np.partition(raw, len(raw) - n)[len(raw) - n])
    floor = min(kth, bound) * (1 - 1e-6) if bound > 0 else -np.inf
    return np.flatnonzero((raw >= floor) & (raw != 0))


def prefetch_partners(
    index: MatchIndex, org_ids: Sequence[int], targets: Targets
) -> dict[int, tuple[Retrieved, tuple[np.ndarray, float]]]:
    """For each document of `org_ids`: the candidate documents partner retrieval keeps
    (rows ascending, scaled BM25), the `rerank_candidates` best of each class it asks for,
    and the document's query terms with their BM25 scale (as `MatchIndex._query` gives).

    `MatchIndex._top_docs` applied to this subset returns exactly what it returns on the full
    retrieval, so `_partner_scores` can use it in place of `_retrieved`.
    """
    from silkbridge.engines.matching.store import NEED, OFFER

    lexical = index._lexical
    n = index.weights.rerank_candidates
    n_terms = lexical._main.shape[0]
    jobs: dict = {OFFER: [], NEED: [], "implicit": []}  # class -> [(doc, terms)]
    info: dict[int, tuple[np.ndarray, float]] = {}
    for org_id in org_ids:
        a = index._org(org_id)
        for d in sorted(index._org_docs[a]):
            terms = lexical.row_terms(d)
            info[d] = (terms, lexical.upper_bound(terms))
            terms = lexical.retrieval_terms(terms)
            if index._doc_dir.data[d] == NEED:
                jobs[OFFER].append((d, terms))
            else:
                jobs[NEED].append((d, terms))
                if not index._doc_explicit.data[d]:
                    jobs["implicit"].append((d, terms))
    parts: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
    for key, todo in jobs.items():
        if not todo:
            continue
        matrix, cols, wanted = targets.matrices[key], targets.columns[key], targets.wanted[key]
        in_main = [t[t < n_terms] for _, t in todo]
        p_indptr, p_indices, p_data = _product(in_main, matrix)
        for i, (d, terms) in enumerate(todo):
            lo, hi = p_indptr[i], p_indptr[i + 1]
            picked = _contenders(p_data[lo:hi], n, info[d][1])
            vals = p_data[lo:hi][picked].astype(np.float64)
            rows = cols[p_indices[lo:hi][picked]]
            if lexical._delta_postings:
                extra = lexical._delta_scores(terms)
                if extra:
                    more = np.fromiter(extra.keys(), np.int64, len(extra))
                    keep = more < len(wanted)
                    keep[keep] = wanted[more[keep]]
                    rows = np.concatenate([rows, more[keep]])
                    add = np.fromiter(extra.values(), np.float64, len(extra))
                    vals = np.concatenate([vals, add[keep]])
            bound = info[d][1]
            scaled = index._scale(vals, bound)
            parts.setdefault(d, []).append(_top_rows(rows, scaled, n))
    out = {}
    for d, found in parts.items():
        rows = np.concatenate([r for r, _ in found])
        scaled = np.concatenate([s for _, s in found])
        order = np.argsort(rows, kind="stable")
        out[d] = ((rows[order], scaled[order]), info[d])
    return out


@contextmanager
def prefetched_partners(index: MatchIndex, org_ids: Sequence[int], targets: Targets):
    """Within the block, `_partner_scores` takes its retrieval from `prefetch_partners`."""
    index._partner_prefetch = prefetch_partners(index, org_ids, targets)
    index._org_facts = targets.facts
    index._org_doc_table = targets.org_docs
    try:
        yield
    finally:
        index._partner_prefetch = None
        index._org_facts = None
        index._org_doc_table = None


def _block(
    index: MatchIndex,
    org_ids: Sequence[int],
    k: int,
    rules: Rules,
    targets: Targets | None = None,
) -> list[tuple[int, list[Suggestion]]]:
    targets = targets if targets is not None else Targets(index)
    with prefetched_partners(index, org_ids, targets):
        return [(org_id, index.partners_for(org_id, k, rules)) for org_id in org_ids]


# State of a forked worker: inherited from the parent at fork time, never pickled.
_worker: dict = {}


def _init_worker(index: MatchIndex, k: int, rules: Rules, targets: Targets) -> None:
    _worker.update(index=index, k=k, rules=rules, targets=targets)


def _run_block(org_ids: list[int]) -> list[tuple[int, list[Suggestion]]]:
    w = _worker
    return _block(w["index"], org_ids, w["k"], w["rules"], w["targets"])


def default_workers() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def partners_for_all(
    index: MatchIndex,
    k: int = 10,
    rules: Rules | None = None,
    org_ids: Iterable[int] | None = None,
    workers: int | None = None,
    block: int = BLOCK,
) -> Iterator[tuple[int, list[Suggestion]]]:
    """(organisation id, `partners_for(id, k, rules)`) for every live organisation, or for
    `org_ids` in their order (duplicates once); unknown ids raise KeyError before any work.

    `workers` processes (default: the usable CPUs) compute blocks in parallel with the fork
    start method; where fork is unavailable, or for one block, the work runs in this process.
    Do not change the index until the iterator is exhausted or closed. Arguments are checked
    at the call, not at the first result.
    """
    rules = rules if rules is not None else Rules()
    if org_ids is None:
        alive = index._org_alive.view
        ids = sorted(index._org_ids[row] for row in np.flatnonzero(alive).tolist())
    else:
        ids = list(dict.fromkeys(org_ids))
        for org_id in ids:
            index._org(org_id)  # KeyError for an unknown organisation
    if not isinstance(k, int) or isinstance(k, bool) or k < 0:
        raise ValueError(f"k must be a non-negative int, got {k!r}")
    if block < 1:
        raise ValueError(f"block must be at least 1, got {block!r}")
    blocks = [ids[i : i + block] for i in range(0, len(ids), block)]
    workers = default_workers() if workers is None else workers
    return _results(index, blocks, k, rules, min(workers, len(blocks)))


def _results(
    index: MatchIndex, blocks: list[list[int]], k: int, rules: Rules, workers: int
) -> Iterator[tuple[int, list[Suggestion]]]:
    targets = Targets(index)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for org_block in blocks:
            yield from _block(index, org_block, k, rules, targets)
        return
    # Objects that exist before the fork stay out of the collector's way, so the workers do not
    # copy the index's pages just to update GC bookkeeping.
    gc.freeze()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(index, k, rules, targets),
    )
    try:
        for result in pool.map(_run_block, blocks):
            yield from result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
