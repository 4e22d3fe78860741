"""The calibrated probability and the fit label: bounded, monotone, shipped, saved."""

import itertools
import json
import math
import socket
from dataclasses import replace

import pytest

from silkbridge.engines.matching import MatchIndex, Weights, ranker
from silkbridge.engines.matching.ranker import FEATURES, fit_label, probability

from .conftest import HISTORY

SIGNAL_GRID = (0.0, 0.05, 0.2, 0.5, 0.8, 1.0)


def test_probability_stays_in_zero_to_one_even_for_extreme_signals():
    assert 0.0 <= probability({}) <= 1.0
    huge = {name: 1e6 for name in ("reciprocal", "item_fit", "similar_work", "history", "kind")}
    assert 0.0 <= probability(huge) <= 1.0
    assert 0.0 <= probability({"reciprocal": 1.0}, penalty=0.0) <= 1.0
    assert probability(huge) > 0.99


@pytest.mark.parametrize("signal", ["reciprocal", "similar_work", "kind", "language", "item_fit"])
@pytest.mark.parametrize("history", [0.0, 0.01])
def test_probability_never_falls_when_a_content_signal_grows(signal, history):
    base = {"history": history} if history else {}
    values = [probability({**base, signal: v}) for v in SIGNAL_GRID]
    assert values == sorted(values)


def test_probability_rises_with_the_offer_need_fit_and_with_the_history_lift():
    fits = [probability({"reciprocal": v}) for v in SIGNAL_GRID]
    assert all(a < b for a, b in itertools.pairwise(fits))
    lifts = [probability({"history": v}) for v in (0.0005, 0.002, 0.01, 0.05)]
    assert all(a < b for a, b in itertools.pairwise(lifts))


def test_a_penalty_never_raises_the_probability():
    signals = {"reciprocal": 0.6, "kind": 1.0}
    values = [probability(signals, penalty) for penalty in (1.0, 0.75, 0.5, 0.375)]
    assert values == sorted(values, reverse=True)


def test_fit_label_thresholds():
    assert 0.0 < ranker.GOOD_AT < ranker.STRONG_AT < 1.0
    assert fit_label(1.0) == "strong"
    assert fit_label(ranker.STRONG_AT) == "strong"
    assert fit_label(math.nextafter(ranker.STRONG_AT, 0.0)) == "good"
    assert fit_label(ranker.GOOD_AT) == "good"
    assert fit_label(math.nextafter(ranker.GOOD_AT, 0.0)) == "possible"
    assert fit_label(0.0) == "possible"


def test_the_coefficients_file_ships_in_the_package_and_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the ranker must not touch the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    data = ranker._load()
    assert ranker._FILE.parent.parent == ranker.Path(ranker.__file__).parent
    assert data["features"] == list(FEATURES)
    assert len(data["coefficients"]) == len(FEATURES)
    assert all(math.isfinite(c) for c in [data["intercept"], *data["coefficients"]])
    assert (data["intercept"], *data["coefficients"]) == ranker.RANKER
    assert Weights().ranker == ranker.RANKER


def test_a_file_for_other_features_is_refused(tmp_path, monkeypatch):
    wrong = json.loads(ranker._FILE.read_text(encoding="utf-8"))
    wrong["features"] = wrong["features"][:-1]
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(wrong), encoding="utf-8")
    monkeypatch.setattr(ranker, "_FILE", path)
    with pytest.raises(ValueError):
        ranker._load()


def test_every_suggestion_carries_the_probability_of_its_signals(build):
    index = build(history=HISTORY)
    found = index.partners_for(5) + index.opportunities_for(1) + index.candidates_for(11)
    assert found
    for s in found:
        assert 0.0 < s.probability < 1.0
        assert fit_label(s.probability) in ("strong", "good", "possible")
        raw = index._unpenalised(s.signals)
        expected = probability(s.signals, s.score / raw if raw > 0 else 1.0)
        assert s.probability == pytest.approx(expected, abs=1e-5)


def test_the_best_two_sided_partner_is_more_probable_than_a_weak_one(build):
    found = build().partners_for(5, k=20)
    by_id = {s.target_id: s for s in found}
    # PayCo (2) answers KazBank's payments need and needs its distribution: two-sided.
    assert by_id[2].probability == max(s.probability for s in found)
    assert by_id[2].probability > min(s.probability for s in found)


def test_save_and_load_keep_the_ranker_the_index_was_built_with(build, tmp_path):
    custom = tuple(c * 0.5 for c in ranker.RANKER)
    index = build(weights=replace(Weights(), ranker=custom))
    index.save(tmp_path / "index")
    loaded = MatchIndex.load(tmp_path / "index")
    assert loaded.weights.ranker == custom
    before = [(s.target_id, s.probability) for s in index.partners_for(5)]
    assert [(s.target_id, s.probability) for s in loaded.partners_for(5)] == before
    shipped = {s.target_id: s.probability for s in build().partners_for(5)}
    assert any(shipped[t] != p for t, p in before)
