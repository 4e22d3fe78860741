"""Real organisations from Hipo, ROR and the curated public bodies, joined and kept idempotent."""

import json
import re
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.models import Count

from silkbridge.directory import services
from silkbridge.directory.models import Organisation, Person, SourceRecord
from silkbridge.directory.seed.geography import load_geography
from silkbridge.directory.seed.normalise import clean_name, identifying_domain, name_key
from silkbridge.directory.seed.realdata import ROR_FILES, load_real_organisations
from silkbridge.directory.seed.registry import (
    MAPPING_FILE,
    parse_mapping,
    registry_mapping,
    ror_kind,
)
from silkbridge.directory.seed.taxonomy import seed_taxonomy


@pytest.fixture
def loaded(db):
    """The directory after taxonomy, geography and the real organisations are loaded once."""
    seed_taxonomy()
    load_geography()
    return load_real_organisations()


ALZHIR = "KZ:alzhir-museum-and-memorial-complex"


def _kinds() -> dict[tuple[str, str], int]:
    rows = Organisation.objects.values("country", "kind").annotate(n=Count("pk")).order_by()
    return {(str(r["country"]), r["kind"]): r["n"] for r in rows}


def test_real_data_gives_plausible_counts_per_country_and_kind(loaded):
    # given the real data loaded
    # when organisations are counted by country and kind
    kinds = _kinds()

    # then both countries have many universities, some authorities, and the few associations
    # of the registries that work in science or technology (health charities are left out)
    assert 60 <= kinds[("KZ", "academic")] <= 200
    assert 200 <= kinds[("PK", "academic")] <= 400
    assert kinds[("KZ", "authority")] >= 10
    assert kinds[("PK", "authority")] >= 20
    assert kinds[("KZ", "association")] >= 1
    assert kinds[("PK", "association")] >= 3
    # and every organisation keeps at least one source record, none is demo data
    assert not Organisation.objects.filter(sources=None).exists()
    assert not Organisation.objects.filter(is_demo=True).exists()


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("Nazarbayev University", "nu.edu.kz"),
        ("Al-Farabi Kazakh National University", "kaznu.kz"),
        ("Lahore University of Management Sciences", "lums.edu.pk"),
        ("Kohat University of Science and Technology (KUST)", "kust.edu.pk"),
    ],
)
def test_a_university_in_both_hipo_and_ror_becomes_one_organisation_with_two_sources(
    loaded, name, domain
):
    # given the real data loaded
    # when the university is looked up by its Hipo domain
    organisation = Organisation.objects.get(sources__source="hipo", sources__external_id=domain)

    # then it is one organisation, named once, carrying both sources
    assert organisation.name == name
    assert sorted(organisation.sources.values_list("source", flat=True)) == ["hipo", "ror"]
    assert Organisation.objects.filter(name__iexact=name).count() == 1


def test_a_curated_body_also_in_ror_is_joined_and_keeps_the_curated_profile(loaded):
    # given the real data loaded
    # when Pakistan's Higher Education Commission is looked up
    hec = Organisation.objects.select_related("city").get(country="PK", short_name="HEC")

    # then curated and ROR are one record, with the curated website, city and summary
    assert sorted(hec.sources.values_list("source", flat=True)) == ["curated", "ror"]
    assert hec.website == "https://hec.gov.pk"
    assert hec.city.name == "Islamabad"
    assert hec.description.startswith("Regulator and funder")
    assert loaded.sources["ror"].joined >= 70


def test_curated_bodies_get_city_website_and_sectors_from_their_focus(loaded):
    # given the real data loaded
    # when two curated bodies are read
    pseb = Organisation.objects.select_related("city", "region").get(short_name="PSEB")
    sbp = Organisation.objects.get(short_name="SBP")

    # then their city, region and site come from the curated file
    assert (pseb.kind, pseb.city.name, pseb.region.code) == ("authority", "Islamabad", "PK-IS")
    assert pseb.website_domain == "pseb.org.pk"
    # and their focus tags became taxonomy sectors and technologies
    assert {"fintech", "banking"} <= set(sbp.sectors.values_list("slug", flat=True))
    assert "payments" in set(sbp.technologies.values_list("slug", flat=True))
    assert SourceRecord.objects.filter(source="curated").count() == 27


def test_hipo_provinces_and_city_names_are_normalised(loaded):
    # given the real data loaded
    # when universities with a province or a city in their name are read
    air = Organisation.objects.select_related("region").get(name="Air University")
    itu = Organisation.objects.select_related("city", "region").get(
        name="Information Technology University, Lahore"
    )
    kp = Organisation.objects.select_related("region").get(
        name="City University of Science and Information Technology"
    )

    # then "Panjab" and "KP" became ISO regions and the city in the name became the city
    assert air.region.code == "PK-PB"
    assert kp.region.code == "PK-KP"
    assert (itu.city.name, itu.region.code) == ("Lahore", "PK-PB")


def test_a_small_town_sharing_a_name_with_a_person_is_not_taken_as_the_city(loaded):
    # given the real data loaded; Turar Ryskulov is also a town of 18,000
    # when the economic university named after him is read
    university = Organisation.objects.get(name="Turar Ryskulov Kazakh Economic University")

    # then no city was guessed from its name
    assert university.city_id is None


def test_plain_hospitals_are_skipped_and_medical_colleges_kept(loaded):
    # given the real data loaded
    # when ROR healthcare bodies are looked up
    # then a plain hospital is not in the directory but a medical college is, as academic
    assert not Organisation.objects.filter(name="Mayo Hospital").exists()
    assert Organisation.objects.get(name="Khyber Medical College").kind == "academic"
    assert loaded.sources["ror"].skipped > 0


def test_loading_twice_creates_nothing_new(loaded):
    # given the real data loaded once
    organisations, records = Organisation.objects.count(), SourceRecord.objects.count()

    # when it is loaded again
    report = load_real_organisations()

    # then no organisation or source record was added and nothing was joined or changed
    assert (Organisation.objects.count(), SourceRecord.objects.count()) == (organisations, records)
    for counts in report.sources.values():
        assert (counts.created, counts.joined, counts.updated) == (0, 0, 0)


def test_loading_again_keeps_an_edit_the_secretariat_made(loaded):
    # given a curated body whose description the secretariat rewrote
    Organisation.objects.filter(short_name="PTA").update(description="Edited by the secretariat.")

    # when the data is loaded again
    load_real_organisations()

    # then the edit is still there
    assert Organisation.objects.get(short_name="PTA").description == "Edited by the secretariat."


def test_no_organisation_outside_the_configured_countries_is_loaded(db, settings):
    # given a platform configured for Kazakhstan alone
    settings.SILKBRIDGE_COUNTRIES = ["KZ"]
    seed_taxonomy()
    load_geography()

    # when the real data is loaded
    report = load_real_organisations()

    # then only Kazakh organisations exist, and the Pakistani records were skipped
    assert set(Organisation.objects.values_list("country", flat=True)) == {"KZ"}
    assert report.sources["hipo"].skipped == 136
    assert Organisation.objects.filter(country="KZ", kind="academic").count() >= 60


def test_load_data_command_prints_a_line_per_source(db):
    # given an empty database
    out = StringIO()

    # when the command runs
    call_command("load_data", stdout=out)

    # then it reports the taxonomy, geography and each source
    text = out.getvalue()
    for source in ("curated", "hipo", "ror"):
        assert f"Organisations from {source}: read" in text
    assert "Cities: 454 created" in text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  NATIONAL   INFORMATION TECHNOLOGIES JSC ", "National Information Technologies JSC"),
        ("“Government for Citizens”", "Government for Citizens"),
        ("University of Lahore , Gujrat Campus", "University of Lahore, Gujrat Campus"),
        ("Mixed Case Stays (NUST)", "Mixed Case Stays (NUST)"),
    ],
)
def test_names_are_tidied_without_losing_acronyms(raw, clean):
    assert clean_name(raw) == clean


def test_join_keys_ignore_punctuation_acronyms_in_brackets_and_the():
    # given two spellings of one university from two sources
    # then they share a join key, and a different university does not
    assert name_key("L.N. Gumilyov Eurasian National University") == name_key(
        "L. N. Gumilyov Eurasian National University"
    )
    assert name_key("Kohat University of Science and Technology (KUST)") == name_key(
        "Kohat University of Science & Technology"
    )
    assert name_key("The University of Lahore") == name_key("University of Lahore")
    assert name_key("University of Lahore") != name_key("University of Karachi")


def test_a_page_on_a_shared_government_portal_does_not_identify_an_organisation():
    assert identifying_domain("https://www.gov.kz/memleket/entities/ardfm") == ""
    assert identifying_domain("https://www.nitec.kz/") == "nitec.kz"
    assert identifying_domain("") == ""


@pytest.mark.parametrize(
    ("types", "name", "kind"),
    [
        (["Education"], "Satbayev University", "academic"),
        (["Facility"], "Institute of Zoology", "academic"),
        (["Government"], "Pakistan Telecommunication Authority", "authority"),
        (["Government"], "Institute of Seismology", "academic"),
        (["Company"], "Fauji Fertilizer (Pakistan)", "company"),
        (["Nonprofit"], "Innovative Scientific Information & Services Network", "association"),
        (["Nonprofit"], "AIDS Foundation East-West", None),
        (["Archive"], "Central State Archive of the Republic of Kazakhstan", None),
        (["Archive"], "ALZHIR Museum and Memorial Complex", None),
        (["Facility"], "National Library of Kazakhstan", None),
        (["Healthcare"], "Khyber Medical College", "academic"),
        (["Healthcare"], "Post Graduate Medical Institute", "academic"),
        (["Healthcare"], "Mayo Hospital", None),
        (["Healthcare"], "Shaikh Zayed Medical College and Hospital", None),
        (["Other"], "Marie Stopes Society", None),
        (["Other"], "National Medical Holding", "company"),
        (["Other"], "Legal Policy Research Centre", "academic"),
        ([], "Kazakhstan Software Developers Union", "association"),
        (["Unheard-of type"], "Museum of Arts", None),
    ],
)
def test_ror_types_map_to_directory_kinds(types, name, kind):
    assert ror_kind(types, name) == kind


def test_every_ror_type_in_the_shipped_data_has_rules_in_the_mapping_file():
    # given the ROR extracts that ship with the platform
    mapping = registry_mapping()
    seen = set()
    for path in ROR_FILES:
        rows = json.loads((django_settings.SILKBRIDGE_DATA_DIR / path).read_text(encoding="utf-8"))
        seen |= {row["types"][0] for row in rows if row.get("types")}

    # then each of their types is named in the mapping, none falls through to the default
    assert seen
    assert seen <= set(mapping.types)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"types": {"Other": [{"kind": "museum"}]}}, "Unknown kind 'museum'"),
        ({"types": {"Other": [{"name": "nowhere", "kind": None}]}}, "Unknown pattern 'nowhere'"),
        ({"unlisted_type": "Missing"}, "The unlisted type 'Missing' has no rules"),
    ],
)
def test_a_mapping_with_an_unknown_kind_pattern_or_default_type_is_refused(change, message):
    data = json.loads(MAPPING_FILE.read_text(encoding="utf-8")) | change
    with pytest.raises(ValueError, match=message):
        parse_mapping(data)


def test_hospitals_museums_archives_and_health_charities_are_not_loaded(loaded):
    # given the real data loaded
    # then no registry record outside IT cooperation is in the directory
    names = list(Organisation.objects.values_list("name", flat=True))
    assert not [n for n in names if re.search(r"hospital|museum|archive|library", n, re.I)]
    assert "AIDS Foundation East-West" not in names
    # and research institutes and universities still are
    assert Organisation.objects.get(name="Institute of Zoology").kind == "academic"


def _earlier_import(name: str, external_id: str) -> Organisation:
    """An excluded registry record as a load before the mapping existed left it."""
    organisation = services.create_organisation(
        actor=None,
        data={"name": name, "kind": "authority", "country": "KZ"},
        source="ror",
        external_id=external_id,
        check_permission=False,
    )
    return organisation


def test_loading_again_removes_an_excluded_record_nobody_has_touched(loaded):
    # given the Gulag memorial museum from an earlier load, untouched since
    museum = _earlier_import("ALZHIR Museum and Memorial Complex", ALZHIR)

    # when the real data is loaded again
    report = load_real_organisations()

    # then it is gone, and the report counts it
    assert not Organisation.objects.filter(pk=museum.pk).exists()
    assert not SourceRecord.objects.filter(external_id=ALZHIR).exists()
    assert report.sources["ror"].removed == 1


@pytest.mark.parametrize("touch", ["person", "verified", "second source"])
def test_loading_again_keeps_an_excluded_record_someone_has_worked_with(loaded, touch):
    # given the museum from an earlier load, which someone has since worked with
    museum = _earlier_import("ALZHIR Museum and Memorial Complex", ALZHIR)
    if touch == "person":
        Person.objects.create(organisation=museum, full_name="Aigerim Bekova")
    elif touch == "verified":
        Organisation.objects.filter(pk=museum.pk).update(verification="verified")
    else:
        SourceRecord.objects.create(organisation=museum, source="import", external_id="row-7")

    # when the real data is loaded again
    report = load_real_organisations()

    # then it stays
    assert Organisation.objects.filter(pk=museum.pk).exists()
    assert report.sources["ror"].removed == 0


def test_bulk_loaded_organisations_have_the_slug_and_search_text_the_services_would_give(loaded):
    # given the real data loaded in bulk
    organisations = list(Organisation.objects.select_related("city").order_by("pk")[:80])

    # when each organisation's search text is recomputed by the service
    stored = {o.pk: o.search_text for o in organisations}
    for organisation in organisations:
        services.refresh_search_text(organisation)

    # then nothing differs, and slugs are unique and derived from the names
    assert {o.pk: o.search_text for o in organisations} == stored
    assert Organisation.objects.values("slug").distinct().count() == Organisation.objects.count()
    itu = Organisation.objects.get(name="Information Technology University, Lahore")
    assert itu.slug == "information-technology-university-lahore"


def test_an_embassy_is_located_in_the_other_country_without_a_foreign_region(loaded):
    # given the real data loaded
    # when Kazakhstan's embassy in Pakistan is read
    embassy = Organisation.objects.select_related("city").get(short_name="Embassy of Kazakhstan")

    # then it belongs to Kazakhstan, sits in Islamabad, and has no Pakistani region
    assert (embassy.country, embassy.city.name, embassy.region_id) == ("KZ", "Islamabad", None)
