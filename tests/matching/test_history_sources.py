"""Ventures and held B2B meetings are collaborations: they reach the history signal of a loaded
index through the change journal, and leave it again when they stop counting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from silkbridge.matching import feed, services
from silkbridge.matching.models import IndexChange


def refs() -> list[str]:
    return sorted(e.ref for e in services.get_index()._history.edges)


def test_a_venture_counts_until_it_is_dropped(
    world, member, organisation, other_organisation, django_capture_on_commit_callbacks
):
    from silkbridge.ventures import services as ventures

    services.get_index()  # loaded before the venture exists
    with django_capture_on_commit_callbacks(execute=True):
        venture = ventures.create_venture(
            actor=member,
            data={
                "title": "Payment gateway for Karachi",
                "kind": "services_contract",
                "started_on": timezone.localdate() - dt.timedelta(days=30),
            },
            parties=[(organisation, "lead"), (other_organisation, "partner")],
        )
    assert IndexChange.objects.filter(target_kind="venture", target_id=venture.pk).exists()
    assert refs() == [f"venture:{venture.pk}"]
    edge = services.get_index()._history.edges[0]
    assert {edge.a, edge.b} == {organisation.pk, other_organisation.pk}
    assert edge.kind == "venture"

    earlier = timezone.localdate() - dt.timedelta(days=400)
    with django_capture_on_commit_callbacks(execute=True):
        venture.started_on = earlier
        venture.save()  # an edit: the collaboration's date follows
    assert [e.when for e in services.get_index()._history.edges] == [earlier]

    with django_capture_on_commit_callbacks(execute=True):
        ventures.change_stage(
            actor=member, venture=venture, to_stage="dropped", changed_on=timezone.localdate()
        )
    assert refs() == []
    assert feed.history() == []


def test_a_meeting_counts_once_it_is_marked_held(forum_meeting, django_capture_on_commit_callbacks):
    from silkbridge.forums import day_services

    meeting, organiser = forum_meeting
    services.get_index()
    assert refs() == []
    with django_capture_on_commit_callbacks(execute=True):
        day_services.mark_meeting(
            actor=organiser, meeting=meeting, status="held", now=meeting.slot.starts_at
        )
    assert refs() == [f"meeting:{meeting.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        day_services.mark_meeting(
            actor=organiser, meeting=meeting, status="no_show", now=meeting.slot.starts_at
        )
    assert refs() == []


ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def forum_meeting(world, secretariat, organisation, other_organisation):
    """A published meeting between the world's two organisations at a forum in Astana."""
    from silkbridge.forums import services as forums
    from silkbridge.forums.models import EventStatus, Meeting, Participant

    day = dt.date(2027, 5, 12)
    event = forums.create_event(
        actor=secretariat,
        data={
            "name": "Astana IT Forum",
            "slug": "astana-it-history",
            "venue": "Expo Centre, Astana",
            "time_zone": "Asia/Almaty",
            "starts_on": day,
            "ends_on": day,
            "meeting_minutes": 30,
            "default_tables": 2,
        },
    )
    forums.add_session(
        actor=secretariat,
        event=event,
        name="Morning",
        starts_at=dt.datetime(2027, 5, 12, 10, 0, tzinfo=ALMATY),
        ends_at=dt.datetime(2027, 5, 12, 11, 0, tzinfo=ALMATY),
        slot_minutes=30,
    )
    type(event).objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)
    a, b = (
        Participant.objects.create(event=event, organisation=o, status="approved")
        for o in (organisation, other_organisation)
    )
    meeting = Meeting.objects.create(
        event=event, a=a, b=b, slot=event.slots.first(), table=1, status="published"
    )
    return meeting, secretariat
