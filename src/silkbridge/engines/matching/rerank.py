"""Array helpers for re-ranking many candidates of one query at once.

A partner query scores a few hundred candidate organisations. Looping over them in Python
cost ~8 ms a query at 100,000 organisations; these helpers compute the same values over the
whole candidate set with numpy, so the batch path and the single query (which share them)
stay identical while both get faster.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from silkbridge.engines.matching.index import MatchIndex

#: `MatchIndex` keeps a better offer-need pair only when it beats the current one by more
#: than this, so the first of two nearly equal pairs wins (see `MatchIndex._best`).
TIE = 1e-12


def best_per_owner(
    fits: np.ndarray, owner: np.ndarray, n_owners: int
) -> tuple[np.ndarray, np.ndarray]:
    """The best fit of each owner over `fits` (queries x documents, `owner[j]` = position of
    document j's owner), as the first-better-by-`TIE` scan finds it, and which owners that
    scan could settle differently (a second value within 2 x `TIE` below the best); those
    must be scanned one by one. Owners without a document get 0.0."""
    best = np.zeros(n_owners)
    odd = np.zeros(n_owners, dtype=bool)
    if not fits.size:
        return best, odd
    column_best = fits.max(axis=0)
    np.maximum.at(best, owner, column_best)
    # The scan starts from 0.0 and only takes a value above 0.0 + TIE.
    best[best <= TIE] = 0.0
    top = best[owner]
    near = (fits >= top - 2 * TIE) & (fits < top) & (top > 0)
    odd[owner[near.any(axis=0)]] = True
    return best, odd


def reciprocal(first: np.ndarray, second: np.ndarray, bonus: float) -> np.ndarray:
    """`rules.reciprocal` elementwise, with the same floating-point operations."""
    first, second = np.maximum(first, 0.0), np.maximum(second, 0.0)
    return np.maximum(first, second) + bonus * np.minimum(first, second)


class Coded:
    """Values of one fact per candidate as codes into a list of distinct values, so that a
    rule is applied once per distinct value (a few dozen) rather than once per candidate."""

    __slots__ = ("codes", "memo", "values")

    def __init__(self, codes: np.ndarray, values: list, memo: dict | None = None) -> None:
        self.codes, self.values = codes, values
        #: key -> a rule's value for every distinct value; shared by `taken` copies, so a
        #: batch applies a rule to its table of every organisation once, not once per query.
        self.memo = {} if memo is None else memo

    @classmethod
    def of(cls, values: list) -> Coded:
        code: dict = {}
        codes = np.fromiter((code.setdefault(v, len(code)) for v in values), np.int64, len(values))
        return cls(codes, list(code))

    def taken(self, rows: np.ndarray) -> Coded:
        return Coded(self.codes[rows], self.values, self.memo)

    def apply(self, rule, dtype: type = float, key: object = None) -> np.ndarray:  # type: ignore[no-untyped-def]
        """`rule(value)` for every candidate, the rule called once per distinct value.

        With a `key` (naming the rule and whatever it depends on) the rule's values for every
        distinct value are kept and reused by every query of a batch."""
        if key is not None:
            known = self.memo.get(key)
            if known is None:
                known = np.fromiter(map(rule, self.values), dtype, len(self.values))
                self.memo[key] = known
            return known[self.codes]
        out = np.zeros(len(self.values), dtype=dtype)
        present = np.unique(self.codes)  # a batch's codes name every organisation's values
        out[present] = [rule(self.values[c]) for c in present.tolist()]
        return out[self.codes]


class CandidateFacts:
    """What partner re-ranking reads about each candidate organisation besides offers and
    needs: kind, languages, item kinds, its profile's implicit offer document, whether it
    lists e-government, and its tag ids (CSR: `tag_indptr`, `tag_indices`)."""

    __slots__ = ("egov", "implicit", "item_kinds", "kind", "languages", "tag_indices", "tag_indptr")

    def __init__(
        self,
        kind: Coded,
        languages: Coded,
        item_kinds: Coded,
        implicit: np.ndarray,
        egov: np.ndarray,
        tag_indptr: np.ndarray,
        tag_indices: np.ndarray,
    ) -> None:
        self.kind, self.languages, self.item_kinds = kind, languages, item_kinds
        self.implicit, self.egov = implicit, egov
        self.tag_indptr, self.tag_indices = tag_indptr, tag_indices

    @classmethod
    def read(cls, index: MatchIndex, rows: list[int]) -> CandidateFacts:
        """The facts of organisation `rows`, read from the index's own structures."""
        ids = [index._org_ids[b] for b in rows]
        profiles = [index._profiles.get(org_id) for org_id in ids]
        tags = [list(index._org_tags[b]) for b in rows]
        lengths = np.fromiter(map(len, tags), np.int64, len(tags))
        return cls(
            Coded.of([p.kind if p is not None else "" for p in profiles]),
            Coded.of([p.languages if p is not None else () for p in profiles]),
            Coded.of([tuple(index._org_item_kinds[b]) for b in rows]),
            np.fromiter((index._implicit_row.get(i, -1) for i in ids), np.int64, len(ids)),
            np.fromiter((index.has_egov(b) for b in rows), bool, len(rows)),
            np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            np.fromiter((t for ts in tags for t in ts), np.int64, int(lengths.sum())),
        )

    def taken(self, rows: np.ndarray) -> CandidateFacts:
        """The facts of positions `rows` (for a batch: organisation rows)."""
        starts = self.tag_indptr[rows]
        lengths = self.tag_indptr[rows + 1] - starts
        return CandidateFacts(
            self.kind.taken(rows),
            self.languages.taken(rows),
            self.item_kinds.taken(rows),
            self.implicit[rows],
            self.egov[rows],
            np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            self.tag_indices[_ranges(starts, lengths)],
        )

    def meets(self, tags: Iterable[int], n_tags: int) -> np.ndarray:
        """Whether each candidate shares at least one of `tags`."""
        wanted = np.zeros(n_tags + 1, dtype=bool)
        wanted[np.fromiter(tags, np.int64)] = True
        hits = np.concatenate([[0], np.cumsum(wanted[self.tag_indices])])
        return hits[self.tag_indptr[1:]] > hits[self.tag_indptr[:-1]]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated `range(start, start + length)` for each pair."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, np.int64)
    shift = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return shift + np.arange(total)
