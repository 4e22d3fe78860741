"""Every metric is counted from the data: records change the value, nothing is typed in."""

import datetime
from decimal import Decimal

import pytest

from silkbridge.outcomes import metrics
from silkbridge.outcomes.metrics import METRICS, Scope
from silkbridge.outcomes.models import MetricKey

D = datetime.date
JULY = D(2026, 7, 10)
SIGNED_PATH = (("introduced", D(2026, 7, 1)), ("mou_signed", D(2026, 8, 1)))
CONTRACT_PATH = (*SIGNED_PATH, ("contract_signed", D(2026, 9, 1)))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def value(key, scope):
    return metrics.compute(key, scope)


def test_every_metric_key_is_in_the_registry():
    assert set(METRICS) == set(MetricKey.values)


@pytest.mark.django_db
def test_agreements_signed_counts_ventures_that_reached_mou_or_contract_in_the_period(
    make_venture, q3
):
    assert value(MetricKey.AGREEMENTS_SIGNED, q3) == 0
    make_venture(CONTRACT_PATH)  # MoU and contract in Q3: one venture, counted once
    make_venture(SIGNED_PATH)
    make_venture((("introduced", D(2026, 7, 2)), ("in_talks", D(2026, 7, 3))))
    make_venture((("introduced", D(2026, 1, 2)), ("mou_signed", D(2026, 3, 1))))  # Q1
    assert value(MetricKey.AGREEMENTS_SIGNED, q3) == 2
    q1 = Scope(D(2026, 1, 1), D(2026, 3, 31))
    assert value(MetricKey.AGREEMENTS_SIGNED, q1) == 1


@pytest.mark.django_db
def test_contract_value_and_jobs_count_ventures_first_contracted_in_the_period(make_venture, q3):
    make_venture(CONTRACT_PATH, value_usd=Decimal("250000.50"), jobs=12)
    make_venture(SIGNED_PATH, value_usd=Decimal(999), jobs=99)  # no contract yet
    # Contracted in Q2, still delivering in Q3: counted in Q2 only.
    make_venture(
        (
            ("introduced", D(2026, 4, 1)),
            ("contract_signed", D(2026, 5, 1)),
            ("delivering", D(2026, 7, 15)),
        ),
        value_usd=Decimal(1000),
        jobs=3,
    )
    assert value(MetricKey.CONTRACT_VALUE_USD, q3) == Decimal("250000.50")
    assert value(MetricKey.JOBS_CREATED, q3) == 12
    q2 = Scope(D(2026, 4, 1), D(2026, 6, 30))
    assert value(MetricKey.CONTRACT_VALUE_USD, q2) == 1000
    assert value(MetricKey.JOBS_CREATED, q2) == 3


@pytest.mark.django_db
def test_a_venture_contracted_twice_counts_once(make_venture, q3):
    make_venture(
        (
            ("introduced", D(2026, 7, 1)),
            ("contract_signed", D(2026, 7, 5)),
            ("in_talks", D(2026, 7, 20)),
            ("contract_signed", D(2026, 8, 20)),
        ),
        value_usd=Decimal(500),
        jobs=4,
    )
    assert value(MetricKey.CONTRACT_VALUE_USD, q3) == 500
    assert value(MetricKey.JOBS_CREATED, q3) == 4


@pytest.mark.django_db
def test_people_exchanged_and_active_alliances(make_venture, q3):
    assert value(MetricKey.PEOPLE_EXCHANGED, q3) == 0
    make_venture(SIGNED_PATH, kind="academic_exchange", people=40)
    make_venture(CONTRACT_PATH, kind="internship_programme", people=10)
    make_venture(
        (*SIGNED_PATH, ("dropped", D(2026, 9, 5))), kind="joint_programme", people=5
    )  # signed in Q3, so its people count; no longer an active alliance
    make_venture(SIGNED_PATH, kind="joint_venture", people=0)
    assert value(MetricKey.PEOPLE_EXCHANGED, q3) == 55
    assert value(MetricKey.ACTIVE_ALLIANCES, q3) == 2


@pytest.mark.django_db
def test_ventures_started(make_venture, q3):
    make_venture((("introduced", D(2026, 7, 1)),))
    make_venture((("introduced", D(2026, 9, 30)),))
    make_venture((("introduced", D(2026, 10, 1)),))
    assert value(MetricKey.VENTURES_STARTED, q3) == 2


@pytest.mark.django_db
def test_introductions_accepted_in_the_period(make_introduction, q3):
    make_introduction(at(JULY))
    make_introduction(at(D(2026, 9, 30), 23))
    make_introduction(at(D(2026, 10, 1), 0))
    make_introduction(at(JULY), status="declined")
    assert value(MetricKey.INTRODUCTIONS_ACCEPTED, q3) == 2


@pytest.mark.django_db
def test_meetings_held_in_the_period(make_meeting, q3):
    make_meeting(at(JULY))
    make_meeting(at(JULY), status="no_show")
    make_meeting(at(D(2026, 6, 30)))
    assert value(MetricKey.MEETINGS_HELD, q3) == 1


@pytest.mark.django_db
def test_group_filter_takes_sub_groups_and_country_filter_needs_a_party(
    make_venture, make_group, make_organisation, q3
):
    fintech = make_group("Fintech")
    payments = make_group("Payments", parent=fintech)
    other = make_group("Academia")
    make_venture(SIGNED_PATH, group=fintech)
    make_venture(SIGNED_PATH, group=payments)
    make_venture(SIGNED_PATH, group=other)
    kz = make_organisation("KZ lead", country="KZ")
    kz2 = make_organisation("KZ partner", country="KZ")
    make_venture(SIGNED_PATH, lead=kz, partner=kz2)  # no Pakistani party
    scope = Scope(q3.start, q3.end, fintech.pk)
    assert value(MetricKey.AGREEMENTS_SIGNED, scope) == 2
    assert value(MetricKey.AGREEMENTS_SIGNED, Scope(q3.start, q3.end, country="PK")) == 3
    assert value(MetricKey.AGREEMENTS_SIGNED, Scope(q3.start, q3.end, country="KZ")) == 4


@pytest.mark.django_db
def test_metrics_without_groups_ignore_the_group(make_introduction, make_group, q3):
    make_introduction(at(JULY))
    scope = Scope(q3.start, q3.end, make_group().pk)
    assert value(MetricKey.INTRODUCTIONS_ACCEPTED, scope) == 1


@pytest.mark.django_db
def test_a_venture_signed_again_later_is_an_agreement_again_but_counts_its_value_once(
    make_venture, q3
):
    make_venture(
        (
            ("introduced", D(2026, 4, 1)),
            ("mou_signed", D(2026, 4, 10)),
            ("contract_signed", D(2026, 5, 1)),
            ("in_talks", D(2026, 6, 1)),
            ("contract_signed", D(2026, 8, 1)),
        ),
        value_usd=Decimal(700),
        jobs=7,
        people=3,
    )
    q2 = Scope(D(2026, 4, 1), D(2026, 6, 30))
    assert value(MetricKey.AGREEMENTS_SIGNED, q2) == 1
    assert value(MetricKey.AGREEMENTS_SIGNED, q3) == 1
    assert [value(k, q2) for k in ("contract_value_usd", "jobs_created", "people_exchanged")] == [
        700,
        7,
        3,
    ]
    assert [value(k, q3) for k in ("contract_value_usd", "jobs_created", "people_exchanged")] == [
        0,
        0,
        0,
    ]


@pytest.mark.django_db
def test_figures_match_the_definitions_over_generated_histories(make_organisation, make_group):
    """Many generated ventures: every figure equals what its definition says, worked out here
    from each venture's stage changes."""
    from silkbridge.outcomes import selectors
    from silkbridge.outcomes.periods import quarter_of
    from silkbridge.ventures.bulk import generate_bulk_ventures
    from silkbridge.ventures.models import StageChange, Venture

    group = make_group("Fintech")
    make_group("Payments", parent=group)
    for n in range(2):
        make_organisation(f"KZ {n}", country="KZ")
        make_organisation(f"PK {n}", country="PK")
    generate_bulk_ventures(250, seed=11)
    ventures = {v.pk: v for v in Venture.objects.all()}
    history: dict[int, list] = {pk: [] for pk in ventures}
    for change in StageChange.objects.all():
        history[change.venture_id].append((change.to_stage, change.changed_on))
    today = datetime.date.today()
    for scope in (
        Scope(today - datetime.timedelta(days=730), today),
        Scope(today - datetime.timedelta(days=200), today - datetime.timedelta(days=100)),
        Scope(today - datetime.timedelta(days=400), today, group.pk),
    ):
        groups = {group.pk, *group.subgroups.values_list("pk", flat=True)}

        def inside(day, scope=scope):
            return day is not None and scope.start <= day <= scope.end

        def first(pk, stages):
            days = [day for stage, day in history[pk] if stage in stages]
            return min(days) if days else None

        chosen = [
            pk for pk, v in ventures.items() if not scope.group_id or v.working_group_id in groups
        ]
        contracted = [pk for pk in chosen if inside(first(pk, metrics.CONTRACT_STAGES))]
        expected = {
            "agreements_signed": sum(
                any(s in metrics.AGREEMENT_STAGES and inside(d) for s, d in history[pk])
                for pk in chosen
            ),
            "contract_value_usd": sum(ventures[pk].value_usd or 0 for pk in contracted),
            "jobs_created": sum(ventures[pk].jobs_created for pk in contracted),
            "people_exchanged": sum(
                ventures[pk].people_exchanged
                for pk in chosen
                if inside(first(pk, metrics.SIGNED_STAGES))
            ),
        }
        assert metrics.signature_figures(scope) == {k: Decimal(v) for k, v in expected.items()}
        started = [pk for pk in chosen if inside(ventures[pk].started_on)]
        assert metrics.funnel_figures(scope) == {
            "started": len(started),
            "signed": sum(first(pk, metrics.SIGNED_STAGES) is not None for pk in started),
            "contracted": sum(first(pk, metrics.CONTRACT_STAGES) is not None for pk in started),
        }
        by_quarter = {}
        for pk in contracted:
            label = quarter_of(first(pk, metrics.CONTRACT_STAGES)).label
            by_quarter[label] = by_quarter.get(label, 0) + ventures[pk].jobs_created
        rows = {label: jobs for label, (_value, jobs) in selectors.by_quarter(scope).rows}
        assert {k: v for k, v in rows.items() if v} == {k: v for k, v in by_quarter.items() if v}
