"""Likely duplicates shown before a new organisation is registered."""

import pytest

from silkbridge.joining.duplicates import core_name, likely_duplicates, name_similarity


def names(found) -> list[str]:
    return [entry.organisation.name for entry in found]


def test_legal_forms_case_and_punctuation_do_not_count():
    assert core_name("Qazaq Fintech Labs LLP") == "qazaq fintech labs"
    assert core_name("ТОО «Казах Финтех Лабс»") == "казах финтех лабс"
    assert core_name("Indus Code Works (Pvt.) Ltd.") == "indus code works"
    assert name_similarity("QAZAQ FINTECH LABS", "Qazaq Fintech Labs LLP") == 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Astana Software", "Astana Hub"),
        ("Kaspi Bank", "Halyk Bank"),
        ("Nomad AI Systems", "Qazaq Fintech Labs"),
    ],
)
def test_names_that_share_a_word_or_nothing_are_not_similar(a, b):
    assert name_similarity(a, b) < 0.8


def test_a_similar_name_in_the_same_country_is_a_likely_duplicate(make_organisation):
    make_organisation("Qazaq Fintech Labs", country="KZ")
    make_organisation("Qazaq Fintech Labs", country="PK")
    make_organisation("Qazaq Agro Holding", country="KZ")

    found = likely_duplicates(name="Qazaq Fintech Lab LLP", country="KZ")

    assert names(found) == ["Qazaq Fintech Labs"]
    assert str(found[0].organisation.country) == "KZ"
    assert found[0].reasons == ["name"]


def test_the_same_website_domain_is_a_likely_duplicate_whatever_the_name(make_organisation):
    make_organisation("QFL", country="KZ", website="https://www.qfl.example.kz/about")

    found = likely_duplicates(
        name="Completely Different", country="KZ", website="http://qfl.example.kz"
    )

    assert names(found) == ["QFL"]
    assert found[0].reasons == ["website"]


def test_the_same_registration_number_comes_first(make_organisation):
    make_organisation("Nomad AI", country="KZ")
    numbered = make_organisation("Old Name of the Company", country="KZ")
    numbered.registration_number = "971240001315"
    numbered.save()

    found = likely_duplicates(name="Nomad AI", country="KZ", registration_number="971240001315")

    assert names(found) == ["Old Name of the Company", "Nomad AI"]
    assert found[0].reasons == ["registration_number"]


def test_merged_and_refused_records_are_not_offered(make_organisation):
    from django.utils import timezone

    keep = make_organisation("Steppe Cloud", country="KZ")
    merged = make_organisation("Steppe Cloud LLP", country="KZ")
    merged.merged_into = keep
    merged.save()
    refused = make_organisation("Steppe Cloud Systems", country="KZ", website="https://sc.kz")
    refused.registration_refused_at = timezone.now()
    refused.save()

    found = likely_duplicates(name="Steppe Cloud", country="KZ", website="https://sc.kz")

    assert names(found) == ["Steppe Cloud"]


def test_no_duplicates_for_a_new_name(make_organisation):
    make_organisation("Qazaq Fintech Labs", country="KZ")
    assert likely_duplicates(name="Nomad AI Systems", country="KZ") == []
