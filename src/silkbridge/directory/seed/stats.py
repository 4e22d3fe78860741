"""Figures for the "About the data" page: what each source contributed to the directory."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import City, Organisation, Region, SourceRecord
from silkbridge.directory.seed.realdata import SOURCE_CURATED, SOURCE_HIPO, SOURCE_ROR


@dataclass(frozen=True)
class DataSource:
    """A published data set the directory was loaded from, with the credit its licence asks."""

    key: str
    title: Promise
    attribution: Promise
    licence: str
    url: str  # empty for data that ships only with this repository
    what: Promise


ORGANISATION_SOURCES = (
    DataSource(
        SOURCE_HIPO,
        _("Hipo university-domains-list"),
        _("University list: Hipo university-domains-list (MIT)"),
        "MIT",
        "https://github.com/Hipo/university-domains-list",
        _("Universities of Kazakhstan and Pakistan with their websites."),
    ),
    DataSource(
        SOURCE_ROR,
        _("Research Organization Registry (ROR)"),
        _("Organisation names: Research Organization Registry (CC0)"),
        "CC0 1.0",
        "https://ror.org/",
        _("Names and types of universities, research institutes, agencies and other bodies."),
    ),
    DataSource(
        SOURCE_CURATED,
        _("Curated public bodies"),
        _("Government bodies and associations curated by the Silkbridge project"),
        "AGPL-3.0-or-later",
        "",
        _(
            "Ministries, regulators, development institutions and industry associations, "
            "checked by hand; verify before relying on them."
        ),
    ),
)
GEOGRAPHY_SOURCES = (
    DataSource(
        "geonames",
        _("GeoNames"),
        _("City data: GeoNames (CC BY 4.0)"),
        "CC BY 4.0",
        "https://www.geonames.org/",
        _("Cities with at least 15,000 inhabitants."),
    ),
    DataSource(
        "iso3166-2",
        _("ISO 3166-2 via Debian iso-codes (pycountry)"),
        _("Region codes: ISO 3166-2 from Debian iso-codes (LGPL-2.1)"),
        "LGPL-2.1",
        "https://salsa.debian.org/iso-codes-team/iso-codes",
        _("Regions, provinces and cities with regional status."),
    ),
)


@dataclass(frozen=True)
class SourceFigure:
    source: DataSource
    organisations: int


@dataclass(frozen=True)
class DataSummary:
    sources: list[SourceFigure]
    geography: list[DataSource]
    regions: int
    cities: int
    joined: int  # organisations described by more than one source
    demo: int
    other: int  # added by hand or imported by the secretariat
    total: int


def data_source_summary() -> DataSummary:
    """Organisations per source (active, in the platform's countries) for the About page."""
    organisations = Organisation.objects.active().in_platform_countries()
    per_source = dict(
        SourceRecord.objects.filter(organisation__in=organisations)
        .values_list("source")
        .annotate(n=Count("organisation", distinct=True))
        .order_by()
    )
    joined = (
        organisations.filter(sources__source__in=[s.key for s in ORGANISATION_SOURCES])
        .annotate(n=Count("sources", distinct=True))
        .filter(n__gt=1)
        .count()
    )
    loaded = (
        organisations.filter(sources__source__in=[s.key for s in ORGANISATION_SOURCES])
        .distinct()
        .count()
    )
    demo = organisations.filter(is_demo=True).count()
    total = organisations.count()
    return DataSummary(
        sources=[SourceFigure(s, per_source.get(s.key, 0)) for s in ORGANISATION_SOURCES],
        geography=list(GEOGRAPHY_SOURCES),
        regions=Region.objects.count(),
        cities=City.objects.count(),
        joined=joined,
        demo=demo,
        other=total - demo - loaded,
        total=total,
    )
