"""The seeded taxonomy: the vocabulary every import, profile and match uses."""

import re

import pytest

from silkbridge.directory.models import Term, Vocabulary
from silkbridge.directory.seed.taxonomy import seed_taxonomy

pytestmark = pytest.mark.django_db

REQUIRED_SECTORS = {
    "fintech",
    "banking",
    "e-government",
    "health",
    "education",
    "telecom",
    "agritech",
    "logistics",
    "energy",
    "retail-e-commerce",
    "manufacturing",
    "transport",
    "tourism",
    "media",
    "cybersecurity",
    "research",
}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)


def test_seeding_creates_every_required_sector_and_enough_technologies_and_services():
    # given an empty taxonomy
    assert not Term.objects.exists()

    # when it is seeded
    report = seed_taxonomy()

    # then the working group's sectors are there, with a broad set of technologies and services
    sectors = set(Term.objects.filter(vocabulary=Vocabulary.SECTOR).values_list("slug", flat=True))
    assert sectors >= REQUIRED_SECTORS
    assert Term.objects.filter(vocabulary=Vocabulary.TECHNOLOGY).count() >= 25
    assert Term.objects.filter(vocabulary=Vocabulary.SERVICE).count() >= 20
    assert report.created == Term.objects.count()


def test_every_term_has_russian_and_kazakh_in_cyrillic_and_urdu_in_arabic_script():
    # given a seeded taxonomy
    seed_taxonomy()

    # when every term's labels are read
    terms = list(Term.objects.all())

    # then each language is present and written in its own script
    for term in terms:
        assert term.label_en and not CYRILLIC.search(term.label_en), term.slug
        assert CYRILLIC.search(term.label_ru), term.slug
        assert CYRILLIC.search(term.label_kk), term.slug
        assert ARABIC_SCRIPT.search(term.label_ur), term.slug
    # and the Kazakh labels are Kazakh, not copies of the Russian ones
    kazakh = [t for t in terms if KAZAKH_LETTERS.search(t.label_kk)]
    assert len(kazakh) > len(terms) / 2


def test_seeding_twice_creates_and_changes_nothing():
    # given a seeded taxonomy
    seed_taxonomy()
    before = list(Term.objects.order_by("pk").values_list("pk", "slug", "label_ur"))

    # when it is seeded again
    report = seed_taxonomy()

    # then nothing was created or updated
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == len(before)
    assert list(Term.objects.order_by("pk").values_list("pk", "slug", "label_ur")) == before


def test_seeding_restores_a_seeded_label_by_vocabulary_and_slug():
    # given a seeded term whose Russian label was damaged
    seed_taxonomy()
    Term.objects.filter(vocabulary=Vocabulary.SECTOR, slug="fintech").update(label_ru="???")

    # when the taxonomy is seeded again
    report = seed_taxonomy()

    # then that one term is updated in place, not duplicated
    term = Term.objects.get(vocabulary=Vocabulary.SECTOR, slug="fintech")
    assert term.label_ru == "Финтех"
    assert report.updated == 1
    assert Term.objects.filter(slug="fintech").count() == 1


def test_the_same_slug_may_exist_in_two_vocabularies():
    # given the seeded taxonomy, where cybersecurity is both a sector and a technology
    seed_taxonomy()

    # when both are looked up
    sector = Term.objects.get(vocabulary=Vocabulary.SECTOR, slug="cybersecurity")
    technology = Term.objects.get(vocabulary=Vocabulary.TECHNOLOGY, slug="cybersecurity")

    # then they are two different terms
    assert sector.pk != technology.pk
