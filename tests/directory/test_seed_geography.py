"""Regions and cities loaded from the ISO 3166-2 and GeoNames files in data/raw/geo."""

import csv

import pytest
from django.conf import settings

from silkbridge.directory.models import City, Region
from silkbridge.directory.seed.geography import ADMIN1_TO_ISO, CITIES_FILE, load_geography

pytestmark = pytest.mark.django_db


def _city_rows() -> list[dict]:
    with (settings.SILKBRIDGE_DATA_DIR / CITIES_FILE).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_loading_creates_every_region_and_city_of_both_countries():
    # given an empty geography
    # when the files are loaded
    report = load_geography()

    # then the 20 Kazakh and 7 Pakistani regions and all 84 + 370 cities are there
    assert Region.objects.filter(country="KZ").count() == 20
    assert Region.objects.filter(country="PK").count() == 7
    assert City.objects.filter(country="KZ").count() == 84
    assert City.objects.filter(country="PK").count() == 370
    assert report.cities_created == 454


@pytest.mark.parametrize(
    ("city", "region"),
    [
        ("Almaty", "KZ-75"),
        ("Astana", "KZ-71"),
        ("Shymkent", "KZ-79"),
        ("Semey", "KZ-10"),
        ("Taldykorgan", "KZ-33"),
        ("Zhezqazghan", "KZ-62"),
        ("Karagandy", "KZ-35"),
        ("Turkistan", "KZ-61"),
        ("Karachi", "PK-SD"),
        ("Lahore", "PK-PB"),
        ("Islamabad", "PK-IS"),
        ("Peshawar", "PK-KP"),
        ("Quetta", "PK-BA"),
        ("Gilgit", "PK-GB"),
        ("New Mirpur City", "PK-JK"),
    ],
)
def test_geonames_admin1_codes_are_mapped_to_the_right_iso_region(city, region):
    # given loaded geography
    load_geography()

    # when the city is looked up
    found = City.objects.select_related("region").get(name=city)

    # then its region is the ISO 3166-2 subdivision it lies in
    assert found.region.code == region


def test_every_admin1_code_in_the_file_has_a_mapping():
    # given the GeoNames rows shipped in data/raw
    rows = _city_rows()

    # when their admin1 codes are collected per country
    codes = {(row["countrycode"], row["admin1code"]) for row in rows}

    # then every one is in the mapping table (Baikonur maps to no region on purpose)
    unmapped = [code for code in codes if code[1] not in ADMIN1_TO_ISO[code[0]]]
    assert unmapped == []


def test_every_city_but_baikonur_has_a_region_of_its_own_country():
    # given loaded geography
    load_geography()

    # when cities without a region, or with a foreign one, are counted
    orphans = list(City.objects.filter(region=None).values_list("name", flat=True))
    foreign = [
        c.name
        for c in City.objects.select_related("region")
        if c.region and c.region.country != c.country
    ]

    # then only Baikonur, leased to Russia and without an ISO code, has none
    assert orphans == ["Baikonur"]
    assert foreign == []


def test_loading_twice_creates_nothing_new():
    # given loaded geography
    load_geography()
    regions, cities = Region.objects.count(), City.objects.count()

    # when it is loaded again
    report = load_geography()

    # then nothing was created or updated
    assert (report.regions_created, report.cities_created) == (0, 0)
    assert (report.regions_updated, report.cities_updated) == (0, 0)
    assert (Region.objects.count(), City.objects.count()) == (regions, cities)


def test_loading_again_repairs_a_changed_city():
    # given a city whose population was overwritten
    load_geography()
    City.objects.filter(name="Almaty").update(population=1)

    # when the geography is loaded again
    report = load_geography()

    # then the file's value is back and the row was updated, not duplicated
    assert City.objects.get(name="Almaty").population == 1977011
    assert report.cities_updated == 1
    assert City.objects.filter(name="Almaty").count() == 1


def test_only_the_configured_countries_are_loaded(settings):
    # given a platform configured for Kazakhstan alone
    settings.SILKBRIDGE_COUNTRIES = ["KZ"]

    # when the geography is loaded
    load_geography()

    # then nothing of Pakistan is there
    assert not City.objects.filter(country="PK").exists()
    assert not Region.objects.filter(country="PK").exists()
    assert City.objects.filter(country="KZ").count() == 84
