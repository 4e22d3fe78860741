"""Two people acting at once: exactly one wins, the other gets a clear error, nothing doubles.

Real threads with their own database connections: on SQLite the IMMEDIATE transactions queue
behind each other; on PostgreSQL they race on row locks and on the one-meeting-per-table
constraint."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import schedule_edits, scheduling
from silkbridge.forums.models import Meeting, MeetingStatus, RequestStatus
from tests.concurrency import run_together

# Real transactions, on a database file when the suite runs on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]


def test_two_people_accepting_the_same_request(forum, make_participant, make_user, person_of):
    kz, pk = make_participant(forum, country="KZ"), make_participant(forum, country="PK")
    colleague = make_user(organisation=pk.organisation)
    request = mr.send_request(actor=person_of(kz), sender=kz, receiver=pk)
    outcomes = run_together(
        lambda: mr.accept_request(actor=person_of(pk), request=request),
        lambda: mr.decline_request(actor=colleague, request=request),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert errors[0].error_list[0].code == "not_pending"
    request.refresh_from_db()
    assert request.status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED)


def test_last_table_of_a_slot(forum, make_participant, person_of, secretariat):
    """Two meetings compete for the one free table of a slot: exactly one gets it."""
    forum.slots.update(tables=3)
    kz = [make_participant(forum, country="KZ") for _ in range(3)]
    pk = [make_participant(forum, country="PK") for _ in range(3)]
    for a, b in zip(kz, pk, strict=True):
        mr.accept_request(
            actor=person_of(b), request=mr.send_request(actor=person_of(a), sender=a, receiver=b)
        )
    scheduling.run_schedule(actor=secretariat, event=forum)
    slots = list(forum.slots.order_by("order"))
    meetings = list(Meeting.objects.order_by("pk"))
    # Put the three meetings in different slots first, then fill table 1 and 2 of the last slot.
    target = slots[-1]
    Meeting.objects.update(table=None)
    for i, meeting in enumerate(meetings):
        Meeting.objects.filter(pk=meeting.pk).update(slot=slots[i], table=1)
    first, second, third = (Meeting.objects.get(pk=m.pk) for m in meetings)
    Meeting.objects.filter(pk=third.pk).update(slot=target, table=1)
    Meeting.objects.filter(pk=second.pk).update(slot=slots[1], table=2)
    second.refresh_from_db()
    outcomes = run_together(
        lambda: schedule_edits.move_meeting(actor=secretariat, meeting=first, slot=target, table=2),
        lambda: schedule_edits.move_meeting(
            actor=secretariat, meeting=second, slot=target, table=2
        ),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert Meeting.objects.filter(slot=target, table=2).count() == 1


def test_the_table_constraint_decides_between_two_inserts(forum, make_participant):
    """The database itself refuses a second live meeting at the same table (as walk-ins use)."""
    a, b, c, d = (make_participant(forum, country=x) for x in ("KZ", "PK", "KZ", "PK"))
    slot = forum.slots.order_by("order").first()

    def insert(x, y):
        with transaction.atomic():
            return Meeting.objects.create(
                event=forum,
                a=x,
                b=y,
                slot=slot,
                table=1,
                walk_in=True,
                status=MeetingStatus.PUBLISHED,
            )

    outcomes = run_together(lambda: insert(a, b), lambda: insert(c, d))
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], IntegrityError), outcomes
    assert Meeting.objects.filter(slot=slot, table=1).count() == 1
    # A cancelled meeting frees its table.
    Meeting.objects.update(status=MeetingStatus.CANCELLED)
    assert insert(a, b).pk
