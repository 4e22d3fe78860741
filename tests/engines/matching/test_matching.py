"""Rules and signals of the matching engine on a small world with known answers."""

import math
from dataclasses import replace
from datetime import date

import pytest

from silkbridge.engines.matching import HistoryEdge, Item, MatchIndex, Profile, Rules, Weights
from silkbridge.engines.matching.explain import FIT_TO_EXPLAIN, REASON_SIGNALS

from .conftest import HISTORY, LABELS, ids, snapshot, world_items, world_profiles


def test_two_sided_fit_ranks_above_one_sided_fit(build):
    # PayCo (2) and GateOnly (6) offer the same gateway; only PayCo also needs what KazBank offers.
    index = build()
    found = ids(index.partners_for(5))
    assert found.index(2) < found.index(6)
    by_id = {s.target_id: s for s in index.partners_for(5)}
    assert by_id[2].signals["offer_fit"] > 0
    assert by_id[6].signals["offer_fit"] == 0


def test_partners_are_cross_border_by_default(build):
    index = build()
    for org in (1, 2, 5):
        country = index.profiles[org].country
        assert all(index.profiles[t].country != country for t in ids(index.partners_for(org)))
    assert 7 not in ids(index.partners_for(5))  # same country, same offer


def test_cross_border_can_be_switched_off(build):
    assert 7 in ids(build().partners_for(5, rules=Rules(cross_border=False)))


def test_never_the_organisation_itself(build):
    index = build()
    for org in index.profiles:
        assert org not in ids(index.partners_for(org, k=50, rules=Rules(cross_border=False)))


def test_organiser_exclusions_hold_in_either_order(build):
    index = build()
    assert 2 in ids(index.partners_for(5))
    assert 2 not in ids(index.partners_for(5, rules=Rules(exclusions=frozenset({(5, 2)}))))
    assert 2 not in ids(index.partners_for(5, rules=Rules(exclusions=frozenset({(2, 5)}))))
    assert 5 not in ids(index.partners_for(2, rules=Rules(exclusions=frozenset({(5, 2)}))))


def test_dismissed_pairs_are_never_shown_again_to_the_viewer(build):
    index = build()
    rules = Rules(dismissed=frozenset({(5, 2)}))
    assert 2 not in ids(index.partners_for(5, rules=rules))
    assert 5 in ids(index.partners_for(2, rules=rules))  # only the viewer dismissed


def test_dismissed_opportunities_are_not_shown(build):
    index = build()
    assert 12 in ids(index.opportunities_for(5))
    assert 12 not in ids(index.opportunities_for(5, rules=Rules(dismissed=frozenset({(5, 12)}))))


def test_blocked_organisations_are_never_matched(build):
    index = build()
    rules = Rules(blocked=frozenset({2}))
    assert 2 not in ids(index.partners_for(5, rules=rules))
    assert 12 not in ids(index.opportunities_for(5, rules=rules))
    assert 2 not in ids(index.candidates_for(11, rules=rules))


def test_own_opportunities_are_never_suggested(build):
    index = build()
    own = {i.id for i in index.items.values() if i.owner_id == 5}
    found = ids(index.opportunities_for(5, k=50, rules=Rules(cross_border=False)))
    assert found and not own & set(found)


def test_closed_items_are_excluded_everywhere(build):
    index = build()
    assert 18 not in ids(index.opportunities_for(5, k=50))
    assert index.candidates_for(18) == []
    reopened = build(items=[replace(i, open=True) if i.id == 18 else i for i in world_items()])
    assert 18 in ids(reopened.opportunities_for(5, k=50))


def test_opportunities_for_prefers_the_matching_item(build):
    found = ids(build().opportunities_for(5))
    assert found[0] in (12, 15)  # a payment gateway offer answers KazBank's need
    assert found.index(12) < found.index(13) if 13 in found else True


def test_candidates_for_an_egov_need_are_companies_with_egov_solutions(build):
    index = build()
    found = index.candidates_for(10)
    assert found[0].target_id == 8
    assert {r.code for r in found[0].reasons} >= {"offer_meets_need", "kind_fit"}


def test_candidates_for_a_need_respect_target_country_and_partner_kinds(build):
    items = [replace(i, target_country="KZ") if i.id == 13 else i for i in world_items()]
    index = build(items=items)
    assert all(index.profiles[t].country == "KZ" for t in ids(index.candidates_for(13)))
    assert 5 in ids(index.candidates_for(13))


def test_academics_are_matched_on_profile_similarity(build):
    found = build().partners_for(4)
    assert found[0].target_id == 3
    assert "shared_sectors" in {r.code for r in found[0].reasons}


def test_russian_text_meets_english_tags_through_taxonomy_labels(build):
    items = [
        *world_items(),
        Item(30, 9, "need", "Ищем партнёра: цифровые платежи для экспорта", kind="technology"),
    ]
    profiles = [replace(p, country="KZ") if p.id == 9 else p for p in world_profiles()]
    index = build(profiles=profiles, items=items)
    found = ids(index.candidates_for(30))
    assert 2 in found and 6 in found


def test_reasons_name_only_signals_that_contributed(build):
    index = build(history=HISTORY)
    weights = index.weights
    for org in index.profiles:
        for suggestion in index.partners_for(org, k=20) + index.opportunities_for(org, k=20):
            for reason in suggestion.reasons:
                key = reason.code
                if key == "offer_meets_need":
                    key = f"{key}:{reason.params['side']}"
                signal = REASON_SIGNALS[key]
                assert suggestion.signals.get(signal, 0) > 0, (org, reason)
                if signal in ("need_fit", "offer_fit"):
                    assert suggestion.signals[signal] >= FIT_TO_EXPLAIN
                    assert suggestion.signals["reciprocal"] * weights.reciprocal > 0
                else:
                    weight = getattr(weights, signal)
                    assert suggestion.signals[signal] * weight >= weights.explain_threshold


def test_no_reasons_for_signals_that_did_not_score(build):
    index = build()
    yarns = [s for s in index.partners_for(5, k=50) if s.target_id == 9]
    assert not yarns  # nothing in common: not suggested at all
    for suggestion in index.partners_for(3):
        codes = {r.code for r in suggestion.reasons}
        assert "collaboration_path" not in codes and "active_collaborator" not in codes


def test_offer_reason_has_complete_params_for_translation(build):
    best = build().partners_for(5)[0]
    reason = next(r for r in best.reasons if r.code == "offer_meets_need")
    assert set(reason.params) >= {
        "side",
        "offer_item",
        "offer_title",
        "need_item",
        "need_title",
        "terms",
        "tags",
    }
    assert reason.params["need_item"] == 11
    # The shared tag is named once: in this reason, or in a "shared technologies" one.
    shared = [
        n for r in best.reasons if r.code == "shared_technologies" for n in r.params["labels"]
    ]
    assert ("Digital payments" in reason.params["tags"]) != ("Digital payments" in shared)
    assert "offer #" in reason.text


def test_shared_languages_reason_names_the_languages(build):
    best = {s.target_id: s for s in build().partners_for(5)}[2]
    reason = next(r for r in best.reasons if r.code == "shared_languages")
    assert reason.params["languages"] == ["en", "ru"]
    assert reason.text == "Both work in English and Russian"


def test_history_helps_through_three_step_paths_and_is_ignored_when_absent(build):
    # Cross-border history: KazBank (5, KZ) met 20 (PK), who worked with 21 (KZ), who worked
    # with GateOnly (6, PK): three steps.
    history = [
        HistoryEdge(5, 20, date(2024, 5, 1), "introduction"),
        HistoryEdge(21, 20, date(2025, 3, 1), "venture"),
        HistoryEdge(21, 6, date(2025, 6, 1), "meeting"),
    ]
    without = {s.target_id: s for s in build().partners_for(5)}
    with_history = {s.target_id: s for s in build(history=history).partners_for(5)}
    assert "history" not in without[6].signals and "activity" not in without[6].signals
    assert with_history[6].signals["history"] > 0
    assert with_history[6].score > without[6].score
    assert with_history[2].signals.get("history", 0) == 0


def test_a_partner_of_a_partner_in_the_other_country_is_named_with_its_path(build):
    # A venture of KazBank (5, KZ) with 20 (PK), and one of 20 with GateOnly (6, PK): two
    # steps, both partners in one country.
    history = [
        HistoryEdge(5, 20, date(2025, 1, 1), "venture", ref="venture:1"),
        HistoryEdge(20, 6, date(2025, 3, 1), "venture", ref="venture:2"),
    ]
    found = {s.target_id: s for s in build(history=history).partners_for(5)}
    plain = {s.target_id: s for s in build().partners_for(5)}
    assert found[6].signals["history"] > 0
    assert ids(build(history=history).partners_for(5))[0] == 6
    assert found[6].score > plain[6].score
    reason = next(r for r in found[6].reasons if r.code == "collaboration_path")
    assert reason.params == {"paths": [[20]], "count": 1}


def test_history_added_later_equals_history_at_build_and_replays_are_harmless(build, tmp_path):
    history = [
        HistoryEdge(5, 20, date(2024, 5, 1), "introduction", ref="introduction:1"),
        HistoryEdge(21, 20, date(2025, 3, 1), "venture", ref="venture:1"),
        HistoryEdge(21, 6, date(2025, 6, 1), "meeting", ref="meeting:1"),
    ]
    at_build = build(history=history)
    later = build()
    later.add_history(history[:2])
    later.add_history(history[1:])  # venture:1 again, as a journal replay would
    assert snapshot(later.partners_for(5)) == snapshot(at_build.partners_for(5))
    later.save(tmp_path / "saved")
    loaded = MatchIndex.load(tmp_path / "saved")
    assert snapshot(loaded.partners_for(5)) == snapshot(at_build.partners_for(5))
    later.remove_history(["meeting:1"])  # the path 5 - 20 - 21 - 6 is gone
    assert "history" not in {s.target_id: s for s in later.partners_for(5)}[6].signals


def test_three_step_paths_skip_direct_partners_and_weigh_hubs_less():
    from silkbridge.engines.matching.history import HistoryGraph

    day = date(2025, 1, 1)
    graph = HistoryGraph(
        [
            HistoryEdge(1, 10, day),
            HistoryEdge(2, 10, day),
            HistoryEdge(2, 11, day),  # 1 - 10 - 2 - 11: a three-step path
            HistoryEdge(2, 12, day),
            HistoryEdge(1, 12, day),  # 12 is a direct partner of 1: never a candidate
            HistoryEdge(1, 13, day),
            HistoryEdge(3, 13, day),
            HistoryEdge(3, 14, day),
            *(HistoryEdge(3, 100 + n, day) for n in range(20)),  # 3 is a hub
        ]
    )
    scores = graph.scores(1)
    reached = dict(zip(scores.ids.tolist(), scores.three.tolist(), strict=True))
    assert 12 not in reached and 1 not in reached and 10 not in reached
    assert reached[11] > reached[14] > 0  # the path to 14 runs through the hub 3
    assert graph.paths(1, 11) == ([[10, 2], [12, 2]], 2)


def test_partners_of_partners_in_ones_own_country_count():
    # A venture with two parties of one country: 1 and 2 (both KZ) worked with 10; 2 is
    # two steps from 1, which the old cross-border-only walk never scored.
    from silkbridge.engines.matching.history import HistoryGraph

    day = date(2025, 1, 1)
    graph = HistoryGraph([HistoryEdge(1, 10, day), HistoryEdge(2, 10, day)])
    scores = graph.scores(1)
    assert scores.ids.tolist() == [2]
    assert scores.two[0] > 0 and scores.lift[0] > 0
    assert graph.paths(1, 2) == ([[10]], 1)


def test_explanation_paths_are_sorted_by_strength_not_by_id():
    from silkbridge.engines.matching.history import HistoryGraph

    old, new = date(2010, 1, 1), date(2025, 1, 1)
    edges = [
        HistoryEdge(1, 10, old),
        HistoryEdge(10, 2, old),  # 1 - 10 - 2: an old, weak path through a low id
        HistoryEdge(1, 30, new),
        HistoryEdge(30, 2, new),  # 1 - 30 - 2: recent, strong
        HistoryEdge(1, 20, new),
        HistoryEdge(20, 2, new),
        *(HistoryEdge(20, 100 + n, new) for n in range(30)),  # 20 is a hub
    ]
    paths, count = HistoryGraph(edges).paths(1, 2)
    assert count == 3
    assert paths == [[30], [20], [10]]


def test_a_hub_costs_a_bounded_amount_of_work_per_query(monkeypatch):
    from silkbridge.engines.matching import history as history_module

    day = date(2025, 1, 1)
    # 1 worked with 2..51; each of those worked with 1,000 others: the three-step frontier
    # would read 50,000 entries; with a budget of 5,000 only the strongest middles are read.
    edges = [HistoryEdge(1, p, day) for p in range(2, 52)]
    edges += [HistoryEdge(p, 10_000 + 1_000 * p + n, day) for p in range(2, 52) for n in range(5)]
    edges += [
        HistoryEdge(10_000 + 1_000 * 2 + n, 900_000 + m, day)
        for n in range(5)
        for m in range(1_000)
    ]
    monkeypatch.setattr(history_module, "THREE_STEP_BUDGET", 5_000)
    graph = history_module.HistoryGraph(edges)
    scores = graph.scores(1)
    assert len(scores.ids) < 10_000
    assert (scores.three > 0).any()


def test_existing_partners_are_not_suggested_again(build):
    history = [HistoryEdge(5, 2, date(2025, 1, 1), "venture")]
    assert 2 not in ids(build(history=history).partners_for(5))
    kept = build(history=history).partners_for(5, rules=Rules(exclude_existing_partners=False))
    assert 2 in ids(kept)


def test_delegation_gives_top_k_and_a_pair_matrix(build):
    index = build()
    result = index.delegation([5, 1, 4], k=2)
    suggestions, matrix = result
    assert set(suggestions) == {5, 1, 4}
    assert all(len(s) <= 2 for s in suggestions.values())
    assert len(matrix) == 3 and all(len(row) == len(result.candidates) for row in matrix)
    for i, member in enumerate(result.members):
        for s in suggestions[member]:
            assert matrix[i][result.candidates.index(s.target_id)] == s.score


def test_results_do_not_depend_on_input_order(build):
    first = build()
    second = build(profiles=world_profiles()[::-1], items=world_items()[::-1])
    for org in first.profiles:
        assert snapshot(first.partners_for(org)) == snapshot(second.partners_for(org))


def test_save_and_load_give_the_same_results(build, tmp_path):
    index = build(history=HISTORY)
    index.save(tmp_path / "index")
    loaded = MatchIndex.load(tmp_path / "index")
    for org in index.profiles:
        assert snapshot(loaded.partners_for(org)) == snapshot(index.partners_for(org))
        assert snapshot(loaded.opportunities_for(org)) == snapshot(index.opportunities_for(org))
    for item in index.items:
        assert snapshot(loaded.candidates_for(item)) == snapshot(index.candidates_for(item))
    assert not list(tmp_path.glob("**/*.pkl"))


def _final_state():
    profiles = [
        replace(p, description=p.description + " and cloud") if p.id == 4 else p
        for p in world_profiles()
        if p.id != 9
    ]
    items = [
        replace(i, text=i.text + " with tokenisation") if i.id == 12 else i
        for i in world_items()
        if i.id != 17
    ]
    items.append(
        Item(
            40,
            3,
            "need",
            "Machine learning research partner for a summer school",
            technologies=("ai-ml",),
            kind="talent",
            title="Summer school",
        )
    )
    return profiles, items


def _apply_changes(index: MatchIndex) -> None:
    profiles, items = _final_state()
    index.remove_profile(9)
    index.remove_item(17)
    index.add_or_update_profile(next(p for p in profiles if p.id == 4))
    index.add_or_update_item(next(i for i in items if i.id == 12))
    index.add_or_update_item(next(i for i in items if i.id == 40))


def _all_results(index: MatchIndex) -> list:
    out = [snapshot(index.partners_for(org)) for org in sorted(index.profiles)]
    out += [snapshot(index.opportunities_for(org)) for org in sorted(index.profiles)]
    out += [snapshot(index.candidates_for(item)) for item in sorted(index.items)]
    return out


def test_incremental_changes_equal_a_full_rebuild(build):
    index = build()
    _apply_changes(index)
    profiles, items = _final_state()
    assert _all_results(index) == _all_results(build(profiles=profiles, items=items))


def test_delta_segment_merges_into_a_full_rebuild(build):
    index = build(merge_always_below=0, merge_fraction=10.0)
    _apply_changes(index)
    assert index._lexical.pending > 0
    assert 17 not in ids(index.opportunities_for(4, k=50))  # removed at once
    assert 40 in ids(index.opportunities_for(4, k=50))  # added at once
    assert 9 not in {s.target_id for org in index.profiles for s in index.partners_for(org, k=50)}
    index.compact()
    profiles, items = _final_state()
    assert _all_results(index) == _all_results(build(profiles=profiles, items=items))


def test_a_merge_built_aside_keeps_the_changes_made_while_it_was_built(build):
    """A server builds the merged segment in another thread; whatever changed meanwhile must
    survive the swap exactly as if the merge had happened in place before those changes."""
    profiles, items = _final_state()

    def early(index: MatchIndex) -> None:
        index.remove_profile(9)
        index.add_or_update_item(next(i for i in items if i.id == 40))

    def late(index: MatchIndex) -> None:
        index.remove_item(17)
        index.add_or_update_profile(next(p for p in profiles if p.id == 4))
        index.add_or_update_item(next(i for i in items if i.id == 12))

    index = build(merge_always_below=0, merge_fraction=0.0)
    index.auto_compact = False
    early(index)
    assert index.compaction_due
    plan = index.begin_compact()
    assert not index.compaction_due  # one merge at a time
    late(index)  # while the plan is being built: not in its snapshot
    assert index.finish_compact(plan, plan.build())
    assert index._lexical.pending > 0  # the later documents wait in the delta

    in_place = build(merge_always_below=0, merge_fraction=0.0)
    in_place.auto_compact = False
    early(in_place)
    in_place.compact()
    late(in_place)
    assert _all_results(index) == _all_results(in_place)
    index.compact()
    assert _all_results(index) == _all_results(build(profiles=profiles, items=items))


def test_a_merge_plan_made_stale_by_another_merge_is_not_installed(build):
    index = build(merge_always_below=0, merge_fraction=0.0)
    index.auto_compact = False
    plan = index.begin_compact()
    index.compact()
    assert index.finish_compact(plan, plan.build()) is False


def test_removing_a_profile_removes_its_items(build):
    index = build()
    index.remove_profile(2)
    assert 2 not in ids(index.partners_for(5, k=50))
    assert 12 not in ids(index.opportunities_for(5, k=50))
    with pytest.raises(KeyError):
        index.candidates_for(12)


def test_k_is_respected_and_zero_gives_nothing(build):
    index = build()
    assert len(index.partners_for(5, k=1)) == 1
    assert index.partners_for(5, k=0) == []
    with pytest.raises(ValueError, match="k must be"):
        index.partners_for(5, k=-1)


def test_weights_change_the_ranking(build):
    index = build(weights=Weights(reciprocal=0.0, profile_similarity=1.0))
    assert all(s.signals.get("profile_similarity", 0) > 0 for s in index.partners_for(4))


def test_profile_without_labels_still_matches_by_slug():
    index = MatchIndex.build(
        [
            Profile(1, "KZ", "academic", technologies=("quantum",)),
            Profile(2, "PK", "academic", technologies=("quantum",)),
        ],
        [],
    )
    best = index.partners_for(1)
    assert ids(best) == [2]
    assert "quantum" in best[0].reasons[0].text


def test_labels_are_used_in_reasons():
    assert LABELS["technology:payments"] == "Digital payments"


def test_needs_written_only_in_a_description_are_matched(build):
    from silkbridge.engines.matching.text import split_description

    assert split_description("We build ERP. We are looking for a payments partner.") == (
        "We build ERP.",
        "We are looking for a payments partner.",
    )
    assert split_description("Ищем партнёра: платёжный шлюз.")[1]
    assert split_description("ہمیں ادائیگی کے نظام کی تلاش ہے۔")[1]
    assert split_description("We make cotton yarn.") == ("We make cotton yarn.", "")
    profiles = [
        Profile(40, "KZ", "company", description="Bakery chain. We need a loyalty app."),
        Profile(41, "PK", "company", description="We build loyalty app platforms for retail."),
        Profile(42, "PK", "company", description="Retailer. We are looking for a loyalty app."),
    ]
    index = build(profiles=profiles, items=[])
    found = {s.target_id: s for s in index.partners_for(40)}
    assert 41 in found and found[41].signals["need_fit"] > 0
    # A peer that seeks the same thing offers nothing: its need is not read as an offer.
    assert found.get(42) is None or found[42].score < found[41].score
    reason = next(r for r in found[41].reasons if r.code == "offer_meets_need")
    assert reason.params["side"] == "theirs"


def test_a_tag_named_by_a_shared_reason_is_not_repeated_in_the_offer_reason(build):
    index = build(weights=Weights(profile_similarity=0.5))
    both = 0
    for org in sorted(index.profiles):
        for suggestion in index.partners_for(org, k=50):
            shared = {
                label
                for r in suggestion.reasons
                if r.code.startswith("shared_") and r.code != "shared_languages"
                for label in r.params["labels"]
            }
            offers = [r for r in suggestion.reasons if r.code == "offer_meets_need"]
            if shared and offers:
                both += 1
            for reason in offers:
                assert not shared & set(reason.params["tags"]), reason.text
                assert not any(label in reason.text for label in shared), reason.text
    assert both > 0


def test_explanation_paths_agree_with_listing_every_path():
    import itertools
    import random as random_module

    from silkbridge.engines.matching.history import HistoryGraph

    rng = random_module.Random(3)  # noqa: S311 - test data, not secrets
    edges = [
        HistoryEdge(a, b, date(2020 + rng.randint(0, 5), rng.randint(1, 12), 1))
        for a, b in itertools.combinations(range(1, 25), 2)
        if rng.random() < 0.2
    ]
    graph = HistoryGraph(edges)
    weight = {}
    for a in graph.ids.tolist():
        weight.update({(a, b): w for b, w in graph.partners(a).items()})
    damp = {o: 1 / math.log1p(graph.partner_count(o)) for o in graph.ids.tolist()}
    for a, b in itertools.permutations(graph.ids.tolist()[:12], 2):
        listed = []
        for p in graph.partners(a):
            if p != b and (p, b) in weight:
                listed.append((weight[a, p] * damp[p] * weight[p, b], [p]))
            for q in graph.partners(p):
                if q not in (a, p) and p != b and (q, b) in weight:
                    listed.append(
                        (weight[a, p] * damp[p] * weight[p, q] * damp[q] * weight[q, b], [p, q])
                    )
        listed.sort(key=lambda x: (-round(x[0], 12), x[1]))
        paths, count = graph.paths(a, b, limit=4)
        assert count == len(listed)
        assert paths == [path for _, path in listed[:4]]


def test_the_history_model_is_saved_with_the_index(build, tmp_path):
    from silkbridge.engines.matching.history import history_model

    model = (-6.0, 1.0, 0.5, 0.2)
    index = build(history=HISTORY, weights=Weights(history_model=model))
    index.save(tmp_path / "index")
    loaded = MatchIndex.load(tmp_path / "index")
    assert loaded.weights.history_model == model
    assert loaded._history.model == history_model(model)
    assert snapshot(loaded.partners_for(5)) == snapshot(index.partners_for(5))
