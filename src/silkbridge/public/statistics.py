"""Public statistics of the cooperation: counts only, never a name.

Confidential ventures are counted like the others (their stage and sectors only feed totals);
no organisation, person or venture is named, so the page and its CSV are safe for anyone.
The figures are all-time and cached for a few minutes per language: the page is public and
every figure is a count over a whole table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from silkbridge.core import csvsafe
from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.outcomes.selectors import Series

CACHE_SECONDS = 300
TOP_SECTORS = 12
# Meetings placed in a published schedule: held, missed or still to come; not drafts or cancelled.
SCHEDULED_MEETINGS = ("published", "held", "no_show")

__all__ = ["Statistics", "cached_statistics", "compute", "statistics_csv"]


@dataclass
class Statistics:
    """The page's figures: headline counts (as a Series too, for the CSV) and the tables."""

    headline: Series
    tables: list[Series]

    def all_series(self) -> list[Series]:
        return [self.headline, *self.tables]


def _model(label: str):
    return apps.get_model(*label.split("."))


def _language() -> str:
    code = (get_language() or "en").split("-")[0]
    return code if code in ("ru", "kk", "ur") else "en"


def _country_name(code: str) -> str:
    return str(countries.name(code) or code)


def organisations_by_kind() -> Series:
    """Listed organisations of the platform's countries: a row per kind, a column per country."""
    found = {
        (str(country), kind): n
        for country, kind, n in Organisation.objects.active()
        .in_platform_countries()
        .order_by()
        .values_list("country", "kind")
        .annotate(n=Count("pk"))
    }
    codes = list(settings.SILKBRIDGE_COUNTRIES)
    return Series(
        key="organisations",
        title=_("Organisations by kind and country"),
        label_header=_("Kind"),
        value_headers=[_country_name(code) for code in codes],
        rows=[
            (str(label), [found.get((code, kind), 0) for code in codes])
            for kind, label in OrganisationKind.choices
        ],
    )


def _by_sector(qs, *, key: str, title: str, value_header: str) -> Series:
    """A count per sector, largest first; the rest as "Other sectors", then those with none.

    Something in two sectors counts in both, so the rows may add up to more than the total.
    """
    label_field = f"sectors__label_{_language()}"
    found = list(
        qs.order_by()
        .values_list("sectors__label_en", label_field)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "sectors__label_en")
    )
    rows: list[tuple[str, list[Decimal | int]]] = []
    other = unlabelled = 0
    for english, local, n in found:
        if english is None:
            unlabelled = n
        elif len(rows) < TOP_SECTORS:
            rows.append((local or english, [n]))
        else:
            other += n
    if other:
        rows.append((_("Other sectors"), [other]))
    if unlabelled:
        rows.append((_("No sector given"), [unlabelled]))
    return Series(
        key=key, title=title, label_header=_("Sector"), value_headers=[value_header], rows=rows
    )


def opportunities_by_sector() -> Series:
    opportunity = _model("opportunities.Opportunity")
    return _by_sector(
        opportunity.objects.published(),
        key="opportunities",
        title=_("Published opportunities by sector"),
        value_header=_("Opportunities"),
    )


def ventures_by_stage() -> Series:
    venture = _model("ventures.Venture")
    found = dict(venture.objects.order_by().values_list("stage").annotate(n=Count("pk")).order_by())
    stage_field = venture._meta.get_field("stage")
    return Series(
        key="venture-stages",
        title=_("Ventures by stage"),
        label_header=_("Stage"),
        value_headers=[_("Ventures")],
        rows=[(str(label), [found.get(key, 0)]) for key, label in stage_field.choices],
    )


def ventures_by_sector() -> Series:
    return _by_sector(
        _model("ventures.Venture").objects.all(),
        key="venture-sectors",
        title=_("Ventures by sector"),
        value_header=_("Ventures"),
    )


def exchanges_by_direction() -> Series:
    """Students and staff exchanged between the two countries, each way, by where they stand."""
    mobility = _model("talent_exchanges.Mobility")
    found = {
        (str(sending), str(receiving), status): n
        for sending, receiving, status, n in mobility.objects.order_by()
        .exclude(status="cancelled")
        .values_list("sending_country", "receiving_country", "status")
        .annotate(n=Count("pk"))
    }
    codes = list(settings.SILKBRIDGE_COUNTRIES)
    rows = []
    for sending in codes:
        for receiving in codes:
            if sending == receiving:
                continue
            under_way = sum(
                found.get((sending, receiving, status), 0) for status in ("planned", "started")
            )
            done = found.get((sending, receiving, "completed"), 0)
            label = _("%(sending)s → %(receiving)s") % {
                "sending": _country_name(sending),
                "receiving": _country_name(receiving),
            }
            rows.append((label, [under_way, done]))
    return Series(
        key="exchanges",
        title=_("Talent exchanges by direction"),
        label_header=_("Direction"),
        value_headers=[_("Exchanges planned or under way"), _("Exchanges completed")],
        rows=rows,
    )


def headline() -> Series:
    """The counts shown as figures at the top of the page."""
    today = timezone.localdate()
    introduction = _model("introductions.Introduction")
    event = _model("forums.Event")
    meeting = _model("forums.Meeting")
    venture = _model("ventures.Venture")
    opportunity = _model("opportunities.Opportunity")
    rows: list[tuple[str, list[Decimal | int]]] = [
        (_("Organisations"), [Organisation.objects.active().in_platform_countries().count()]),
        (_("Published opportunities"), [opportunity.objects.published().count()]),
        (
            _("Introductions made"),
            [introduction.objects.filter(accepted_at__isnull=False).count()],
        ),
        (
            _("Forums held"),
            [event.objects.exclude(status="draft").filter(starts_on__lte=today).count()],
        ),
        (
            _("B2B meetings scheduled"),
            [
                meeting.objects.filter(
                    Q(status__in=SCHEDULED_MEETINGS) & ~Q(event__status="draft")
                ).count()
            ],
        ),
        (_("Ventures"), [venture.objects.count()]),
    ]
    return Series(
        key="headline",
        title=_("The cooperation in figures"),
        label_header=_("Figure"),
        value_headers=[_("Count")],
        rows=rows,
    )


def compute() -> Statistics:
    return Statistics(
        headline=headline(),
        tables=[
            organisations_by_kind(),
            opportunities_by_sector(),
            ventures_by_stage(),
            ventures_by_sector(),
            exchanges_by_direction(),
        ],
    )


def cache_key(name: str) -> str:
    return f"public-statistics:{name}:{_language()}"


def cached_statistics() -> Statistics:
    """The figures in the active language, from the cache when computed in the last minutes."""
    key = cache_key("figures")
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def statistics_csv(statistics: Statistics) -> str:
    """Every table in one CSV, one figure a line: table, row, column, value (UTF-8 with BOM)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csvsafe.writer(out)
    writer.writerow([_("Statistics table"), _("Row"), _("Column"), _("Count")])
    for series in statistics.all_series():
        for label, values in series.rows:
            for header, value in zip(series.value_headers, values, strict=True):
                writer.writerow([series.title, label, header, value])
    return out.getvalue()
