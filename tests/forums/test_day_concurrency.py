"""Two walk-in bookings at the same moment: exactly one gets the last table, and a participant is
never booked twice in one slot.

Real threads with their own database connections, as in tests/introductions/test_concurrency.py:
on PostgreSQL the inserts race on the unique (slot, table) constraint and the participants' row
locks; on SQLite the IMMEDIATE transactions queue behind each other."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from silkbridge.forums import day_services
from silkbridge.forums.models import Event, EventStatus, Meeting, Participant, TimeSlot
from tests.concurrency import run_together

# Real transactions, on a database file when the suite runs on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]

BEFORE_DAY = dt.datetime(2027, 5, 11, 18, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))


@pytest.fixture
def published(forum):
    Event.objects.filter(pk=forum.pk).update(status=EventStatus.PUBLISHED)
    return forum


@pytest.fixture
def last_table_slot(published, make_participant):
    """The first slot with one of its two tables already taken."""
    slot = published.slots.order_by("starts_at").first()
    a, b = make_participant(published, country="KZ"), make_participant(published, country="PK")
    Meeting.objects.create(event=published, a=a, b=b, slot=slot, table=1, status="published")
    return slot


def book(actor, event, slot, a, b, table=None):
    def call():
        return day_services.book_walk_in(
            actor=actor,
            event=Event.objects.get(pk=event.pk),
            slot=TimeSlot.objects.get(pk=slot.pk),
            a=Participant.objects.select_related("organisation").get(pk=a.pk),
            b=Participant.objects.select_related("organisation").get(pk=b.pk),
            table=table,
            now=BEFORE_DAY,
        )

    return call


def split(outcomes):
    wins = [o for o in outcomes if isinstance(o, Meeting)]
    errors = [o for o in outcomes if isinstance(o, Exception)]
    return wins, errors


@pytest.mark.parametrize("table", [None, 2])
def test_two_bookings_of_the_last_table_one_wins(
    table, published, last_table_slot, make_participant, secretariat
):
    kz1, pk1 = make_participant(published, country="KZ"), make_participant(published, country="PK")
    kz2, pk2 = make_participant(published, country="KZ"), make_participant(published, country="PK")

    outcomes = run_together(
        book(secretariat, published, last_table_slot, kz1, pk1, table),
        book(secretariat, published, last_table_slot, kz2, pk2, table),
    )

    wins, errors = split(outcomes)
    assert len(wins) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    expected = (
        "No table is free in this time slot."
        if table is None
        else ("This table was just taken; choose another.")
    )
    assert errors[0].messages == [expected]
    taken = Meeting.objects.filter(slot=last_table_slot).exclude(status="cancelled")
    assert sorted(taken.values_list("table", flat=True)) == [1, 2]


def test_one_participant_booked_twice_at_once_gets_one_meeting(
    published, make_participant, person_of
):
    slot = published.slots.order_by("starts_at").first()  # two free tables
    kz = make_participant(published, country="KZ")
    pk1, pk2 = make_participant(published, country="PK"), make_participant(published, country="PK")

    outcomes = run_together(
        book(person_of(kz), published, slot, kz, pk1),
        book(person_of(kz), published, slot, kz, pk2),
    )

    wins, errors = split(outcomes)
    assert len(wins) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert "a" in errors[0].error_dict
    assert Meeting.objects.filter(slot=slot, a=kz).count() == 1
