"""The registry of computable metrics: what each target and key figure counts, from the data.

Every metric takes a `Scope` (a period of dates, and optionally a working group and a country)
and runs one aggregate query (the signatures two), so a page's query count depends on how many
figures it shows, never on how many ventures there are. Confidential ventures are counted like
the others; no metric returns a name.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from silkbridge.outcomes.models import MetricKey

# Stages (fixed names of ventures.Venture.stage).
AGREEMENT_STAGES = ("mou_signed", "contract_signed")
SIGNED_STAGES = ("mou_signed", "contract_signed", "delivering", "completed")
CONTRACT_STAGES = ("contract_signed", "delivering", "completed")
ACTIVE_STAGES = ("mou_signed", "contract_signed", "delivering")
ACADEMIC_KINDS = ("academic_exchange", "joint_programme", "internship_programme")
HELD = "held"


@dataclass(frozen=True)
class Scope:
    """What a figure is about: dates from `start` to `end` inclusive, and optional filters."""

    start: datetime.date
    end: datetime.date
    group_id: int | None = None
    country: str = ""

    @property
    def start_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=datetime.UTC)

    @property
    def end_before(self) -> datetime.datetime:
        """The first instant after the period (aware, UTC), for `__lt` on datetimes."""
        following = self.end + datetime.timedelta(days=1)
        return datetime.datetime.combine(following, datetime.time.min, tzinfo=datetime.UTC)


# -- the querysets every figure starts from -----------------------------------------------------


def venture_model():
    return apps.get_model("ventures", "Venture")


def stage_change_model():
    return apps.get_model("ventures", "StageChange")


def party_model():
    return apps.get_model("ventures", "VentureParty")


def ventures_in(scope: Scope) -> QuerySet:
    """Ventures of the scope's working group (and its sub-groups) with a party from its country."""
    qs = venture_model().objects.order_by()
    if scope.group_id:
        qs = qs.filter(
            Q(working_group_id=scope.group_id) | Q(working_group__parent_id=scope.group_id)
        )
    if scope.country:
        parties = party_model().objects.filter(
            venture=OuterRef("pk"), organisation__country=scope.country
        )
        qs = qs.filter(Exists(parties))
    return qs


def ventures_started(scope: Scope) -> QuerySet:
    return ventures_in(scope).filter(started_on__gte=scope.start, started_on__lte=scope.end)


def _in_period(name: str, scope: Scope) -> Q:
    return Q(**{f"{name}__gte": scope.start, f"{name}__lte": scope.end})


def _number(value) -> Decimal:
    return Decimal(value or 0)


# -- the figures, each source in one or two queries ----------------------------------------------


def _changed_ids(stages: tuple[str, ...], scope: Scope | None = None) -> QuerySet:
    """Ids of the ventures with a change into `stages` (dated in the period, if given)."""
    changes = stage_change_model().objects.order_by().filter(to_stage__in=stages)
    if scope is not None:
        changes = changes.filter(changed_on__gte=scope.start, changed_on__lte=scope.end)
    return changes.values("venture_id")


def signature_figures(scope: Scope) -> dict[str, Decimal]:
    """Agreements, contract value, jobs and people: three queries.

    "First" makes a venture count once, in the period it was first signed or contracted,
    however often it went back and forth: the ventures services keep those dates on the
    venture (`first_signed_on`, `first_contracted_on`), so the sums are ranges on their
    indexes. An agreement counts each venture that reached "MoU signed" or "contract signed"
    in the period, again or not: those are read from the stage changes dated in it.
    """
    from silkbridge.talent.exchanges import outcomes as talent

    first_signed = _in_period("first_signed_on", scope)
    first_contracted = first_contracted_in(scope)
    # An alliance whose agreements completed a mobility counts its mobilities instead of the
    # figure typed into it, so nobody is counted twice.
    counts_mobilities = Q(kind__in=ACADEMIC_KINDS) & Q(talent.ventures_with_mobilities())
    typed = first_signed & ~counts_mobilities
    found = (
        ventures_in(scope)
        .filter(first_signed | first_contracted)
        .aggregate(
            contract_value_usd=Sum("value_usd", filter=first_contracted),
            jobs_created=Sum("jobs_created", filter=first_contracted),
            people_exchanged=Sum("people_exchanged", filter=typed),
        )
    )
    alliances = ventures_in(scope).filter(kind__in=ACADEMIC_KINDS)
    moved = talent.mobilities_of_ventures(alliances, scope.start, scope.end)
    found["people_exchanged"] = (found["people_exchanged"] or 0) + moved
    agreements = _changed_ids(AGREEMENT_STAGES, scope)
    if scope.group_id or scope.country:
        agreements = agreements.filter(venture__in=ventures_in(scope).values("pk"))
    found["agreements_signed"] = agreements.distinct().count()
    return {key: _number(value) for key, value in found.items()}


def first_contracted_in(scope: Scope) -> Q:
    """Ventures whose first contract (contract signed, delivering or completed) is in the period."""
    return _in_period("first_contracted_on", scope)


def start_figures(scope: Scope) -> dict[str, Decimal]:
    return {MetricKey.VENTURES_STARTED: _number(ventures_started(scope).count())}


def alliance_figures(scope: Scope) -> dict[str, Decimal]:
    """Academic alliances signed and not yet completed, stalled or dropped (today's state)."""
    alive = Q(started_on__isnull=True) | Q(started_on__lte=scope.end)
    qs = ventures_in(scope).filter(alive, stage__in=ACTIVE_STAGES, kind__in=ACADEMIC_KINDS)
    return {MetricKey.ACTIVE_ALLIANCES: _number(qs.count())}


def funnel_figures(scope: Scope) -> dict[str, Decimal]:
    """Of the ventures started in the period: how many were ever signed, and contracted."""
    found = ventures_started(scope).aggregate(
        started=Count("pk"),
        signed=Count("pk", filter=Q(first_signed_on__isnull=False)),
        contracted=Count("pk", filter=Q(first_contracted_on__isnull=False)),
    )
    return {key: _number(value) for key, value in found.items()}


def introduction_figures(scope: Scope) -> dict[str, Decimal]:
    """Introductions both sides accepted in the period."""
    from silkbridge.introductions.models import Introduction

    qs = Introduction.objects.order_by().filter(
        accepted_at__gte=scope.start_at, accepted_at__lt=scope.end_before
    )
    if scope.country:
        qs = qs.filter(Q(org_a__country=scope.country) | Q(org_b__country=scope.country))
    return {MetricKey.INTRODUCTIONS_ACCEPTED: _number(qs.count())}


def meeting_figures(scope: Scope) -> dict[str, Decimal]:
    """B2B forum meetings marked held whose slot started in the period."""
    meeting = apps.get_model("forums", "Meeting")
    qs = meeting.objects.order_by().filter(
        status=HELD, slot__starts_at__gte=scope.start_at, slot__starts_at__lt=scope.end_before
    )
    if scope.country:
        qs = qs.filter(
            Q(a__organisation__country=scope.country) | Q(b__organisation__country=scope.country)
        )
    return {MetricKey.MEETINGS_HELD: _number(qs.count())}


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise
    explanation: Promise
    # Returns this metric's value among others of the same source, so they share their queries.
    source: Callable[[Scope], dict[str, Decimal]]
    unit: str = "count"  # "count" or "usd"
    # A flow adds up over the period (baseline + value); a stock is today's level.
    cumulative: bool = True
    per_group: bool = True


METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in (
        Metric(
            MetricKey.AGREEMENTS_SIGNED,
            MetricKey.AGREEMENTS_SIGNED.label,
            _("Ventures that reached “MoU signed” or “contract signed” in the period."),
            signature_figures,
        ),
        Metric(
            MetricKey.CONTRACT_VALUE_USD,
            MetricKey.CONTRACT_VALUE_USD.label,
            _("Value in USD, at the recorded rate, of ventures first contracted in the period."),
            signature_figures,
            unit="usd",
        ),
        Metric(
            MetricKey.PEOPLE_EXCHANGED,
            MetricKey.PEOPLE_EXCHANGED.label,
            _(
                "Students and staff exchanged: mobilities completed in the period under the "
                "alliances' agreements; for a venture without any, the figure typed in, when "
                "first signed in the period."
            ),
            signature_figures,
        ),
        Metric(
            MetricKey.ACTIVE_ALLIANCES,
            MetricKey.ACTIVE_ALLIANCES.label,
            _("Academic alliances signed and still running today."),
            alliance_figures,
            cumulative=False,
        ),
        Metric(
            MetricKey.VENTURES_STARTED,
            MetricKey.VENTURES_STARTED.label,
            _("Ventures whose start date falls in the period."),
            start_figures,
        ),
        Metric(
            MetricKey.INTRODUCTIONS_ACCEPTED,
            MetricKey.INTRODUCTIONS_ACCEPTED.label,
            _("Introductions both organisations accepted in the period."),
            introduction_figures,
            per_group=False,
        ),
        Metric(
            MetricKey.MEETINGS_HELD,
            MetricKey.MEETINGS_HELD.label,
            _("B2B forum meetings held in the period."),
            meeting_figures,
            per_group=False,
        ),
        Metric(
            MetricKey.JOBS_CREATED,
            MetricKey.JOBS_CREATED.label,
            _("Jobs created by ventures first contracted in the period."),
            signature_figures,
        ),
    )
}


Cache = dict[tuple[str, Scope], dict[str, Decimal]]


def compute(key: str, scope: Scope, cache: Cache | None = None) -> Decimal:
    """The value of metric `key` over `scope`; a group filter is ignored where it has no meaning.

    With a `cache` (one per page), metrics of the same source and scope share their queries.
    """
    metric = METRICS[key]
    if scope.group_id and not metric.per_group:
        scope = Scope(scope.start, scope.end, None, scope.country)
    return figures_of(metric.source, scope, cache)[key]


def figures_of(source, scope: Scope, cache: Cache | None = None) -> dict[str, Decimal]:
    """The figures of one source over `scope`, computed once per cache."""
    cache = {} if cache is None else cache
    slot = (source.__name__, scope)
    if slot not in cache:
        cache[slot] = source(scope)
    return cache[slot]
