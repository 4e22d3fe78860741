"""The directory's first page: best profiles first, names without case, and "did you mean"."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from silkbridge.directory import services
from silkbridge.directory.models import Organisation
from silkbridge.directory.selectors import DirectoryQuery, search_organisations
from silkbridge.directory.standing import LAST, listing_rank_of
from silkbridge.directory.suggestions import corrected_query, did_you_mean


def names(query: DirectoryQuery, *, broad: bool = False) -> list[str]:
    return [o.name for o in search_organisations(query, broad=broad)]


@pytest.fixture
def it_directory(make_organisation, make_term, secretariat):
    """A health charity and a museum named to sort first, and IT companies of every standing."""
    from silkbridge.directory.models import City

    almaty = City.objects.create(name="Almaty", country="KZ")
    cloud = make_term("technology", "cloud", "Cloud computing")
    health = make_term("sector", "health", "Health")
    make_term("sector", "fintech", "Fintech")
    complete = {
        "description": "Builds cloud platforms for banks.",
        "website": "https://example.kz",
        "city": almaty,
    }
    make_organisation("AIDS Foundation East-West", kind="association", sectors=[health])
    make_organisation("ALZHIR Museum and Memorial Complex", kind="authority")
    make_organisation("zeta Cloud", technologies=[cloud], **complete)
    make_organisation("Abai Cloud", technologies=[cloud])
    verified_complete = make_organisation("steppe Cloud", technologies=[cloud], **complete)
    services.set_verification(actor=secretariat, organisation=verified_complete, verified=True)
    return verified_complete


def test_with_no_query_verified_complete_it_profiles_come_first_and_names_ignore_case(
    it_directory,
):
    # given IT companies of each standing and two bodies outside IT whose names sort first
    # when the directory opens with no query and the relevance sort
    listed = names(DirectoryQuery())

    # then the verified, complete IT company leads, then the complete one, then the bare one,
    # and the bodies outside IT come last, each group by name without regard to case
    assert listed == [
        "steppe Cloud",
        "zeta Cloud",
        "Abai Cloud",
        "AIDS Foundation East-West",
        "ALZHIR Museum and Memorial Complex",
    ]
    # and a broad search (read through the index) gives the same order
    assert names(DirectoryQuery(), broad=True) == listed


def test_sorting_by_name_ignores_case_in_both_directions(it_directory):
    ascending = names(DirectoryQuery(sort="name"))
    assert ascending == [
        "Abai Cloud",
        "AIDS Foundation East-West",
        "ALZHIR Museum and Memorial Complex",
        "steppe Cloud",
        "zeta Cloud",
    ]
    assert names(DirectoryQuery(sort="-name")) == ascending[::-1]


def test_a_word_search_ranks_name_matches_first_then_by_standing(it_directory):
    assert names(DirectoryQuery(q="cloud")) == ["steppe Cloud", "zeta Cloud", "Abai Cloud"]


def test_the_standing_follows_verification_and_tags_as_they_change(
    make_organisation, make_term, secretariat
):
    # given a company with no tags
    company = make_organisation("Nomad Soft")
    assert company.listing_rank == LAST

    # when it gains an IT service and is then verified
    services.update_organisation(
        actor=None,
        organisation=company,
        data={"services": [make_term("service", "qa-testing")]},
        check_permission=False,
    )
    after_tags = Organisation.objects.get(pk=company.pk).listing_rank
    services.set_verification(actor=secretariat, organisation=company, verified=True)
    after_verification = Organisation.objects.get(pk=company.pk).listing_rank

    # then each step moves it up, and the stored value is what the rule computes
    assert LAST > after_tags > after_verification
    company.refresh_from_db()
    tags = {f: list(getattr(company, f).all()) for f in services.TAG_FIELDS}
    assert after_verification == listing_rank_of(company, tags)


def test_an_it_sector_alone_makes_a_profile_it_relevant(make_organisation, make_term):
    regulator = make_organisation("Fintech Regulator", sectors=[make_term("sector", "fintech")])
    hospital = make_organisation("City Hospital", sectors=[make_term("sector", "health")])
    assert regulator.listing_rank < hospital.listing_rank


def test_a_misspelt_word_is_corrected_from_the_taxonomy_and_names(it_directory):
    assert corrected_query("fintch") == "fintech"
    assert corrected_query("stepe cloud") == "steppe cloud"
    # a known word, a prefix of one, a short word and gibberish are left alone
    assert corrected_query("cloud") is None
    assert corrected_query("clo") is None
    assert corrected_query("xq") is None
    assert corrected_query("qwrtzplk") is None


def test_a_correction_is_offered_only_when_it_finds_something(it_directory):
    # "fintech" is a term, but no organisation has it: nothing to offer
    assert did_you_mean(DirectoryQuery(q="fintch")) is None
    assert did_you_mean(DirectoryQuery(q="stepe")) == "steppe"
    # nor when the filters rule the corrected words out
    assert did_you_mean(DirectoryQuery(q="stepe", country="PK")) is None


def test_a_new_organisation_joins_the_vocabulary_at_the_next_search(
    it_directory, make_organisation
):
    assert corrected_query("karavan") is None
    make_organisation("Karavan Systems")
    assert corrected_query("karavn") == "karavan"


def test_the_page_suggests_the_corrected_search_and_keeps_the_filters(client, it_directory):
    # when someone searches for a misspelt name in Kazakhstan
    response = client.get(reverse("directory:list"), {"q": "stepe", "country": "KZ"})

    # then the empty result offers the corrected search, with the same filters
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="did-you-mean"' in page
    link = page.split('id="did-you-mean"')[1].split('href="')[1].split('"')[0]
    params = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert params == {"q": ["steppe"], "country": ["KZ"]}
    # and following it finds the company
    followed = client.get(reverse("directory:list"), {"q": "steppe", "country": "KZ"})
    assert "steppe Cloud" in followed.content.decode()


def test_a_search_that_finds_something_suggests_nothing(client, it_directory):
    response = client.get(reverse("directory:list"), {"q": "steppe"})
    assert 'id="did-you-mean"' not in response.content.decode()


def test_the_migration_gives_existing_organisations_their_standing(it_directory):
    # given rows written before the standing existed (the column's default: last)
    import importlib

    from django.apps import apps

    migration = importlib.import_module("silkbridge.directory.migrations.0007_listing_rank")
    Organisation.objects.update(listing_rank=LAST)

    # when the migration's data step runs
    migration.compute_standing(apps, None)

    # then each row has the standing the services would give it
    for organisation in Organisation.objects.all():
        tags = {f: list(getattr(organisation, f).all()) for f in services.TAG_FIELDS}
        assert organisation.listing_rank == listing_rank_of(organisation, tags)
    assert names(DirectoryQuery())[0] == "steppe Cloud"
