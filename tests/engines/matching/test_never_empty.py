"""Every organisation with some profile text or some history gets suggestions, whatever the
size of the collection: retrieval reads the terms the collection makes useful, and history
candidates are pooled with text candidates before scoring."""

from __future__ import annotations

import random
from datetime import date

import pytest

from silkbridge.engines.matching import HistoryEdge, MatchIndex, Profile

COMMON = [f"topic{n}" for n in range(400)]  # words many profiles share (Zipf-like use)
RUSSIAN = ["платежи", "облако", "безопасность", "аналитика", "интеграция", "обучение"]
SECTORS = ("fintech", "e-government", "education", "health", "logistics", "agritech")


def collection(n: int, seed: int = 7) -> tuple[list[Profile], list[HistoryEdge], dict]:
    """`n` organisations of two countries; some hard cases named in the returned dict."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    weights = [1 / (r + 1) for r in range(len(COMMON))]
    profiles = []
    for i in range(n):
        words = rng.choices(COMMON, weights, k=6)
        if i % 10 == 3:  # mostly words nobody else uses: the old "rarest terms" cut lost them
            words = [f"unique{i}x{j}" for j in range(14)] + [rng.choice(COMMON[:20])]
        if i % 10 == 5:  # a Russian-language profile, with words of its own
            words = ["платежи", rng.choice(RUSSIAN[1:]), *(f"слово{i}д{j}" for j in range(14))]
        if i % 10 == 7:  # no text, only history (below)
            words = []
        sectors = () if i % 10 in (3, 5, 7) else (rng.choice(SECTORS),)
        profiles.append(
            Profile(
                i + 1,
                ("KZ" if i % 2 else "PK") if i % 20 != 15 else "PK",
                rng.choice(("company", "academic", "authority")),
                sectors=sectors,
                description=" ".join(words),
            )
        )
    history = []
    for i in range(7, n - 5, 10):  # a history-only organisation (KZ) and a three-step path
        for a, b in ((i, i + 1), (i + 1, i + 2), (i + 2, i + 5)):  # KZ-PK, PK-KZ, KZ-PK
            history.append(HistoryEdge(a + 1, b + 1, date(2024, 1 + i % 12, 1)))
    hard = {
        "unique words": [p.id for p in profiles if p.id % 10 == 4],
        "russian": [p.id for p in profiles if p.id % 10 == 6],
        "history only": [p.id for p in profiles if p.id % 10 == 8 and p.id < n - 4],
    }
    return profiles, history, hard


def assert_everyone_gets_suggestions(index: MatchIndex, org_ids: list[int]) -> None:
    empty = [org for org in org_ids if not index.partners_for(org, k=10)]
    assert empty == []


@pytest.mark.parametrize("size", [50, 500])
def test_every_organisation_of_a_small_collection_gets_suggestions(size):
    profiles, history, _ = collection(size)
    index = MatchIndex.build(profiles, [], history)
    in_history = {x for e in history for x in (e.a, e.b)}
    eligible = [p.id for p in profiles if p.description or p.sectors or p.id in in_history]
    assert len(eligible) >= 0.9 * size
    assert_everyone_gets_suggestions(index, eligible)


@pytest.mark.parametrize("size", [10_000, 100_000])
def test_every_kind_of_organisation_of_a_large_collection_gets_suggestions(size):
    profiles, history, hard = collection(size)
    index = MatchIndex.build(profiles, [], history)
    sample = random.Random(size).sample([p.id for p in profiles], 40)  # noqa: S311
    cases = sample + [ids[n] for ids in hard.values() for n in (0, len(ids) // 2, -1)]
    assert_everyone_gets_suggestions(index, sorted(set(cases)))


def test_a_query_of_unique_words_still_reaches_the_word_it_shares():
    # 15 terms: 14 found nowhere else and one shared word. Reading the 12 rarest terms (the
    # old rule) read only unique words and found nobody.
    profiles, _, _ = collection(50)
    index = MatchIndex.build(profiles, [])
    org = next(p for p in profiles if p.id % 10 == 4)
    found = index.partners_for(org.id, k=10)
    assert found
    assert all(s.signals.get("similar_work", 0) > 0 for s in found)
