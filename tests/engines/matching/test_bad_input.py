"""Bad input gives a result or a clear error, never a crash."""

from dataclasses import replace

import pytest

from silkbridge.engines.matching import Item, MatchIndex, Profile
from silkbridge.engines.matching.text import MAX_TOKENS, tokenize

from .conftest import ids, world_items, world_profiles


def test_an_empty_profile_gets_an_empty_result_not_an_error(build):
    index = build(profiles=[*world_profiles(), Profile(50, "KZ", "company")])
    assert index.partners_for(50) == []
    assert index.opportunities_for(50) == []


def test_an_index_of_nothing_answers_nothing():
    index = MatchIndex.build([], [])
    with pytest.raises(KeyError):
        index.partners_for(1)


def test_profiles_without_any_text_or_tags_can_be_indexed():
    index = MatchIndex.build([Profile(1, "KZ", "company"), Profile(2, "PK", "company")], [])
    assert index.partners_for(1) == []


def test_a_megabyte_of_text_is_truncated_and_still_matches(build):
    huge = "payment gateway integration " + "lorem ipsum dolor " * 60_000
    assert len(huge) > 1_000_000
    items = [*world_items(), Item(60, 9, "offer", huge, technologies=("payments",))]
    index = build(items=items)
    assert 60 in ids(index.opportunities_for(5, k=20))
    assert len(tokenize(huge)) <= MAX_TOKENS


def test_unknown_tags_are_accepted_and_shown_by_slug(build):
    profiles = [
        *world_profiles(),
        Profile(61, "KZ", "academic", technologies=("quantum-widgets",)),
        Profile(62, "PK", "academic", technologies=("quantum-widgets",)),
    ]
    best = build(profiles=profiles).partners_for(61)
    assert ids(best) == [62]
    assert any("quantum-widgets" in r.text for r in best[0].reasons)


def test_mixed_scripts_are_tokenised_and_matched(build):
    assert tokenize("Оплата payments ادائیگی 2024") == ["оплата", "payment", "ادائیگی"]
    items = [
        *world_items(),
        Item(
            63,
            9,
            "offer",
            "Платёжный шлюз payment gateway ادائیگی کا گیٹ وے",
            technologies=("payments",),
        ),
    ]
    assert 63 in ids(build(items=items).opportunities_for(5, k=20))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"direction": "maybe"}, "direction must be"),
        ({"owner_id": 12345}, "unknown owner"),
        ({"technologies": "payments"}, "sequence of tag slugs"),
        ({"id": "x"}, "item id must be an int"),
    ],
)
def test_invalid_items_raise_a_clear_value_error(build, change, message):
    bad = (
        replace(world_items()[0], id=70, **change)
        if "id" not in change
        else replace(world_items()[0], **change)
    )
    index = build()
    with pytest.raises(ValueError, match=message):
        index.add_or_update_item(bad)
    with pytest.raises(ValueError, match=message):
        build(items=[*world_items(), bad])


def test_duplicate_ids_in_a_build_raise_a_value_error(build):
    with pytest.raises(ValueError, match="duplicate profile"):
        build(profiles=[*world_profiles(), world_profiles()[0]])
    with pytest.raises(ValueError, match="duplicate item"):
        build(items=[*world_items(), world_items()[0]])


def test_request_is_accepted_as_need(build):
    index = build(items=[*world_items(), Item(71, 9, "request", "payment gateway wanted")])
    assert index.items[71].direction == "need"


def test_unknown_ids_raise_key_error_and_removals_of_unknown_ids_are_ignored(build):
    index = build()
    with pytest.raises(KeyError):
        index.partners_for(999)
    with pytest.raises(KeyError):
        index.candidates_for(999)
    index.remove_item(999)
    index.remove_profile(999)


def test_plural_folding_keeps_words_that_only_look_plural():
    assert tokenize("Kubernetes clusters, DevOps pipelines and payment gateways") == [
        "kubernetes",
        "cluster",
        "devops",
        "pipeline",
        "payment",
        "gateway",
    ]
    assert tokenize("species series diabetes") == ["species", "series", "diabetes"]
