"""The small scoring functions, one rule at a time."""

import math

import pytest

from silkbridge.engines.matching.rules import (
    kind_fit,
    profile_similarity_fit,
    reciprocal,
    shared_languages,
    size_fit,
)


def test_reciprocal_prefers_two_sided_fit_of_the_same_total():
    assert reciprocal(0.4, 0.4, 0.1) > reciprocal(0.8, 0.0, 0.1)


def test_reciprocal_of_equal_sides_is_that_side_and_of_nothing_is_zero():
    assert reciprocal(0.3, 0.3, 0.1) == pytest.approx(0.3)
    assert reciprocal(0.0, 0.0, 0.1) == pytest.approx(0.0)


def test_reciprocal_grows_with_either_side():
    assert reciprocal(0.5, 0.2, 0.1) > reciprocal(0.5, 0.1, 0.1) > reciprocal(0.5, 0.0, 0.1)
    assert math.isfinite(reciprocal(-1.0, 2.0, 0.1))


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


def test_profile_similarity_matters_most_between_universities():
    assert profile_similarity_fit("academic", "academic") == 1.0
    assert profile_similarity_fit("company", "academic") < profile_similarity_fit(
        "company", "company"
    )


def test_size_fit_is_soft_and_unknown_sizes_are_ignored():
    assert size_fit("small", "small") == 1.0
    assert size_fit("micro", "enterprise") == 0.0
    assert size_fit("small", "medium") == 0.75
    assert size_fit("", "small") is None


def test_languages_shared_disjoint_or_unknown():
    assert shared_languages(("en", "ru"), ("ru", "ur")) == (["ru"], False)
    assert shared_languages(("kk",), ("ur",)) == ([], True)
    assert shared_languages((), ("ur",)) == ([], False)
