"""Two people acting at once on the same call or mobility: one wins, the other is told, and
nothing is written twice."""

import pytest
from django.core.exceptions import ValidationError

from silkbridge.talent.exchanges.models import Call, Mobility, Nomination
from silkbridge.talent.exchanges.services import allocation, mobilities
from tests.concurrency import run_together

# Real transactions, on a database file when the suite runs on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]


def test_two_coordinators_allocating_at_once_allocate_once(
    make_user, home_university, make_student, call, places, apply, close_call, home_coordinator
):
    second = make_user("second@astanait.example.kz", organisation=home_university, role="admin")
    applications = [
        apply(make_student(f"r{i}@astanait.example.kz"), call, [places[0].pk]) for i in range(3)
    ]
    close_call(call)
    allocation.rank_applicants(
        actor=home_coordinator, call=call, application_ids=[a.pk for a in applications]
    )

    def allocate(actor):
        return lambda: allocation.allocate_call(actor=actor, call=Call.objects.get(pk=call.pk))

    outcomes = run_together(allocate(home_coordinator), allocate(second))
    wins = [o for o in outcomes if isinstance(o, dict)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(wins) == 1 and len(refused) == 1, outcomes
    assert Nomination.objects.count() == 2


def test_completing_and_cancelling_at_once_leaves_one_ending(mobility, student, host_coordinator):
    agreement = mobilities.set_learning_plan(
        actor=student,
        agreement=mobility.learning_agreement,
        plan_kind="courses",
        components=[{"title": "Compilers", "credits": "6"}],
    )
    Mobility.objects.filter(pk=mobility.pk).update(status="started")
    assert agreement.version == 1

    def move(actor, status):
        return lambda: mobilities.move_mobility(
            actor=actor, mobility=Mobility.objects.get(pk=mobility.pk), to_status=status
        )

    outcomes = run_together(move(host_coordinator, "completed"), move(student, "cancelled"))
    wins = [o for o in outcomes if isinstance(o, Mobility)]
    assert len(wins) == 1, outcomes
    assert isinstance(next(o for o in outcomes if o not in wins), ValidationError)
    assert Mobility.objects.get(pk=mobility.pk).status == wins[0].status
