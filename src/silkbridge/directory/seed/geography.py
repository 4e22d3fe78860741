"""Regions (ISO 3166-2) and cities (GeoNames) of the platform's countries."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from silkbridge.directory.models import City, Region

REGIONS_FILE = Path("raw/geo/iso3166_2_kz_pk.csv")
CITIES_FILE = Path("raw/geo/geonames_cities15000_kz_pk.csv")

# GeoNames admin1 code -> ISO 3166-2 code. GeoNames gave the regions created after 2018 (Shymkent
# city, Abai, Zhetisu, Ulytau) new numeric ids instead of two-digit codes.
ADMIN1_TO_ISO: dict[str, dict[str, str | None]] = {
    "KZ": {
        "01": "KZ-19",  # Almaty Region
        "02": "KZ-75",  # Almaty city
        "03": "KZ-11",  # Aqmola
        "04": "KZ-15",  # Aqtöbe
        "05": "KZ-71",  # Astana city
        "06": "KZ-23",  # Atyraū
        "07": "KZ-27",  # West Kazakhstan
        "08": None,  # Baikonur: leased to Russia, no ISO 3166-2 code of its own
        "09": "KZ-47",  # Mangghystaū
        "10": "KZ-61",  # Turkistan (formerly South Kazakhstan)
        "11": "KZ-55",  # Pavlodar
        "12": "KZ-35",  # Qaraghandy
        "12510143": "KZ-10",  # Abai (Semey), split from East Kazakhstan in 2022
        "12510144": "KZ-33",  # Zhetisu (Taldykorgan), split from Almaty Region in 2022
        "12510145": "KZ-62",  # Ulytau (Zhezqazghan), split from Qaraghandy in 2022
        "13": "KZ-39",  # Qostanay
        "14": "KZ-43",  # Qyzylorda
        "15": "KZ-63",  # East Kazakhstan
        "16": "KZ-59",  # North Kazakhstan
        "17": "KZ-31",  # Zhambyl
        "1537272": "KZ-79",  # Shymkent city
    },
    "PK": {
        "02": "PK-BA",  # Balochistan
        "03": "PK-KP",  # Khyber Pakhtunkhwa
        "04": "PK-PB",  # Punjab
        "05": "PK-SD",  # Sindh
        "06": "PK-JK",  # Azad Jammu and Kashmir
        "07": "PK-GB",  # Gilgit-Baltistan
        "08": "PK-IS",  # Islamabad Capital Territory
    },
}


@dataclass
class GeographyReport:
    regions_created: int = 0
    regions_updated: int = 0
    cities_created: int = 0
    cities_updated: int = 0


def _data_dir(data_dir: Path | None) -> Path:
    return Path(data_dir or settings.SILKBRIDGE_DATA_DIR)


def region_code_for(country: str, admin1: str) -> str | None:
    """The ISO 3166-2 code for a GeoNames admin1 code, or None where no region applies."""
    return ADMIN1_TO_ISO.get(country, {}).get(admin1)


@transaction.atomic
def load_geography(data_dir: Path | None = None) -> GeographyReport:
    """Load regions and cities of the configured countries, updating rows already present."""
    base = _data_dir(data_dir)
    countries = set(settings.SILKBRIDGE_COUNTRIES)
    report = GeographyReport()

    regions = {r.code: r for r in Region.objects.all()}
    with (base / REGIONS_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["country_code"] not in countries:
                continue
            values = {"name": row["name"], "country": row["country_code"], "kind": row["type"]}
            region = regions.get(row["code"])
            if region is None:
                regions[row["code"]] = Region.objects.create(code=row["code"], **values)
                report.regions_created += 1
            elif any(str(getattr(region, k)) != v for k, v in values.items()):
                Region.objects.filter(pk=region.pk).update(**values)
                report.regions_updated += 1

    cities = {c.geonameid: c for c in City.objects.filter(geonameid__isnull=False)}
    new_cities: list[City] = []
    with (base / CITIES_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            country = row["countrycode"]
            if country not in countries:
                continue
            geonameid = int(row["geonameid"])
            code = region_code_for(country, row["admin1code"])
            region = regions.get(code) if code else None
            values = {
                "name": row["name"],
                "country": country,
                "region_id": region.pk if region else None,
                "population": int(row["population"] or 0),
                "time_zone": row["timezone"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            }
            city = cities.get(geonameid)
            if city is None:
                new_cities.append(City(geonameid=geonameid, **values))
            elif any(_differs(getattr(city, k), v) for k, v in values.items()):
                City.objects.filter(pk=city.pk).update(**values)
                report.cities_updated += 1
    City.objects.bulk_create(new_cities, batch_size=500)
    report.cities_created = len(new_cities)
    return report


def _differs(current: object, new: object) -> bool:
    if isinstance(new, float) and isinstance(current, float):
        return abs(current - new) > 1e-9
    return str(current) != str(new) if current is not None and new is not None else current != new
