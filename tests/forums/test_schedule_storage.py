"""The scheduler's answer is computed outside any transaction and stored only if the forum is
still as the engine saw it: a run of thirty seconds must not stop the rest of the site from
writing (SQLite allows one writer), and an answer to a forum that changed meanwhile must not
overwrite it."""

import threading
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from silkbridge.directory.models import Organisation
from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import scheduling
from silkbridge.forums.models import Meeting, ScheduleRun


@pytest.fixture
def world(forum, make_participant, make_user, person_of):
    a = make_participant(forum, country="KZ", name="Almaty Soft")
    b = make_participant(forum, country="PK", name="Lahore Code")
    c = make_participant(forum, country="KZ", name="Astana Cloud")
    organiser = make_user()
    forum.organisers.add(organiser)
    mr.accept_request(
        actor=person_of(a), request=mr.send_request(actor=person_of(b), sender=b, receiver=a)
    )
    return SimpleNamespace(event=forum, organiser=organiser, a=a, b=b, c=c, person_of=person_of)


def _engine_then(monkeypatch, action):
    """The real engine, with `action` run while it is still working (before it answers)."""
    real = scheduling.engine.schedule

    def schedule(problem, progress=None):
        action()
        return real(problem, progress=progress)

    monkeypatch.setattr(scheduling.engine, "schedule", schedule)


@pytest.mark.django_db(transaction=True)
def test_the_site_can_write_while_the_scheduler_runs(world, monkeypatch):
    outcome = {}

    def write_from_another_request():
        try:
            Organisation.objects.filter(pk=world.c.organisation_id).update(description="Quetta")
            outcome["written"] = True
        except Exception as error:  # the database refused: it was locked
            outcome["error"] = repr(error)
        finally:
            connection.close()

    def elsewhere():
        other = threading.Thread(target=write_from_another_request)
        other.start()
        other.join(timeout=60)

    _engine_then(monkeypatch, elsewhere)
    run = scheduling.run_schedule(actor=world.organiser, event=world.event, time_limit=2)
    assert outcome == {"written": True}
    assert Organisation.objects.get(pk=world.c.organisation_id).description == "Quetta"
    assert run.report["placed"] == 1
    assert Meeting.objects.filter(event=world.event).count() == 1


def test_an_answer_to_a_forum_that_changed_meanwhile_is_not_kept(world, monkeypatch):
    def another_request_is_accepted():
        mr.accept_request(
            actor=world.person_of(world.b),
            request=mr.send_request(
                actor=world.person_of(world.c), sender=world.c, receiver=world.b
            ),
        )

    _engine_then(monkeypatch, another_request_is_accepted)
    with pytest.raises(ValidationError) as refused:
        scheduling.run_schedule(actor=world.organiser, event=world.event, time_limit=2)
    assert refused.value.code == "changed"
    assert "Run it again" in refused.value.messages[0]
    assert not ScheduleRun.objects.exists()
    assert not Meeting.objects.filter(event=world.event).exists()
    # Run again on the forum as it is now: both requests are placed.
    monkeypatch.undo()
    run = scheduling.run_schedule(actor=world.organiser, event=world.event, time_limit=2)
    assert run.report["placed"] == 2


def test_a_forum_read_twice_in_another_order_is_the_same_forum(world):
    ctx = scheduling.read_context(world.event)
    problem, kept = scheduling.build_problem(ctx)
    reordered = type(problem)(
        slots=problem.slots[::-1],
        participants=problem.participants[::-1],
        requests=problem.requests[::-1],
        fixed=problem.fixed,
        time_limit=problem.time_limit,
    )
    assert scheduling._inputs(reordered, kept) == scheduling._inputs(problem, kept)
