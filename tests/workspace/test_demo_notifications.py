"""A newcomer's first unread notifications hold no meeting that is already over: the demo's
held meeting is recorded afterwards and invites nobody; only the meeting ahead is news."""

import pytest
from django.utils import timezone

from silkbridge.directory.models import Organisation
from silkbridge.directory.seed import demo_users
from silkbridge.notifications.models import Notification
from silkbridge.workspace.demo import create_demo_workspace
from silkbridge.workspace.models import GroupMeeting

pytestmark = pytest.mark.django_db


def test_the_demo_tells_nobody_of_a_meeting_that_has_ended(make_organisation):
    for country in ("KZ", "PK"):
        organisation = make_organisation(f"Demo {country}", country=country)
        Organisation.objects.filter(pk=organisation.pk).update(is_demo=True)
    demo_users.create_demo_users()
    assert create_demo_workspace() is True

    meetings = {meeting.get_absolute_url(): meeting for meeting in GroupMeeting.objects.all()}
    told = Notification.objects.filter(kind__startswith="group_meeting", read_at__isnull=True)
    about = {meetings[note.url] for note in told}
    assert about, "the meeting ahead is announced"
    assert all(meeting.ends_at > timezone.now() for meeting in about)
