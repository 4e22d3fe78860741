"""Each venture's first signature and first contract dates, kept on the venture for the outcomes
figures, stay equal to what its stage history says through every way the history is written."""

import importlib
import types

import pytest
from django.apps import apps
from django.db.models import Min, Q

from silkbridge.ventures import services
from silkbridge.ventures.demo import create_demo_ventures, generate_bulk_ventures
from silkbridge.ventures.models import CONTRACT_STAGES, SIGNED_STAGES, StageChange, Venture

pytestmark = pytest.mark.django_db


def from_history() -> dict[int, tuple]:
    """Every venture's (first signed, first contracted) worked out from its stage changes."""
    rows = StageChange.objects.values("venture_id").annotate(
        signed=Min("changed_on", filter=Q(to_stage__in=SIGNED_STAGES)),
        contracted=Min("changed_on", filter=Q(to_stage__in=CONTRACT_STAGES)),
    )
    return {row["venture_id"]: (row["signed"], row["contracted"]) for row in rows}


def stored() -> dict[int, tuple]:
    return {
        pk: (signed, contracted)
        for pk, signed, contracted in Venture.objects.values_list(
            "pk", "first_signed_on", "first_contracted_on"
        )
    }


def dates_of(venture) -> tuple:
    venture.refresh_from_db()
    return venture.first_signed_on, venture.first_contracted_on


def move(venture, actor, stage, day, reason=""):
    services.change_stage(
        actor=actor, venture=venture, to_stage=stage, changed_on=day, reason=reason
    )


def test_a_new_venture_has_its_first_stage_dates(make_venture, days_ago):
    assert dates_of(make_venture()) == (None, None)
    signed = make_venture(stage="mou_signed", started_on=days_ago(30))
    assert dates_of(signed) == (days_ago(30), None)
    contracted = make_venture(stage="contract_signed", started_on=days_ago(20))
    assert dates_of(contracted) == (days_ago(20), days_ago(20))
    assert stored() == from_history()


def test_moving_forward_sets_each_date_once(make_venture, member, days_ago):
    venture = make_venture(started_on=days_ago(200))
    move(venture, member, "in_talks", days_ago(150))
    assert dates_of(venture) == (None, None)
    move(venture, member, "mou_signed", days_ago(100))
    # The service also updates the object it was given.
    assert (venture.first_signed_on, venture.first_contracted_on) == (days_ago(100), None)
    move(venture, member, "contract_signed", days_ago(60))
    move(venture, member, "delivering", days_ago(30))
    move(venture, member, "completed", days_ago(5))
    assert dates_of(venture) == (days_ago(100), days_ago(60))
    assert stored() == from_history()


def test_a_later_stage_reached_first_counts_as_signed_and_contracted(
    make_venture, member, days_ago
):
    venture = make_venture(started_on=days_ago(90))
    move(venture, member, "delivering", days_ago(40))
    assert dates_of(venture) == (days_ago(40), days_ago(40))


def test_going_back_and_signing_again_keeps_the_first_dates(make_venture, member, days_ago):
    venture = make_venture(started_on=days_ago(300))
    move(venture, member, "mou_signed", days_ago(250))
    move(venture, member, "contract_signed", days_ago(200))
    move(venture, member, "in_talks", days_ago(150), reason="The contract was annulled.")
    assert dates_of(venture) == (days_ago(250), days_ago(200))
    move(venture, member, "mou_signed", days_ago(100))
    move(venture, member, "contract_signed", days_ago(50))
    assert dates_of(venture) == (days_ago(250), days_ago(200))
    move(venture, member, "stalled", days_ago(20))
    move(venture, member, "dropped", days_ago(10))
    assert dates_of(venture) == (days_ago(250), days_ago(200))
    assert stored() == from_history()


def test_correcting_a_date_moves_the_first_dates_with_it(
    make_venture, member, secretariat, days_ago
):
    venture = make_venture(started_on=days_ago(300))
    move(venture, member, "mou_signed", days_ago(200))
    move(venture, member, "contract_signed", days_ago(100))
    move(venture, member, "in_talks", days_ago(80), reason="Renegotiation.")
    move(venture, member, "contract_signed", days_ago(40))
    changes = list(StageChange.objects.filter(venture=venture).order_by("changed_on", "id"))
    signed, contracted, _back, again = changes[1:]

    services.correct_stage_change(
        actor=secretariat, change=signed, changed_on=days_ago(250), reason=""
    )
    assert dates_of(venture) == (days_ago(250), days_ago(100))
    services.correct_stage_change(
        actor=secretariat, change=contracted, changed_on=days_ago(90), reason=""
    )
    assert dates_of(venture) == (days_ago(250), days_ago(90))
    # A later contract's correction leaves the first one alone.
    services.correct_stage_change(
        actor=secretariat, change=again, changed_on=days_ago(30), reason=""
    )
    assert dates_of(venture) == (days_ago(250), days_ago(90))
    # The venture's first change, when it is itself a signature, moves both the start date and
    # the first signature.
    direct = make_venture(stage="mou_signed", started_on=days_ago(60))
    first = StageChange.objects.get(venture=direct)
    services.correct_stage_change(
        actor=secretariat, change=first, changed_on=days_ago(70), reason=""
    )
    direct.refresh_from_db()
    assert (direct.started_on, direct.first_signed_on) == (days_ago(70), days_ago(70))
    assert stored() == from_history()


def test_saving_details_from_a_copy_read_before_a_move_keeps_the_dates(
    make_venture, member, days_ago
):
    venture = make_venture(started_on=days_ago(100))
    stale = Venture.objects.get(pk=venture.pk)
    move(venture, member, "contract_signed", days_ago(10))
    services.update_venture(actor=member, venture=stale, data={"jobs_created": 4})
    venture.refresh_from_db()
    assert venture.jobs_created == 4
    assert dates_of(venture) == (days_ago(10), days_ago(10))


def test_a_refused_correction_changes_nothing(make_venture, member, secretariat, days_ago):
    venture = make_venture(started_on=days_ago(300))
    move(venture, member, "mou_signed", days_ago(200))
    move(venture, member, "contract_signed", days_ago(100))
    signed = StageChange.objects.get(venture=venture, to_stage="mou_signed")
    with pytest.raises(Exception):  # noqa: B017 - the service's own error tests cover which
        services.correct_stage_change(
            actor=secretariat, change=signed, changed_on=days_ago(50), reason=""
        )
    assert dates_of(venture) == (days_ago(200), days_ago(100))


def test_the_demo_and_the_bulk_generator_write_the_dates(make_organisation, make_term):
    from silkbridge.directory.models import Organisation

    make_term("sector", "fintech", "Fintech")
    for kind in ("company", "academic", "authority", "association"):
        make_organisation(f"KZ {kind}", country="KZ", kind=kind)
        make_organisation(f"PK {kind}", country="PK", kind=kind)
    Organisation.objects.update(is_demo=True)
    assert create_demo_ventures() >= 20
    assert generate_bulk_ventures(400, seed=5) == 400
    found = stored()
    assert len(found) >= 420
    assert found == from_history()
    # The sample covers every case: never signed, signed only, and contracted.
    assert {(s is not None, c is not None) for s, c in found.values()} == {
        (False, False),
        (True, False),
        (True, True),
    }


def test_the_migration_backfills_the_dates_from_the_history(make_venture, member, days_ago):
    venture = make_venture(started_on=days_ago(300))
    move(venture, member, "mou_signed", days_ago(200))
    move(venture, member, "contract_signed", days_ago(100))
    move(venture, member, "in_talks", days_ago(50), reason="Annulled.")
    make_venture(stage="mou_signed", started_on=days_ago(10))
    make_venture()
    expected = stored()
    Venture.objects.update(first_signed_on=None, first_contracted_on=None)
    migration = importlib.import_module("silkbridge.ventures.migrations.0003_first_dates")
    editor = types.SimpleNamespace(connection=types.SimpleNamespace(alias="default"))
    migration.backfill_first_dates(apps, editor)
    assert stored() == expected == from_history()
