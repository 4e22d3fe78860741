"""The demo forum: built from the demo companies and sign-ins, once, with a published schedule."""

import pytest

from silkbridge.forums import schedule_edits
from silkbridge.forums.demo import DEMO_SLUG, create_demo_forum
from silkbridge.forums.models import Event, MeetingStatus, RequestStatus


@pytest.fixture
def demo_world(db):
    from silkbridge.directory.seed.demo import generate_demo
    from silkbridge.directory.seed.demo_users import create_demo_users

    generate_demo(scale=60, seed=3)
    create_demo_users()


def test_demo_forum(demo_world):
    assert create_demo_forum()
    event = Event.objects.get(slug=DEMO_SLUG)
    assert event.status == "published"
    assert event.participants.filter(status="approved").count() == 30
    statuses = set(event.requests.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)
    meetings = event.meetings.exclude(status=MeetingStatus.CANCELLED)
    assert meetings.count() > 20
    assert set(meetings.values_list("status", flat=True)) == {MeetingStatus.PUBLISHED}
    assert schedule_edits.conflicts(event) == []
    # Every meeting names who attends for each side, and the one asked for proposes times.
    assert not meetings.filter(a_representative__isnull=True, a__representatives__isnull=False)
    assert event.requests.filter(status=RequestStatus.PENDING, proposed_slots__isnull=False)
    # Idempotent: a second call changes nothing.
    assert create_demo_forum()
    assert Event.objects.filter(slug=DEMO_SLUG).count() == 1


def test_demo_forum_needs_the_demo_sign_ins(db):
    assert create_demo_forum() is False
