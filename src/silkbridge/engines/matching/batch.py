"""Top-k partners for many organisations at once: block retrieval and a process pool.

Where the time goes for one query at 100,000 organisations: about half is BM25 candidate
retrieval (each query document's rarest terms still reach ~50,000 documents), half is the
per-candidate re-ranking. The batch path attacks the first half without touching the second:

- Retrieval for a block of organisations is one sparse product (query-term matrix of every
  document they own x the BM25 term-document matrix), instead of one dense 400,000-wide sum per
  query document. It reproduces `LexicalIndex.retrieve` bit for bit (same float32 sums in the
  same term order), and is handed to the unchanged query code through a per-block lookup.
- Re-ranking is the ordinary `MatchIndex.partners_for`, called for each organisation, so the
  batch can never drift from single queries when the scoring changes.
- Blocks run in a pool of forked worker processes (Linux): the index is read-only during the
  batch, so the workers share its memory copy-on-write and nothing large is pickled.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from silkbridge.engines.matching.lexical import LexicalIndex
from silkbridge.engines.matching.model import Rules, Suggestion

if TYPE_CHECKING:
    from silkbridge.engines.matching.index import MatchIndex

#: Organisations per block: large enough for the sparse product to pay, small enough that the
#: product (~50,000 documents per query document at 100,000 organisations) stays near 100 MB.
BLOCK = 64
#: Query terms used by retrieval; must equal the default `limit` of `LexicalIndex.retrieve`
#: (a test checks that the two agree).
RETRIEVE_LIMIT = 12

Retrieved = tuple[np.ndarray, np.ndarray]


def retrieve_many(lexical: LexicalIndex, queries: Sequence[np.ndarray]) -> list[Retrieved]:
    """`lexical.retrieve(terms)` for each query, from one sparse matrix product."""
    main = lexical._main
    selected = []
    for terms in queries:
        if len(terms) > RETRIEVE_LIMIT:
            idf = lexical._idf_of(terms)
            terms = np.sort(terms[np.lexsort((terms, -idf))[:RETRIEVE_LIMIT]])
        selected.append(terms)
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


def _block(
    index: MatchIndex, org_ids: Sequence[int], k: int, rules: Rules
) -> list[tuple[int, list[Suggestion]]]:
    with prefetched(index, org_ids):
        return [(org_id, index.partners_for(org_id, k, rules)) for org_id in org_ids]


# State of a forked worker: inherited from the parent at fork time, never pickled.
_worker: dict = {}


def _init_worker(index: MatchIndex, k: int, rules: Rules) -> None:
    _worker.update(index=index, k=k, rules=rules)


def _run_block(org_ids: list[int]) -> list[tuple[int, list[Suggestion]]]:
    return _block(_worker["index"], org_ids, _worker["k"], _worker["rules"])


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
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for org_block in blocks:
            yield from _block(index, org_block, k, rules)
        return
    # Objects that exist before the fork stay out of the collector's way, so the workers do not
    # copy the index's pages just to update GC bookkeeping.
    gc.freeze()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(index, k, rules),
    )
    try:
        for result in pool.map(_run_block, blocks):
            yield from result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
