"""The batch path gives exactly what single queries give, in one process or several."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest

from silkbridge.engines.matching import HistoryEdge, Item, MatchIndex, Profile, Rules, Weights
from silkbridge.engines.matching import lexical as lexical_module
from silkbridge.engines.matching.batch import partners_for_all, retrieve_many

from .conftest import HISTORY, snapshot

WORDS = (
    *("payment", "gateway", "cards", "banking", "identity", "verification", "kyc", "cloud"),
    *("hosting", "cotton", "yarn", "export", "machine", "learning", "research", "university"),
    *("programme", "logistics", "freight", "warehouse", "solar", "energy", "grid", "agriculture"),
    *("irrigation", "telemedicine", "hospital", "software", "audit", "security", "training"),
)
TECHS = ("payments", "cybersecurity", "ai-ml", "cloud", "iot", "solar")
SECTORS = ("fintech", "banking", "education", "energy", "health", "agriculture")


def random_world(n_orgs: int, seed: int) -> tuple[list[Profile], list[Item], list[HistoryEdge]]:
    """Organisations in two countries with overlapping words and tags, and long texts, so that
    retrieval limits its query terms and candidates tie."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    profiles, items, history = [], [], []
    for org in range(1, n_orgs + 1):
        profiles.append(
            Profile(
                org,
                rng.choice(["KZ", "PK"]),
                rng.choice(["company", "company", "academic", "authority", "association"]),
                size=rng.choice(["micro", "small", "medium", "large", ""]),
                languages=tuple(rng.sample(["en", "ru", "ur", "kk"], rng.randint(0, 2))),
                sectors=tuple(rng.sample(SECTORS, rng.randint(0, 2))),
                technologies=tuple(rng.sample(TECHS, rng.randint(0, 2))),
                description=" ".join(rng.choices(WORDS, k=rng.randint(0, 30))),
                name=f"Org {org}",
            )
        )
        for _ in range(rng.randint(0, 3)):
            items.append(
                Item(
                    len(items) + 1000,
                    org,
                    rng.choice(["offer", "need"]),
                    " ".join(rng.choices(WORDS, k=rng.randint(1, 25))),
                    technologies=tuple(rng.sample(TECHS, rng.randint(0, 2))),
                    kind=rng.choice(["", "business", "technology", "egov", "research"]),
                    partner_kinds=tuple(rng.sample(["company", "academic"], rng.randint(0, 1))),
                    languages=tuple(rng.sample(["en", "ru"], rng.randint(0, 1))),
                    open=rng.random() > 0.1,
                )
            )
    for _ in range(n_orgs):
        a, b = rng.sample(range(1, n_orgs + 1), 2)
        history.append(HistoryEdge(a, b, date(2020 + rng.randint(0, 5), 1, 1)))
    return profiles, items, history


@pytest.fixture(scope="module")
def world() -> tuple[list[Profile], list[Item], list[HistoryEdge]]:
    return random_world(120, seed=3)


def one_by_one(index: MatchIndex, org_ids, k: int, rules: Rules) -> list:
    return [(o, snapshot(index.partners_for(o, k, rules))) for o in org_ids]


def batched(index: MatchIndex, **options) -> list:
    return [(o, snapshot(found)) for o, found in index.partners_for_all(**options)]


@pytest.mark.parametrize("postings", [20_000, 30])
def test_block_retrieval_equals_retrieval_one_query_at_a_time(world, monkeypatch, postings):
    # With a small posting budget retrieval reads only some terms of each query, as it does in
    # a large collection; block and single retrieval must pick the same ones.
    monkeypatch.setattr(lexical_module, "RETRIEVAL_POSTINGS", postings)
    profiles, items, _ = world
    index = MatchIndex.build(profiles, items, merge_always_below=0)
    lexical = index._lexical
    queries = [lexical.row_terms(d) for d in sorted(lexical.tokens)]
    narrowed = [len(lexical.retrieval_terms(q)) < len(q) for q in queries]
    assert any(narrowed) == (postings < 1_000)
    for (rows, vals), terms in zip(retrieve_many(lexical, queries), queries, strict=True):
        expected_rows, expected_vals = lexical.retrieve(terms)
        assert np.array_equal(rows, expected_rows)
        assert np.array_equal(vals, expected_vals)


def test_block_retrieval_includes_the_delta_segment(world):
    profiles, items, _ = world
    index = MatchIndex.build(profiles, items, merge_always_below=0, merge_fraction=1.0)
    for item in items[:10]:
        index.add_or_update_item(
            Item(item.id, item.owner_id, item.direction, item.text + " solar cards", open=True)
        )
    lexical = index._lexical
    assert lexical.pending
    queries = [lexical.row_terms(d) for d in sorted(lexical.tokens)]
    for (rows, vals), terms in zip(retrieve_many(lexical, queries), queries, strict=True):
        expected_rows, expected_vals = lexical.retrieve(terms)
        assert np.array_equal(rows, expected_rows)
        assert np.array_equal(vals, expected_vals)


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_equals_partners_for_each_organisation(world, workers):
    profiles, items, history = world
    index = MatchIndex.build(profiles, items, history, merge_always_below=0)
    expected = one_by_one(index, [p.id for p in profiles], 10, Rules())
    assert batched(index, k=10, workers=workers) == expected
    assert "retrieve" not in vars(index._lexical)  # the block lookup is gone afterwards


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_applies_rules_and_dismissals_like_single_queries(world, workers):
    profiles, items, history = world
    index = MatchIndex.build(profiles, items, history, merge_always_below=0)
    org_ids = [p.id for p in profiles[:40]]
    first = {o: index.partners_for(o, 3) for o in org_ids}
    dismissed = frozenset((o, s[0].target_id) for o, s in first.items() if s)
    rules = Rules(
        cross_border=False,
        dismissed=dismissed,
        exclusions=frozenset({(1, 2), (5, 3)}),
        blocked=frozenset({7, 8}),
        exclude_existing_partners=False,
    )
    expected = one_by_one(index, org_ids, 5, rules)
    found = batched(index, k=5, rules=rules, org_ids=org_ids, workers=workers)
    assert found == expected
    for (org_id, suggestions), (_, before) in zip(found, first.items(), strict=True):
        if before:
            assert before[0].target_id not in [s[0] for s in suggestions], org_id


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_cuts_candidates_like_single_queries_with_pending_changes(world, workers):
    """Few re-ranked candidates (so the block's own top-n cut and its ties matter), with
    changed, new, closed and removed documents still in the delta segment."""
    profiles, items, history = world
    index = MatchIndex.build(
        profiles,
        items,
        history,
        weights=Weights(rerank_candidates=6),
        merge_always_below=0,
        merge_fraction=1.0,
    )
    for item in items[:12]:
        index.add_or_update_item(
            Item(item.id, item.owner_id, item.direction, item.text + " solar cards", open=True)
        )
    index.add_or_update_item(Item(99_999, 3, "need", "payment gateway kyc identity"))
    index.add_or_update_item(Item(items[20].id, items[20].owner_id, "offer", "x", open=False))
    index.remove_item(items[21].id)
    index.remove_profile(profiles[5].id)
    base = profiles[9]
    index.add_or_update_profile(
        Profile(base.id, base.country, base.kind, description="solar energy grid research")
    )
    assert index._lexical.pending
    org_ids = sorted(index.profiles)
    expected = one_by_one(index, org_ids, 10, Rules())
    assert batched(index, k=10, workers=workers) == expected
    assert index._partner_prefetch is None  # the block's retrieval is gone afterwards


def test_egov_tags_are_seen_after_an_update(build):
    """`has_egov` caches the e-government tag ids; a tag that appears later must count."""
    index = build(profiles=[Profile(1, "KZ", "company"), Profile(2, "PK", "authority")], items=[])
    assert not index.has_egov(index._org_row[1])
    index.add_or_update_profile(Profile(1, "KZ", "company", sectors=("e-government",)))
    assert index.has_egov(index._org_row[1])
    index.add_or_update_profile(Profile(1, "KZ", "company"))
    assert not index.has_egov(index._org_row[1])


def test_batch_of_the_small_world_with_history_in_small_blocks(build):
    index = build(history=HISTORY)
    org_ids = sorted(index.profiles)
    expected = one_by_one(index, org_ids, 10, Rules())
    found = [(o, snapshot(s)) for o, s in partners_for_all(index, block=2, workers=2)]
    assert found == expected


def test_batch_keeps_the_order_of_org_ids_once_each(build):
    index = build()
    found = [o for o, _ in index.partners_for_all(org_ids=[5, 1, 5, 3], workers=1)]
    assert found == [5, 1, 3]


def test_batch_checks_its_arguments_at_the_call(build):
    index = build()
    with pytest.raises(KeyError):
        index.partners_for_all(org_ids=[1, 999])
    with pytest.raises(ValueError, match="k must be"):
        index.partners_for_all(k=-1)


def test_batch_skips_removed_organisations(build):
    index = build()
    index.remove_profile(2)
    found = dict(index.partners_for_all(workers=1))
    assert 2 not in found
    assert found == {o: index.partners_for(o) for o in sorted(index.profiles)}


def test_delegation_top_k_equals_partners_for(world):
    profiles, items, history = world
    index = MatchIndex.build(profiles, items, history, merge_always_below=0)
    members = [p.id for p in profiles[:12]]
    result = index.delegation(members, k=4)
    for org_id in members:
        expected = snapshot(index.partners_for(org_id, 4))
        assert snapshot(result.suggestions[org_id]) == expected
    assert "retrieve" not in vars(index._lexical)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_block_product_gives_scipys_sums_bit_for_bit(seed):
    """The product sized from the postings bound holds, row by row, the same float32 sums as
    scipy's own product, for queries with many, one, or no terms (and terms nobody holds)."""
    import scipy.sparse as sp

    from silkbridge.engines.matching.batch import _product

    rng = np.random.default_rng(seed)
    matrix = sp.random(40, 300, density=0.08, format="csr", dtype=np.float32, random_state=rng)
    matrix.data = (matrix.data * 7).astype(np.float32)
    matrix.data[matrix.indptr[7] : matrix.indptr[8]] = 0
    matrix.eliminate_zeros()
    queries = [np.sort(rng.choice(40, size=s, replace=False)) for s in (12, 1, 0, 40, 5)]
    queries.append(np.array([7]))  # a term no document holds (its row emptied below)
    indptr, indices, data = _product(queries, matrix)
    flat = np.concatenate(queries).astype(np.int64)
    lengths = [len(q) for q in queries]
    q = sp.csr_matrix(
        (np.ones(len(flat), np.float32), flat, np.concatenate([[0], np.cumsum(lengths)])),
        shape=(len(queries), 40),
    )
    expected = (q @ matrix).toarray()
    for i in range(len(queries)):
        got = np.zeros(300, np.float32)
        got[indices[indptr[i] : indptr[i + 1]]] = data[indptr[i] : indptr[i + 1]]
        assert got.tobytes() == expected[i].tobytes()
        assert len(set(indices[indptr[i] : indptr[i + 1]].tolist())) == indptr[i + 1] - indptr[i]
    assert indptr[3] == indptr[2]  # the query without terms finds nothing
    assert indptr[-1] == indptr[-2]  # nor does the term without documents
