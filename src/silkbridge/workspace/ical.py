"""The iCalendar feed of a group's meetings, for calendar apps that subscribe by URL.

Times are written in the meeting's own time zone (DTSTART;TZID=…) with a VTIMEZONE for each
zone, so a calendar shows the right local time on both sides of a daylight-saving change.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from silkbridge.workspace.models import GroupMeeting, MeetingStatus, WorkingGroup

STATUS = {
    MeetingStatus.PLANNED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def _uid(meeting: GroupMeeting) -> str:
    """Stable across requests and hosts, so a calendar updates the event instead of adding one."""
    host = urlsplit(settings.SITE_URL).hostname or "silkbridge"
    return f"workspace-meeting-{meeting.pk}@{host}"


def meeting_event(meeting: GroupMeeting, *, base_url: str) -> Event:
    zone = ZoneInfo(meeting.time_zone)
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", meeting.created_at)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.group.name}: {meeting.title}")
    event.add("sequence", meeting.sequence)
    event.add("status", STATUS[meeting.status])
    if meeting.place:
        event.add("location", meeting.place)
    url = f"{base_url}{meeting.get_absolute_url()}"
    event.add("url", url)
    lines = [item.title for item in meeting.agenda.all()]
    description = "\n".join(f"{n}. {title}" for n, title in enumerate(lines, start=1))
    if meeting.video_link:
        description = f"{meeting.video_link}\n\n{description}".strip()
    if description:
        event.add("description", description)
    return event


def group_calendar(group: WorkingGroup, *, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Silkbridge//Working groups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group.name)
    meetings = group.meetings.select_related("group").prefetch_related("agenda")
    for meeting in meetings.order_by("starts_at", "id"):
        calendar.add_component(meeting_event(meeting, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
