"""Targets: the secretariat sets them, the value comes from the data, bad input writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from silkbridge.outcomes import selectors, services
from silkbridge.outcomes.models import Target

D = datetime.date
SIGNED = (("introduced", D(2026, 1, 10)), ("mou_signed", D(2026, 2, 1)))


def data(**changes):
    values = {
        "name": "Agreements in 2026",
        "metric": "agreements_signed",
        "baseline": Decimal(10),
        "target_value": Decimal(14),
        "period_start": D(2026, 1, 1),
        "deadline": D(2026, 12, 31),
        "working_group": None,
        "country": "",
        "description": "",
    }
    values.update(changes)
    return values


@pytest.mark.django_db
def test_progress_is_computed_from_ventures(secretariat, make_venture):
    target = services.create_target(actor=secretariat, data=data())
    mid_year = D(2026, 7, 2)  # half the period gone
    progress = selectors.progress_of(target, today=mid_year)
    assert (progress.value, progress.level, progress.percent) == (0, 10, 0)
    assert progress.status == "behind"
    make_venture(SIGNED)
    make_venture(SIGNED)
    progress = selectors.progress_of(target, today=mid_year)
    assert (progress.value, progress.level) == (2, 12)
    assert progress.percent == Decimal("50.0")
    assert progress.expected_percent == Decimal("50.0")
    assert progress.status == "on_track"
    make_venture(SIGNED)
    make_venture(SIGNED)
    assert selectors.progress_of(target, today=mid_year).status == "achieved"
    assert selectors.progress_of(target, today=D(2025, 12, 1)).status == "achieved"


@pytest.mark.django_db
def test_a_stock_metric_is_today_s_level_not_added_to_the_baseline(secretariat, make_venture):
    target = services.create_target(
        actor=secretariat,
        data=data(metric="active_alliances", baseline=Decimal(1), target_value=Decimal(3)),
    )
    make_venture(SIGNED, kind="academic_exchange")
    make_venture(SIGNED, kind="joint_programme")
    progress = selectors.progress_of(target, today=D(2027, 1, 5))
    assert (progress.level, progress.percent, progress.status) == (2, Decimal("50.0"), "missed")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"deadline": D(2025, 12, 1)}, "deadline", "after the period start"),
        ({"deadline": D(2026, 1, 1)}, "deadline", "after the period start"),
        ({"target_value": Decimal(-5)}, "target_value", "greater than or equal to 0"),
        ({"baseline": Decimal(-1)}, "baseline", "greater than or equal to 0"),
        ({"target_value": Decimal(10)}, "target_value", "above the baseline"),
        ({"metric": "happiness"}, "metric", "Unknown metric"),
        ({"name": ""}, "name", "blank"),
        ({"country": "FR"}, "country", "countries"),
        ({"metric": "meetings_held", "working_group": "group"}, "working_group", "per working"),
    ],
)
def test_bad_targets_are_refused_per_field_and_nothing_is_written(
    secretariat, make_group, changes, field, text
):
    if changes.get("working_group") == "group":
        changes["working_group"] = make_group()
    with pytest.raises(ValidationError) as caught:
        services.create_target(actor=secretariat, data=data(**changes))
    assert field in caught.value.message_dict
    assert any(text in message for message in caught.value.message_dict[field])
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_only_the_secretariat_sets_targets(observer, member, secretariat):
    for actor in (observer, member):
        with pytest.raises(PermissionDenied):
            services.create_target(actor=actor, data=data())
    target = services.create_target(actor=secretariat, data=data())
    with pytest.raises(PermissionDenied):
        services.update_target(actor=observer, target=target, data={"name": "Mine"})
    with pytest.raises(PermissionDenied):
        services.delete_target(actor=member, target=target)
    assert Target.objects.get().name == "Agreements in 2026"


@pytest.mark.django_db
def test_database_refuses_a_deadline_before_the_start(secretariat):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(**data(deadline=D(2025, 1, 1)))
