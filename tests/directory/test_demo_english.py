"""Generated demo text reads as a person writes: "an IT outsourcing provider", not "a IT …";
"Low-code platform", not "Low-code platforms platform"; "IT" keeps its capitals mid-sentence."""

import re

import pytest

from silkbridge.directory.seed.english import article_for, in_sentence, sentence_case, tidy
from silkbridge.directory.seed.taxonomy import VOCABULARIES
from silkbridge.opportunities.demo import SUMMARIES, TITLES

LABELS = sorted({label for terms in VOCABULARIES.values() for _slug, label, *_ in terms})


@pytest.mark.parametrize(
    ("word", "article"),
    [
        ("IT", "an"),
        ("ERP", "an"),
        ("MVP", "an"),
        ("UX", "a"),
        ("QA", "a"),
        ("education", "an"),
        ("e-learning", "an"),
        ("university", "a"),
        ("hour", "an"),
        ("low-code", "a"),
        ("8-week", "an"),
        ("5G", "a"),
    ],
)
def test_the_article_fits_how_the_next_word_is_said(word, article):
    assert article_for(word) == article


def test_the_two_sentences_of_the_issue():
    assert tidy("Looking for a IT outsourcing provider in Pakistan") == (
        "Looking for an IT outsourcing provider in Pakistan"
    )
    assert tidy("Low-code platforms platform ready for fintech partners") == (
        "Low-code platform ready for fintech partners"
    )


def test_labels_mid_sentence_keep_the_capitals_of_initialisms():
    assert in_sentence("IT outsourcing") == "IT outsourcing"
    assert in_sentence("DevOps") == "DevOps"
    assert in_sentence("Digital payments") == "digital payments"


def written(template: str, label: str) -> str:
    words = {"tech": in_sentence(label), "sector": in_sentence(label)}
    words |= {"service": in_sentence(label), "country": "Pakistan", "what": in_sentence(label)}
    return sentence_case(tidy(template.format(**words)))


TEMPLATES = [t for templates in TITLES.values() for t in templates] + list(SUMMARIES.values())
VOWEL_SOUND_AFTER_A = re.compile(r"\ba (?!(?:uni|use|one|eu|U[A-Z]|UX|QA)\w*)[aeiouAEIO]")
CONSONANT_AFTER_AN = re.compile(r"\ban (?![aeiouAEIO]|IT|ERP|MVP|SMS|hour|8)[a-zA-Z0-9]")
DOUBLED_NOUN = re.compile(r"\b(\w{3,}?)(?:e?s)? \1(?:e?s)?\b", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_demo_title_and_summary_reads_right_with_every_label(template):
    for label in LABELS:
        text = written(template, label)
        assert not VOWEL_SOUND_AFTER_A.search(text), text
        assert not CONSONANT_AFTER_AN.search(text), text
        assert not DOUBLED_NOUN.search(text), text
        assert text[0] == text[0].upper(), text
