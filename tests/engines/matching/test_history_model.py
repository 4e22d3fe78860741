"""The history model's inputs: classic Adamic-Adar, the organisations' topics, old models."""

from datetime import date

import numpy as np
import pytest

from silkbridge.engines.matching import HistoryEdge, MatchIndex, Profile
from silkbridge.engines.matching.history import (
    HISTORY_INPUTS,
    HistoryGraph,
    history_model,
    history_strength,
)

DAY, OLD = date(2025, 1, 1), date(2015, 1, 1)
#: intercept, then one coefficient per input: only the named input speaks.
ONLY = {name: i + 1 for i, name in enumerate(HISTORY_INPUTS)}


def model_with(**coefficients: float) -> tuple[float, ...]:
    model = [-8.0] + [0.0] * len(HISTORY_INPUTS)
    for name, value in coefficients.items():
        model[ONLY[name]] = value
    return tuple(model)


def test_an_old_four_coefficient_model_gives_the_same_lifts_as_before():
    old = (-8.0, 0.8, 0.1, 0.03)
    two, three, degree = np.array([0.0, 0.01, 0.2]), np.array([0.3, 0.0, 0.05]), np.array([1, 4, 9])
    before = (np.log1p(100 * two) + 0.1 * np.log1p(100 * three) + 0.03 * np.log1p(degree)) * 0.8
    assert history_model(old) == pytest.approx((-8.0, 0.8, 0.08, 0.024, 0.0, 0.0))
    assert history_strength(two, three, degree, old) == pytest.approx(before)


def test_a_model_with_a_wrong_number_of_coefficients_is_refused():
    with pytest.raises(ValueError, match="coefficients"):
        HistoryGraph([HistoryEdge(1, 2, DAY)], model=(1.0, 2.0, 3.0))


def test_classic_adamic_adar_counts_an_old_common_partner_as_much_as_a_recent_one():
    edges = [
        HistoryEdge(1, 10, DAY),
        HistoryEdge(2, 10, DAY),  # 1 - 10 - 2 recent
        HistoryEdge(1, 20, OLD),
        HistoryEdge(3, 20, OLD),  # 1 - 20 - 3 ten years old
        HistoryEdge(3, 30, DAY),
        HistoryEdge(3, 31, DAY),  # 3 has more partners, which does not matter here
    ]
    scores = HistoryGraph(edges).scores(1)
    by_id = dict(zip(scores.ids.tolist(), range(len(scores.ids)), strict=True))
    two, classic = scores.two, scores.adamic_adar
    assert two[by_id[2]] > two[by_id[3]]  # recency weighs the old path down
    # 10 and 20 both have two partners: 1 / log(2) each, whatever their age.
    assert classic[by_id[2]] == pytest.approx(1 / np.log(2))
    assert classic[by_id[3]] == pytest.approx(1 / np.log(2))


def test_shared_topics_raise_the_lift_only_when_the_model_weighs_them():
    edges = [HistoryEdge(1, 10, DAY), HistoryEdge(2, 10, DAY), HistoryEdge(3, 10, DAY)]
    topics = {1: ("fintech", "fintech", "health"), 2: ("fintech",), 3: ("energy",)}
    weighed = HistoryGraph(edges, model=model_with(two_step=1.0, topic=2.0), topics=topics)
    scores = weighed.scores(1)
    assert scores.ids.tolist() == [2, 3]
    # Cosine with multiplicity: (2, 1) against (1, 0) is 2 / sqrt(5); nothing in common is 0.
    assert scores.topic.tolist() == pytest.approx([2 / np.sqrt(5), 0.0])
    assert scores.lift[0] > scores.lift[1] > 0
    ignored = HistoryGraph(edges, model=model_with(two_step=1.0), topics=topics).scores(1)
    assert ignored.lift[0] == pytest.approx(ignored.lift[1])


def test_a_changed_graph_keeps_the_topics():
    topics = {1: ("fintech",), 2: ("fintech",)}
    graph = HistoryGraph([HistoryEdge(1, 10, DAY)], model=model_with(topic=1.0), topics=topics)
    changed = graph.changed([HistoryEdge(2, 10, DAY)], [])
    assert changed.topics == graph.topics
    assert changed.scores(1).topic.tolist() == pytest.approx([1.0])


def test_the_index_gives_its_history_the_sectors_of_the_organisations_and_keeps_them(tmp_path):
    profiles = [
        Profile(1, "KZ", "company", sectors=("fintech",)),
        Profile(2, "PK", "company", sectors=("fintech",)),
        Profile(3, "PK", "company", sectors=("agritech",)),
        Profile(10, "KZ", "company"),
    ]
    edges = [HistoryEdge(1, 10, DAY), HistoryEdge(2, 10, DAY), HistoryEdge(3, 10, DAY)]
    index = MatchIndex.build(profiles, [], edges)
    assert index._history.topics == {1: ("fintech",), 2: ("fintech",), 3: ("agritech",)}
    index.save(tmp_path / "index")
    loaded = MatchIndex.load(tmp_path / "index")
    assert loaded._history.topics == index._history.topics
    assert loaded._history.scores(1).topic.tolist() == pytest.approx([1.0, 0.0])
