"""Re-ranking over arrays gives what the one-candidate-at-a-time scan gave."""

from __future__ import annotations

import numpy as np
import pytest

from silkbridge.engines.matching import MatchIndex, Rules
from silkbridge.engines.matching.batch import _contenders, _top_rows
from silkbridge.engines.matching.rerank import TIE, CandidateFacts, best_per_owner

from .test_batch import random_world


def scan(fits: np.ndarray, owner: np.ndarray, n_owners: int) -> list[float]:
    """The per-candidate loop: queries, then documents, a later pair wins by more than TIE."""
    best = [0.0] * n_owners
    for o in range(n_owners):
        for row in fits.tolist():
            for value, who in zip(row, owner.tolist(), strict=True):
                if who == o and value > best[o] + TIE:
                    best[o] = value
    return best


@pytest.mark.parametrize("seed", range(20))
def test_best_per_owner_equals_the_scan_even_on_near_ties(seed):
    rng = np.random.default_rng(seed)
    n_owners, n_docs = 7, 25
    fits = rng.choice([0.0, 0.3, 0.5, 0.8], size=(3, n_docs))
    # Pairs nearly equal to another (within TIE, and a little above it) and tiny values.
    fits[rng.random(fits.shape) < 0.1] += rng.choice([4e-13, 1.5e-12, 3e-12, -4e-13])
    fits[rng.random(fits.shape) < 0.05] = 5e-13
    fits = np.maximum(fits, 0.0)
    owner = rng.integers(0, n_owners, n_docs)
    expected = scan(fits, owner, n_owners)
    best, odd = best_per_owner(fits, owner, n_owners)
    settled = ~odd
    assert settled.sum() >= 2  # most owners need no second look
    assert best[settled].tolist() == np.asarray(expected)[settled].tolist()


def test_best_per_owner_flags_an_owner_whose_scan_keeps_an_earlier_pair():
    fits = np.array([[0.5, 0.5 + 5e-13]])  # the second is better, but not by more than TIE
    _, odd = best_per_owner(fits, np.array([0, 0]), 1)
    assert scan(fits, np.array([0, 0]), 1) == [0.5]
    assert odd.tolist() == [True]


@pytest.mark.parametrize("n", [1, 5, 50, 400])
def test_contenders_keep_every_document_the_top_n_can_take(n):
    rng = np.random.default_rng(n)
    raw = rng.choice([0.0, 1.0, 2.0, 2.5, 3.0, 7.0], size=300).astype(np.float32)
    raw[::17] = 9.0  # clamped at the bound below: ties at 1.0 after scaling
    rows = rng.permutation(1000)[:300]
    bound = 4.0

    def scaled(values: np.ndarray) -> np.ndarray:
        return MatchIndex._scale(values.astype(np.float64), bound)

    nonzero = raw != 0
    expected = _top_rows(rows[nonzero], scaled(raw[nonzero]), n)
    picked = _contenders(raw, n, bound)
    found = _top_rows(rows[picked], scaled(raw[picked]), n)
    assert np.array_equal(found[0], expected[0])
    assert np.array_equal(found[1], expected[1])


def test_facts_of_a_batch_taken_for_candidates_equal_facts_read_for_them():
    profiles, items, history = random_world(60, seed=11)
    index = MatchIndex.build(profiles, items, history, merge_always_below=0)
    every = CandidateFacts.read(index, list(range(len(index._org_ids))))
    rows = np.array([3, 0, 17, 42, 42, 8], dtype=np.int64)
    taken, read = every.taken(rows), CandidateFacts.read(index, rows.tolist())
    for name in ("kind", "languages", "item_kinds"):
        a, b = getattr(taken, name), getattr(read, name)
        assert [a.values[c] for c in a.codes] == [b.values[c] for c in b.codes]
    assert taken.implicit.tolist() == read.implicit.tolist()
    assert taken.egov.tolist() == read.egov.tolist()
    assert taken.tag_indptr.tolist() == read.tag_indptr.tolist()
    assert taken.tag_indices.tolist() == read.tag_indices.tolist()
    tags = list(index._org_tags[5])
    meets = taken.meets(tags, len(index._tag_names)).tolist()
    assert meets == [not set(tags).isdisjoint(index._org_tags[r]) for r in rows.tolist()]


def test_partner_scores_list_every_kept_candidate_once_and_the_top_k_comes_from_them():
    profiles, items, history = random_world(80, seed=5)
    index = MatchIndex.build(profiles, items, history, merge_always_below=0)
    for org in (1, 2, 3, 40):
        scored = index._partner_scores(org, Rules())
        assert len({target for _, target, _, _ in scored}) == len(scored)
        assert all(score > 0 for score, *_ in scored)
        best = sorted(scored, key=lambda s: (-s[0], s[1]))[:10]
        top = index.partners_for(org, 10)
        assert [(s.target_id, s.score) for s in top] == [(t, s) for s, t, _, _ in best]
