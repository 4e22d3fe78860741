"""Invariants that hold for any input (hypothesis)."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkbridge.engines.matching import Item, MatchIndex, Profile, Rules

TAGS = ["a", "b", "c", "d", "e"]
WORDS = ["payment", "gateway", "identity", "платёж", "ادائیگی", "cloud", "farm", "e-kyc", ""]

profiles = st.builds(
    Profile,
    id=st.integers(1, 30),
    country=st.sampled_from(["KZ", "PK"]),
    kind=st.sampled_from(["company", "academic", "authority", "association", "other"]),
    size=st.sampled_from(["", "micro", "small", "medium", "large", "enterprise"]),
    languages=st.lists(st.sampled_from(["en", "ru", "ur", "kk"]), max_size=3).map(tuple),
    sectors=st.lists(st.sampled_from(TAGS), max_size=3).map(tuple),
    technologies=st.lists(st.sampled_from(TAGS), max_size=3).map(tuple),
    description=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
)


@st.composite
def worlds(draw):
    people = {p.id: p for p in draw(st.lists(profiles, min_size=1, max_size=12))}
    owners = sorted(people)
    items = []
    for n in range(draw(st.integers(0, 15))):
        items.append(
            Item(
                id=100 + n,
                owner_id=draw(st.sampled_from(owners)),
                direction=draw(st.sampled_from(["offer", "need"])),
                text=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=8))),
                technologies=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=2))),
                kind=draw(st.sampled_from(["", "technology", "research", "egov", "talent"])),
                open=draw(st.booleans()),
            )
        )
    pairs = st.tuples(st.sampled_from(owners), st.sampled_from(owners))
    rules = Rules(
        cross_border=draw(st.booleans()),
        exclusions=frozenset(draw(st.lists(pairs, max_size=4))),
        dismissed=frozenset(draw(st.lists(pairs, max_size=4))),
    )
    return list(people.values()), items, rules


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(worlds(), st.integers(0, 8))
def test_partner_suggestions_obey_every_invariant(world, k):
    people, items, rules = world
    index = MatchIndex.build(people, items)
    for org in index.profiles:
        found = index.partners_for(org, k=k, rules=rules)
        assert len(found) <= k
        scores = [s.score for s in found]
        assert all(math.isfinite(s) and s > 0 for s in scores)
        assert scores == sorted(scores, reverse=True)
        targets = [s.target_id for s in found]
        assert org not in targets and len(set(targets)) == len(targets)
        for t in targets:
            assert (org, t) not in rules.exclusions and (t, org) not in rules.exclusions
            assert (org, t) not in rules.dismissed
            if rules.cross_border:
                assert index.profiles[t].country != index.profiles[org].country


@SETTINGS
@given(worlds(), st.integers(1, 8))
def test_opportunity_suggestions_are_open_foreign_items(world, k):
    people, items, rules = world
    index = MatchIndex.build(people, items)
    for org in index.profiles:
        found = index.opportunities_for(org, k=k, rules=rules)
        assert len(found) <= k
        for s in found:
            item = index.items[s.target_id]
            assert item.open and item.owner_id != org and math.isfinite(s.score)
            assert (org, s.target_id) not in rules.dismissed
    for item in items:
        for s in index.candidates_for(item.id, k=k, rules=rules):
            assert s.target_id != item.owner_id and math.isfinite(s.score)


@SETTINGS
@given(worlds())
def test_rebuilding_from_shuffled_input_gives_identical_results(world):
    people, items, _ = world
    first = MatchIndex.build(people, items)
    second = MatchIndex.build(people[::-1], items[::-1])
    for org in first.profiles:
        assert first.partners_for(org) == second.partners_for(org)
