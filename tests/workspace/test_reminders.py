"""Periodic jobs: meeting reminders a day ahead and overdue action items once a day, both
idempotent when run again."""

import datetime

import pytest
from django.utils import timezone

from silkbridge.notifications.models import Notification
from silkbridge.workspace import services
from silkbridge.workspace.reminders import remind_meetings, remind_overdue_actions
from tests.workspace.conftest import at

pytestmark = pytest.mark.django_db


def test_meeting_reminder_once_within_a_day(meeting, co_chair, group_member):
    assert remind_meetings(meeting.starts_at - datetime.timedelta(hours=30)) == 0
    now = meeting.starts_at - datetime.timedelta(hours=20)
    assert remind_meetings(now) == 1
    assert remind_meetings(now + datetime.timedelta(hours=1)) == 0
    reminded = Notification.objects.filter(kind="group_meeting_reminder")
    # Every member, the organiser included.
    assert reminded.count() == 3
    assert reminded.filter(recipient=group_member).exists()


def test_rescheduled_meeting_is_reminded_again(meeting, co_chair):
    assert remind_meetings(meeting.starts_at - datetime.timedelta(hours=2)) == 1
    services.update_meeting(
        actor=co_chair, meeting=meeting, data={"starts_at": at(9), "ends_at": at(9, 12)}
    )
    assert remind_meetings(at(9) - datetime.timedelta(hours=2)) == 1


def test_cancelled_and_past_meetings_are_not_reminded(meeting, held_meeting, co_chair):
    services.cancel_meeting(actor=co_chair, meeting=meeting)
    assert remind_meetings(meeting.starts_at - datetime.timedelta(hours=2)) == 0
    assert remind_meetings(timezone.now()) == 0


def test_overdue_reminder_once_per_day(member_action, group_member, decision):
    now = timezone.now()
    assert remind_overdue_actions(now) == 1  # the other item is not due yet
    assert remind_overdue_actions(now + datetime.timedelta(minutes=5)) == 0
    notes = Notification.objects.filter(kind="action_item_overdue")
    assert list(notes.values_list("recipient", flat=True)) == [group_member.pk]
    assert notes.get().params["title"] == "Draft the scope"
    assert remind_overdue_actions(now + datetime.timedelta(days=1)) == 1
    assert notes.count() == 2


def test_done_items_are_not_reminded(member_action, group_member):
    services.set_action_status(actor=group_member, item=member_action, status="done")
    assert remind_overdue_actions(timezone.now()) == 0


def test_item_without_owner_reminds_the_managers(held_meeting, co_chair, pk_co_chair, organisation):
    item = services.create_action_item(
        actor=co_chair,
        group=held_meeting.group,
        data={
            "title": "Orphan",
            "owner_organisation": organisation,
            "due_on": timezone.localdate(),
        },
    )
    assert remind_overdue_actions(timezone.now() + datetime.timedelta(days=2)) == 1
    recipients = set(
        Notification.objects.filter(kind="action_item_overdue").values_list("recipient", flat=True)
    )
    assert recipients == {co_chair.pk, pk_co_chair.pk}
    item.refresh_from_db()
    assert item.reminded_on is not None
