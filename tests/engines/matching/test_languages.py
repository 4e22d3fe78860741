"""Every language at parity: a Russian, Kazakh or Urdu profile meets English partners."""

from __future__ import annotations

import pytest

from silkbridge.engines.matching import MatchIndex, Profile
from silkbridge.engines.matching.concepts import ConceptFinder
from silkbridge.engines.matching.loanwords import loanword_key
from silkbridge.engines.matching.text import MAX_TOKENS, index_tokens, tokenize

LABELS = {
    "technology:mobile": "Mobile apps",
    "sector:fintech": "Fintech",
    "technology:ai": "Artificial intelligence and machine learning",
    "sector:logistics": "Logistics",
}
ALIASES = {
    "technology:mobile": ["Мобильные приложения", "Мобильді қосымшалар", "موبائل ایپس"],
    "sector:fintech": ["Финтех", "Финтех", "فن ٹیک"],
    "technology:ai": [
        "Искусственный интеллект и машинное обучение",
        "Жасанды интеллект және машиналық оқыту",
        "مصنوعی ذہانت اور مشین لرننگ",
    ],
    "sector:logistics": ["Логистика", "Логистика", "لاجسٹکس"],
}


@pytest.mark.parametrize(
    ("english", "other"),
    [
        ("fintech", "финтех"),
        ("platform", "платформа"),
        ("hosting", "хостинг"),
        ("hosting", "ہوسٹنگ"),
        ("blockchain", "блокчейн"),
        ("telemedicine", "телемедицина"),
        ("logistics", "لاجسٹکس"),
        ("mobile", "мобильных"),
        ("mobile", "мобильді"),
        ("mobile", "موبائل"),
    ],
)
def test_a_loanword_has_the_key_of_its_english_twin(english, other):
    assert loanword_key(english) == loanword_key(other) != ""


def test_unrelated_words_get_different_keys():
    keys = {loanword_key(w) for w in ("fintech", "platform", "hosting", "mobile", "logistics")}
    assert len(keys) == 5


def test_keys_are_added_beside_the_words_never_instead():
    words = tokenize("Финтех платформа для банков")
    tokens = index_tokens("Финтех платформа для банков")
    assert tokens[: len(words)] == words
    assert {"~fntk", "~pltfrm"} <= set(tokens[len(words) :])
    assert len(index_tokens("platform " * 5_000)) <= 2 * MAX_TOKENS


def test_taxonomy_terms_are_found_in_free_text_in_every_language():
    finder = ConceptFinder(LABELS, ALIASES, index_tokens)
    assert finder.find(index_tokens("Разработка мобильных приложений для банков")) == [
        "#technology:mobile"
    ]
    assert finder.find(index_tokens("Біз машиналық оқыту жобаларын іздейміз")) == ["#technology:ai"]
    assert finder.find(index_tokens("ہم موبائل ایپس بناتے ہیں")) == ["#technology:mobile"]
    assert finder.find(index_tokens("We build mobile apps and fintech tools")) == [
        "#sector:fintech",
        "#technology:mobile",
    ]
    assert finder.find(index_tokens("Textile mill in Faisalabad")) == []


def test_a_russian_profile_finds_the_english_partner_it_needs():
    profiles = [
        Profile(
            1,
            "KZ",
            "company",
            description="Мы предлагаем финтех платформу. Ищем партнёра: разработка мобильных "
            "приложений.",
        ),
        Profile(2, "PK", "company", description="We offer mobile app development for banks."),
        Profile(3, "PK", "company", description="We offer textile dyeing and garment export."),
        Profile(4, "PK", "company", description="Cotton yarn spinning mill, export quality."),
    ]
    index = MatchIndex.build(profiles, [], [], taxonomy_labels=LABELS, taxonomy_aliases=ALIASES)
    assert [s.target_id for s in index.partners_for(1, k=3)][:1] == [2]
    english = [s.target_id for s in index.partners_for(2, k=3)]
    assert english[:1] == [1]
    for suggestion in index.partners_for(1, k=3):
        for reason in suggestion.reasons:
            assert "~" not in reason.text
