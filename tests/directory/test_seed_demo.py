"""The deterministic demo generator: realistic companies, clearly marked, findable by search."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from silkbridge.directory import services
from silkbridge.directory.models import LANGUAGE_CHOICES, Organisation, Person
from silkbridge.directory.seed.demo import DEMO_DOMAIN, DEMO_MARKER, MAX_SCALE, generate_demo
from silkbridge.directory.selectors import DirectoryQuery, search_organisations

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    rows = Organisation.objects.filter(is_demo=True).order_by("pk")
    return [
        (
            o.name,
            o.slug,
            o.city.name,
            o.description,
            o.languages,
            o.certifications,
            sorted(o.sectors.values_list("slug", flat=True)),
            sorted(o.technologies.values_list("slug", flat=True)),
            sorted(o.people.values_list("full_name", flat=True)),
        )
        for o in rows.select_related("city")
    ]


def test_the_same_seed_gives_the_same_companies_and_another_seed_does_not():
    # given demo data generated with seed 7
    generate_demo(scale=40, seed=7)
    first = _snapshot()

    # when it is generated again with seed 7, and then with seed 8
    generate_demo(scale=40, seed=7)
    again = _snapshot()
    generate_demo(scale=40, seed=8)
    other = _snapshot()

    # then the same seed reproduces every name, profile and person; another seed differs
    assert again == first
    assert [row[0] for row in other] != [row[0] for row in first]


def test_the_scale_is_the_total_split_evenly_between_the_countries():
    # given no demo data
    # when 51 demo organisations are asked for
    report = generate_demo(scale=51, seed=1)

    # then exactly 51 exist, 26 Kazakh and 25 Pakistani
    demo = Organisation.objects.filter(is_demo=True)
    assert demo.count() == report.organisations == 51
    assert (demo.filter(country="KZ").count(), demo.filter(country="PK").count()) == (26, 25)


def test_regenerating_replaces_demo_data_and_leaves_real_organisations_alone(make_organisation):
    # given a real organisation and an earlier demo run
    real = make_organisation("Qazaq Real Systems", country="KZ")
    generate_demo(scale=30, seed=1)

    # when demo data is generated again at a smaller scale
    report = generate_demo(scale=10, seed=2)

    # then the old demo is gone, the new one is there, and the real organisation survives
    assert report.deleted == 30
    assert Organisation.objects.filter(is_demo=True).count() == 10
    assert Organisation.objects.filter(pk=real.pk, is_demo=False).exists()


def test_every_generated_organisation_and_person_is_visibly_marked_as_demo():
    # given generated demo data
    generate_demo(scale=60, seed=3)

    # when the organisations and their people are read
    organisations = list(Organisation.objects.filter(is_demo=True).prefetch_related("people"))

    # then each is flagged, says so in its description and uses an unreachable domain
    assert len(organisations) == 60
    for organisation in organisations:
        assert organisation.description.startswith(DEMO_MARKER)
        assert organisation.website.endswith(f".{DEMO_DOMAIN}")
        assert organisation.website_domain.endswith(
            f".{str(organisation.country).lower()}.{DEMO_DOMAIN}"
        )
        assert 1 <= len(organisation.people.all()) <= 4
    people = Person.objects.filter(organisation__is_demo=True)
    assert not people.filter(is_demo=False).exists()
    assert all(p.email.endswith(f"@{DEMO_DOMAIN}") for p in people)
    assert people.filter(role="admin").count() == 60


def test_profiles_are_realistic_for_each_country():
    # given generated demo data
    generate_demo(scale=200, seed=4)
    demo = Organisation.objects.filter(is_demo=True).select_related("city")
    known_languages = {code for code, _label in LANGUAGE_CHOICES}

    # when their profiles are inspected
    for organisation in demo:
        # then the city is in the company's own country and the profile is filled in
        assert organisation.city.country == organisation.country
        assert organisation.region_id == organisation.city.region_id
        assert organisation.kind == "company"
        assert organisation.size
        assert 1990 <= organisation.founded_year <= 2024
        assert set(organisation.languages) <= known_languages
        assert organisation.sectors.exists() and organisation.services.exists()
        assert organisation.technologies.count() >= 2
    # and most companies sit in the big IT cities, with the national languages spoken
    kz, pk = demo.filter(country="KZ"), demo.filter(country="PK")
    big_kz = kz.filter(city__name__in=["Almaty", "Astana", "Shymkent"]).count()
    big_pk = pk.filter(
        city__name__in=["Karachi", "Lahore", "Islamabad", "Rawalpindi", "Faisalabad", "Peshawar"]
    ).count()
    assert big_kz > kz.count() / 2 and big_pk > pk.count() / 2
    assert sum("ru" in o.languages for o in kz) > kz.count() * 0.8
    assert sum("ur" in o.languages for o in pk) > pk.count() * 0.7
    assert any("ISO/IEC 27001" in o.certifications for o in demo)
    assert len({o.name.split()[0] for o in demo}) > 40


def test_generated_search_text_equals_what_the_service_computes():
    # given generated demo data
    generate_demo(scale=30, seed=5)
    organisations = list(Organisation.objects.filter(is_demo=True).select_related("city"))
    stored = {o.pk: o.search_text for o in organisations}

    # when the service recomputes each search text
    for organisation in organisations:
        services.refresh_search_text(organisation)

    # then the bulk path stored exactly the same text
    assert {o.pk: o.search_text for o in organisations} == stored


def test_the_directory_search_finds_a_generated_company_by_a_word_of_its_description():
    # given generated demo data
    generate_demo(scale=40, seed=6)
    company = Organisation.objects.filter(is_demo=True).order_by("pk")[3]
    name_words = set(re.findall(r"\w+", company.name.lower()))
    word = next(
        w for w in re.findall(r"[a-z]{7,}", company.description.lower()) if w not in name_words
    )

    # when the directory is searched for that word and a word of its name
    results = search_organisations(DirectoryQuery(q=f"{word} {company.name.split()[0]}"))

    # then the company is found
    assert company in results


def test_the_demo_command_prints_counts_and_the_sign_ins():
    # given an empty database
    out = StringIO()

    # when the command runs with demo sign-ins
    call_command("demo", scale=12, seed=9, users=True, stdout=out)

    # then it reports what it made and lists the sign-ins with the demo password
    text = out.getvalue()
    assert "12 organisations (KZ 6, PK 6)" in text
    assert "silkbridge-demo" in text
    assert "secretariat@silkbridge.example" in text


def test_a_scale_above_the_limit_is_refused():
    with pytest.raises(ValueError, match="scale"):
        generate_demo(scale=MAX_SCALE + 1)
