"""The small scoring functions, one rule at a time."""

import math

import pytest

from silkbridge.engines.matching.rules import (
    kind_fit,
    profile_similarity_fit,
    reciprocal,
    shared_languages,
)


def test_reciprocal_ranks_one_sided_below_two_sided_of_the_same_strength():
    # The rule: answering something back makes an equally strong fit better.
    assert reciprocal(0.8, 0.4, 0.25) > reciprocal(0.8, 0.0, 0.25)
    assert reciprocal(0.0, 0.8, 0.25) < reciprocal(0.4, 0.8, 0.25)


def test_reciprocal_lets_one_exact_fit_beat_two_weak_related_ones():
    # The judges' rule: a partner must first answer something well (grade 2 > grade 1).
    assert reciprocal(0.8, 0.0, 0.25) > reciprocal(0.4, 0.4, 0.25)


def test_reciprocal_is_symmetric_zero_for_nothing_and_grows_with_either_side():
    assert reciprocal(0.3, 0.6, 0.25) == pytest.approx(reciprocal(0.6, 0.3, 0.25))
    assert reciprocal(0.0, 0.0, 0.25) == pytest.approx(0.0)
    assert reciprocal(0.5, 0.2, 0.25) > reciprocal(0.5, 0.1, 0.25) > reciprocal(0.5, 0.0, 0.25)
    assert reciprocal(0.6, 0.2, 0.25) > reciprocal(0.5, 0.2, 0.25)
    assert math.isfinite(reciprocal(-1.0, 2.0, 0.25))


def test_egov_need_is_best_met_by_a_company_with_egov_solutions():
    assert kind_fit("egov", "company", partner_has_egov=True) == 1.0
    assert kind_fit("egov", "company", partner_has_egov=False) < 1.0
    assert kind_fit("egov", "academic") < kind_fit("egov", "company")


def test_research_and_talent_go_to_academics_first():
    assert kind_fit("research", "academic") > kind_fit("research", "company")
    assert kind_fit("talent", "academic") >= kind_fit("talent", "company")


def test_unknown_kinds_are_neutral():
    assert kind_fit("", "company") == 0.0
    assert kind_fit("research", "alien") == 0.0


def test_profile_similarity_counts_only_between_universities():
    """Measured: for other pairs it cost more than it helped (docs/benchmarks.md)."""
    assert profile_similarity_fit("academic", "academic") == 1.0
    assert profile_similarity_fit("company", "company") == 0.0
    assert profile_similarity_fit("company", "academic") == 0.0


def test_languages_shared_disjoint_or_unknown():
    assert shared_languages(("en", "ru"), ("ru", "ur")) == (["ru"], False)
    assert shared_languages(("kk",), ("ur",)) == ([], True)
    assert shared_languages((), ("ur",)) == ([], False)
