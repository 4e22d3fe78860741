"""The calendar feed: a secret per member, events in the meeting's own time zone, and no feed
once the membership ends."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from silkbridge.workspace import services
from silkbridge.workspace.models import GroupMembership

pytestmark = pytest.mark.django_db


def feed_url(user, group) -> str:
    token = GroupMembership.objects.get(user=user, group=group).feed_token
    return reverse("workspace:feed", args=[token])


def test_feed_has_events_with_tzid(client, meeting, held_meeting, group_member, group):
    response = client.get(feed_url(group_member, group))  # no sign-in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "DTSTART;TZID=Asia/Almaty:" in body
    assert "BEGIN:VTIMEZONE" in body
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Fintech: Open banking pilot", "Fintech: Kick-off"}
    event = events["Fintech: Open banking pilot"]
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["location"]) == "Astana Hub"
    assert "Pilot scope" in str(event["description"])


def test_cancelled_meeting_is_marked_cancelled(client, meeting, co_chair, group_member, group):
    services.cancel_meeting(actor=co_chair, meeting=meeting)
    calendar = Calendar.from_ical(client.get(feed_url(group_member, group)).content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1


def test_feed_ends_with_membership(client, meeting, group_member, group, secretariat):
    url = feed_url(group_member, group)
    services.remove_member(
        actor=secretariat, membership=GroupMembership.objects.get(user=group_member)
    )
    assert client.get(url).status_code == 404
    assert client.get(reverse("workspace:feed", args=["guess"])).status_code == 404


def test_feed_ends_when_account_is_deactivated(client, meeting, group_member, group):
    url = feed_url(group_member, group)
    group_member.is_active = False
    group_member.save()
    assert client.get(url).status_code == 404
