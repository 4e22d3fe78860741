"""Two people acting at once: exactly one wins, the other gets a clear error, nothing doubles.

Real threads with their own database connections: on SQLite the IMMEDIATE transactions queue
behind each other; on PostgreSQL they race on row locks and on the one-meeting-per-table
constraint."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import scheduling
from silkbridge.forums.models import Meeting, MeetingStatus, RequestStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def real_database_file(transactional_db, tmp_path):
    """On SQLite, a migrated database file, as in production (see the introductions' tests:
    with the shared in-memory cache a second writer fails at once instead of waiting)."""
    from django.core.management import call_command
    from django.db import connections

    if connections["default"].vendor != "sqlite":
        yield
        return
    memory_connection = connections["default"]
    memory_settings = connections.settings["default"]
    file_settings = {**memory_settings, "NAME": str(tmp_path / "concurrency.sqlite3")}
    connections.settings["default"] = file_settings
    connections["default"] = connections.create_connection("default")
    try:
        call_command("migrate", verbosity=0)
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = memory_settings
        connections["default"] = memory_connection


def run_together(*calls):
    """Start every call at the same moment; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


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
        lambda: scheduling.move_meeting(actor=secretariat, meeting=first, slot=target, table=2),
        lambda: scheduling.move_meeting(actor=secretariat, meeting=second, slot=target, table=2),
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
