"""The dashboard's and the report's figures, each from one aggregate query.

`dashboard()` returns plain data (series of labelled numbers); charts, tables, CSV and the PDF
are drawn from the same series, so the numbers never disagree. The number of queries depends on
the number of targets shown, never on the number of ventures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from silkbridge.outcomes import metrics, permissions
from silkbridge.outcomes.metrics import Scope
from silkbridge.outcomes.models import MetricKey, Target
from silkbridge.outcomes.periods import Quarter, quarter_of, quarters_between

TOP_SECTORS = 12
NOTABLE_COUNT = 10
KEY_FIGURES = (
    MetricKey.AGREEMENTS_SIGNED,
    MetricKey.CONTRACT_VALUE_USD,
    MetricKey.JOBS_CREATED,
    MetricKey.PEOPLE_EXCHANGED,
    MetricKey.VENTURES_STARTED,
    MetricKey.ACTIVE_ALLIANCES,
)


@dataclass
class Series:
    """A table of the dashboard: a label column and one or more number columns."""

    key: str
    title: str
    label_header: str
    value_headers: list[str]
    rows: list[tuple[str, list[Decimal | int]]]
    unit: str = "count"

    @property
    def is_empty(self) -> bool:
        return not any(value for _label, values in self.rows for value in values)


@dataclass
class TargetProgress:
    target: Target
    metric: metrics.Metric
    value: Decimal  # counted in the target's period
    level: Decimal  # where the indicator stands: baseline + value, or today's level
    percent: Decimal  # of the way from baseline to target
    expected_percent: Decimal  # at a linear pace, today
    status: str  # achieved / on_track / behind / not_started / missed

    @property
    def status_label(self) -> str:
        return {
            "achieved": _("Achieved"),
            "on_track": _("On track"),
            "behind": _("Behind"),
            "not_started": _("Not started"),
            "missed": _("Missed"),
        }[self.status]


@dataclass
class NotableVenture:
    venture: object
    parties: list[str]
    signed_on: datetime.date  # the latest signature in the period


@dataclass
class Dashboard:
    scope: Scope
    key_figures: list[tuple[metrics.Metric, Decimal]]
    funnel: Series
    stages: Series
    sectors: Series
    kinds: Series
    countries: Series
    quarters: Series
    targets: list[TargetProgress]
    progress: Series
    notable: list[NotableVenture] = field(default_factory=list)

    @property
    def tables(self) -> dict[str, Series]:
        """Every table of the dashboard, by the key its CSV export uses."""
        return {
            s.key: s
            for s in (
                self.funnel,
                self.stages,
                self.sectors,
                self.kinds,
                self.countries,
                self.quarters,
                self.progress,
            )
        }


def _choices(model_name: str, field_name: str) -> dict[str, str]:
    from django.apps import apps

    model = apps.get_model("ventures", model_name)
    return {str(k): str(v) for k, v in model._meta.get_field(field_name).flatchoices}


# -- series -------------------------------------------------------------------------------------


def funnel(scope: Scope, cache: metrics.Cache) -> Series:
    """Introductions accepted → meetings held → ventures started → signed → contracted."""
    ventures = metrics.figures_of(metrics.funnel_figures, scope, cache)
    return Series(
        key="funnel",
        title=_("From introduction to contract"),
        label_header=_("Step"),
        value_headers=[_("Number")],
        rows=[
            (
                _("Introductions accepted"),
                [int(metrics.compute(MetricKey.INTRODUCTIONS_ACCEPTED, scope, cache))],
            ),
            (_("B2B meetings held"), [int(metrics.compute(MetricKey.MEETINGS_HELD, scope, cache))]),
            (_("Ventures started"), [int(ventures["started"])]),
            (_("… of which signed an MoU or contract"), [int(ventures["signed"])]),
            (_("… of which reached a contract"), [int(ventures["contracted"])]),
        ],
    )


Counts = dict[tuple[str, str], int]


def _breakdown(scope: Scope) -> Counts:
    """Ventures started in the period per (stage, kind): one query for two charts."""
    return {
        (stage, kind): n
        for stage, kind, n in metrics.ventures_started(scope)
        .values_list("stage", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }


def stages(counts: Counts) -> Series:
    found: dict[str, int] = {}
    for (stage, _kind), n in counts.items():
        found[stage] = found.get(stage, 0) + n
    return Series(
        key="stages",
        title=_("Ventures started in the period, by current stage"),
        label_header=_("Stage"),
        value_headers=[_("Ventures")],
        rows=[(label, [found.get(key, 0)]) for key, label in _choices("Venture", "stage").items()],
    )


def kinds(counts: Counts) -> Series:
    found: dict[str, int] = {}
    for (_stage, kind), n in counts.items():
        found[kind] = found.get(kind, 0) + n
    rows = [(label, [found.get(key, 0)]) for key, label in _choices("Venture", "kind").items()]
    return Series(
        key="kinds",
        title=_("Ventures started in the period, by kind"),
        label_header=_("Kind"),
        value_headers=[_("Ventures")],
        rows=sorted(rows, key=lambda row: -row[1][0]),
    )


def sectors(scope: Scope) -> Series:
    """The largest sectors, the rest as "Other sectors"; a venture counts in each of its sectors."""
    lang = (get_language() or "en").split("-")[0]
    label_field = f"sectors__label_{lang}" if lang in ("ru", "kk", "ur") else "sectors__label_en"
    found = list(
        metrics.ventures_started(scope)
        .values_list("sectors__label_en", label_field)
        .annotate(n=Count("pk"))
        .order_by("-n", "sectors__label_en")
    )
    rows: list[tuple[str, list[Decimal | int]]] = []
    other = 0
    unlabelled = 0
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
        key="sectors",
        title=_("Ventures started in the period, by sector"),
        label_header=_("Sector"),
        value_headers=[_("Ventures")],
        rows=rows,
    )


def lead_countries(scope: Scope) -> Series:
    """By the country of the lead organisation (in each country, should a venture have two)."""
    found = (
        metrics.party_model()
        .objects.order_by()
        .filter(role="lead", venture__in=metrics.ventures_started(scope).values("pk"))
        .values_list("organisation__country")
        .annotate(n=Count("venture_id", distinct=True))
        .order_by("-n", "organisation__country")
    )
    names = dict(countries)
    return Series(
        key="countries",
        title=_("Ventures started in the period, by the lead organisation's country"),
        label_header=_("Country"),
        value_headers=[_("Ventures")],
        rows=[(str(names.get(code, code)), [n]) for code, n in found],
    )


def by_quarter(scope: Scope) -> Series:
    """Contract value and jobs per quarter of each venture's first contract: one row per
    venture contracted in the period, summed here."""
    first = (
        metrics.ventures_in(scope)
        .filter(metrics.first_contracted_in(scope))
        .values_list("first_contracted_on", "value_usd", "jobs_created")
    )
    found: dict[tuple[int, int], dict] = {}
    for day, value, jobs in first:
        quarter = quarter_of(day)
        row = found.setdefault((quarter.year, quarter.number), {"value": Decimal(0), "jobs": 0})
        row["value"] += value or 0
        row["jobs"] += jobs or 0
    rows: list[tuple[str, list[Decimal | int]]] = []
    for quarter in quarters_between(scope.start, scope.end):
        row = found.get((quarter.year, quarter.number), {})
        value = Decimal(row.get("value") or 0).quantize(Decimal("1"))
        rows.append((quarter.label, [value, int(row.get("jobs") or 0)]))
    return Series(
        key="quarters",
        title=_("Contract value and jobs, by quarter of signature"),
        label_header=_("Quarter"),
        value_headers=[_("Contract value (USD)"), _("Jobs created")],
        rows=rows,
        unit="usd",
    )


# -- targets ------------------------------------------------------------------------------------


def targets_for(scope: Scope) -> QuerySet[Target]:
    """Targets running during the scope's period (of its working group, when one is chosen)."""
    qs = Target.objects.select_related("working_group").filter(
        period_start__lte=scope.end, deadline__gte=scope.start
    )
    if scope.group_id:
        qs = qs.filter(working_group_id=scope.group_id)
    return qs


def progress_of(
    target: Target, today: datetime.date | None = None, cache: metrics.Cache | None = None
) -> TargetProgress:
    """Where a target stands today, with its value computed over its own period and filters."""
    today = today or timezone.localdate()
    metric = metrics.METRICS[target.metric]
    scope = Scope(target.period_start, target.deadline, target.working_group_id, target.country)
    value = metrics.compute(target.metric, scope, cache)
    level = target.baseline + value if metric.cumulative else value
    span = target.target_value - target.baseline
    percent = (level - target.baseline) / span * 100 if span > 0 else Decimal(100)
    percent = max(Decimal(0), percent).quantize(Decimal("0.1"))
    days = (target.deadline - target.period_start).days or 1
    elapsed = min(max((today - target.period_start).days, 0), days)
    expected = (Decimal(elapsed) / Decimal(days) * 100).quantize(Decimal("0.1"))
    if level >= target.target_value:
        status = "achieved"
    elif today > target.deadline:
        status = "missed"
    elif today < target.period_start:
        status = "not_started"
    elif percent >= expected:
        status = "on_track"
    else:
        status = "behind"
    return TargetProgress(target, metric, value, level, percent, expected, status)


def progress_series(progress: list[TargetProgress]) -> Series:
    return Series(
        key="targets",
        title=_("Progress to each target"),
        label_header=_("Target"),
        value_headers=[_("Progress (%)"), _("Expected by now (%)")],
        rows=[(p.target.name, [p.percent, p.expected_percent]) for p in progress],
        unit="percent",
    )


# -- notable ventures ---------------------------------------------------------------------------


def notable_ventures(user, scope: Scope, count: int = NOTABLE_COUNT) -> list[NotableVenture]:
    """The largest ventures signed (MoU or contract, or later stages) in the period; confidential
    ones only for those who may see them."""
    signed = metrics.stage_change_model().objects.filter(
        to_stage__in=metrics.SIGNED_STAGES, changed_on__gte=scope.start, changed_on__lte=scope.end
    )
    qs = metrics.ventures_in(scope).filter(Exists(signed.filter(venture=OuterRef("pk"))))
    if not permissions.can_see_confidential(user):
        qs = qs.filter(confidential=False)
    order = ("-value_usd", "-jobs_created", "-people_exchanged", "title", "pk")
    ventures = list(qs.order_by(*order)[:count])
    signed_on = dict(
        signed.filter(venture_id__in=[v.pk for v in ventures])
        .values("venture_id")
        .annotate(last=Max("changed_on"))
        .values_list("venture_id", "last")
    )
    names: dict[int, list[str]] = {v.pk: [] for v in ventures}
    parties = (
        metrics.party_model()
        .objects.filter(venture_id__in=names)
        .order_by("role", "organisation__name")
        .values_list("venture_id", "organisation__name")
    )
    for venture_id, name in parties:
        names[venture_id].append(name)
    return [NotableVenture(v, names[v.pk], signed_on.get(v.pk)) for v in ventures]


# -- the whole page -----------------------------------------------------------------------------


def dashboard(user, scope: Scope, today: datetime.date | None = None) -> Dashboard:
    cache: metrics.Cache = {}
    progress = [progress_of(t, today, cache) for t in targets_for(scope)]
    counts = _breakdown(scope)
    return Dashboard(
        scope=scope,
        key_figures=[(metrics.METRICS[k], metrics.compute(k, scope, cache)) for k in KEY_FIGURES],
        funnel=funnel(scope, cache),
        stages=stages(counts),
        sectors=sectors(scope),
        kinds=kinds(counts),
        countries=lead_countries(scope),
        quarters=by_quarter(scope),
        targets=progress,
        progress=progress_series(progress),
        notable=notable_ventures(user, scope),
    )


def table(user, scope: Scope, key: str) -> Series | None:
    """One table of the dashboard (for its CSV), computing only what it needs."""
    if key in ("stages", "kinds"):
        return (stages if key == "stages" else kinds)(_breakdown(scope))
    if key == "targets":
        cache: metrics.Cache = {}
        return progress_series([progress_of(t, cache=cache) for t in targets_for(scope)])
    builders = {
        "funnel": lambda: funnel(scope, {}),
        "sectors": lambda: sectors(scope),
        "countries": lambda: lead_countries(scope),
        "quarters": lambda: by_quarter(scope),
    }
    return builders[key]() if key in builders else None


def quarter_scope(quarter: Quarter, group_id: int | None = None) -> Scope:
    return Scope(quarter.start, quarter.end, group_id)
