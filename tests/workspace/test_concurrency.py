"""Two people acting at once on the same record: exactly one wins, the other gets a clear
error. Real threads with their own connections (see tests/concurrency.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from silkbridge.workspace import services
from silkbridge.workspace.models import ActionItem, GroupMembership
from tests.concurrency import run_together

# Real transactions, on a database file when the suite runs on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]


def test_two_status_changes_at_once(make_organisation, make_user, secretariat):
    kazakh = make_organisation("Qazaq Payments", country="KZ")
    chair = make_user("chair@qp.example.kz", organisation=kazakh)
    owner = make_user("owner@qp.example.kz", organisation=kazakh)
    group = services.create_group(actor=secretariat, name="Fintech")
    services.add_member(actor=secretariat, group=group, user=chair, role="co_chair")
    services.add_member(actor=secretariat, group=group, user=owner)
    item = services.create_action_item(
        actor=chair,
        group=group,
        data={"title": "Draft", "owner_user": owner, "due_on": timezone.localdate()},
    )

    def change(actor, status):
        return lambda: services.set_action_status(
            actor=actor, item=ActionItem.objects.get(pk=item.pk), status=status, expected="open"
        )

    outcomes = run_together(change(owner, "done"), change(chair, "cancelled"))
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert errors[0].code == "conflict"
    winner = next(o for o in outcomes if not isinstance(o, Exception))
    assert ActionItem.objects.get(pk=item.pk).status == winner.status


def test_two_co_chairs_from_one_country_at_once(make_organisation, make_user, secretariat):
    kazakh = make_organisation("Qazaq Payments", country="KZ")
    first = make_user("first@qp.example.kz", organisation=kazakh)
    second = make_user("second@qp.example.kz", organisation=kazakh)
    group = services.create_group(actor=secretariat, name="Fintech")

    def appoint(user):
        return lambda: services.add_member(
            actor=secretariat, group=group, user=user, role="co_chair"
        )

    outcomes = run_together(appoint(first), appoint(second))
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert GroupMembership.objects.filter(group=group, role="co_chair").count() == 1
