"""A participant's agenda as an iCalendar file: one VEVENT per meeting, in the event's time zone
(with its VTIMEZONE, so calendars show the right local time anywhere), and a UID per meeting
that does not change, so importing the file again updates entries instead of doubling them."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.forums.agenda import Agenda, AgendaRow

PRODID = "-//Silkbridge//B2B forums//EN"


def location_text(row: AgendaRow, venue: str = "") -> str:
    """Where the meeting happens, in words: "Venue, table 4" or the video link."""
    if row.virtual or row.table is None:
        return row.video_link or _("Online")
    place = _("Table %(table)s") % {"table": row.table}
    return f"{venue}, {place}" if venue else place


def _description(row: AgendaRow, base_url: str) -> str:
    lines = [_("Partner: %(name)s") % {"name": row.partner.name}]
    if row.attendee:
        lines.append(_("Attends: %(name)s") % {"name": row.attendee})
    lines.append(_("Profile: %(url)s") % {"url": base_url + row.partner_url})
    if row.virtual and row.video_link:
        lines.append(_("Video link: %(url)s") % {"url": row.video_link})
    if row.reasons:
        lines.append(_("Why you meet:"))
        lines.extend(f"- {reason}" for reason in row.reasons)
    return "\n".join(lines)


def agenda_calendar(agenda: Agenda, base_url: str = "", now: datetime | None = None) -> bytes:
    """The .ics bytes of `agenda`; `base_url` ("https://host") makes profile links absolute."""
    event = agenda.event
    stamp = (now or timezone.now()).astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{event.name} · {agenda.person}" if agenda.person else event.name
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", agenda.event_tz.key)
    for row in agenda.rows:
        entry = icalendar.Event()
        entry.add("uid", row.uid)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", row.event_start)
        entry.add("dtend", row.event_end)
        entry.add("summary", _("Meeting with %(name)s") % {"name": row.partner.name})
        entry.add("location", location_text(row, event.venue))
        entry.add("description", _description(row, base_url))
        entry.add(
            "url", row.video_link if row.virtual and row.video_link else base_url + row.partner_url
        )
        entry.add("status", "CONFIRMED")
        entry.add("categories", [event.name])
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def filename(agenda: Agenda) -> str:
    """One file per person, so two representatives' downloads do not overwrite each other."""
    if agenda.person_id:
        return f"{agenda.event.slug}-agenda-{agenda.person_id}.ics"
    return f"{agenda.event.slug}-agenda.ics"
