"""Reason wording: the words "in common" are evidence a person can check, never the two
countries' names or words every partnership text has."""

import pytest
from django.utils import translation

from silkbridge.engines.matching import Reason
from silkbridge.matching import reasons, selectors


def offer_reason(**params) -> Reason:
    base = {
        "side": "theirs",
        "offer_item": 7,
        "offer_title": "Card processing",
        "need_item": 9,
        "need_title": "Payments partner",
        "terms": [],
        "tags": [],
    }
    return Reason("offer_meets_need", {**base, **params}, "engine text")


def rendered(reason: Reason) -> str:
    with translation.override("en"):
        return reasons.render(reason, reasons.Context(hidden_items=set(), labels={}))


def test_country_names_and_generic_words_are_left_out_of_the_words_in_common():
    reason = offer_reason(
        terms=["acquiring", "company", "gateway", "kazakhstan", "pakistan", "partner", "partners"]
    )
    assert rendered(reason) == (
        "They offer “Card processing”; you seek “Payments partner” — in common: acquiring, gateway"
    )


@pytest.mark.parametrize(
    "word",
    [
        "Pakistan",
        "pakistani",
        "kazakhstan",
        "kazakhstani",
        "казахстан",
        "казахстане",
        "пакистана",
        "қазақстан",
        "қазақстанда",
        "пәкістан",
        "پاکستان",
        "پاکستانی",
        "قازقستان",
        "partnership",
        "companies",
        "партнёр",
        "сотрудничество",
    ],
)
def test_each_country_name_and_generic_word_is_no_evidence(word):
    assert not reasons.is_evidence(word)
    assert reasons.is_evidence("gateway")


def test_when_only_generic_words_are_in_common_the_in_common_part_is_omitted():
    reason = offer_reason(side="yours", terms=["partner", "pakistan", "company", "kazakhstan"])
    text = rendered(reason)
    assert text == "You offer “Card processing”; they seek “Payments partner”"
    assert "in common" not in text


def test_tags_that_remain_are_preferred_to_words():
    reason = offer_reason(tags=["Fintech"], terms=["gateway", "pakistan"])
    assert rendered(reason).endswith("— in common: Fintech")
    reason = offer_reason(tags=["Pakistan"], terms=["gateway", "pakistan"])
    assert rendered(reason).endswith("— in common: gateway")


def test_a_real_suggestion_never_names_the_countries_in_common(
    world, member, organisation, other_organisation
):
    """The engine sees "partner", "Pakistan" and "Kazakhstan" in both texts; the reason
    shown names only the real shared words."""
    from silkbridge.opportunities.models import Opportunity

    for opportunity in (world["need"], world["offer"]):  # words, not tags, in common
        opportunity.sectors.clear()
        opportunity.technologies.clear()
    Opportunity.objects.filter(pk=world["need"].pk).update(
        summary="We seek a partner company in Pakistan for gateway integration in Kazakhstan"
    )
    Opportunity.objects.filter(pk=world["offer"].pk).update(
        summary="Our company in Pakistan is a partner for payment gateway integration in Kazakhstan"
    )
    with translation.override("en"):
        shown = selectors.recommended_partners(member, organisation, 5)
    texts = [r for s in shown if s.target_id == other_organisation.pk for r in s.reasons]
    offer_texts = [t for t in texts if "in common" in t]
    assert offer_texts, texts
    for text in offer_texts:
        assert text.endswith("in common: gateway, integration, payment"), text


def test_in_urdu_titles_and_words_are_isolated_so_they_keep_their_direction():
    reason = offer_reason(terms=["gateway", "acquiring"])
    with translation.override("ur"):
        text = reasons.render(reason, reasons.Context(hidden_items=set(), labels={}))
    assert "\u2068Card processing\u2069" in text
    assert "\u2068gateway, acquiring\u2069" in text
    assert "\u2068" not in rendered(reason)  # left-to-right languages are left as they are
