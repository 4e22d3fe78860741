"""The printable agenda as a PDF in the reader's language, with the check-in QR code on top.

Built with `silkbridge.core.pdf.Document`: Urdu prints right to left in Nastaliq, the other
languages in DejaVu Sans, all from the fonts shipped in silkbridge/core/fonts.
"""

from __future__ import annotations

from django.utils.formats import date_format, time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics import renderSVG

from silkbridge.core.pdf import PADDING, Document, isolate
from silkbridge.forums.agenda import Agenda, AgendaRow
from silkbridge.forums.ical import location_text
from silkbridge.forums.qr import qr_drawing

QR_MM = 34


def pdf_language() -> str:
    """The language to print in: the reader's, since every interface language prints."""
    return get_language() or "en"


def _span(start, end) -> str:
    # Times never wrap ("10:00 / a.m.") and keep their order inside a right-to-left line.
    text = f"{time_format(start, 'TIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"
    return isolate(text.replace(" ", "\u00a0"))


def _row_cells(row: AgendaRow, show_viewer: bool) -> list[str]:
    cells = [_span(row.event_start, row.event_end)]
    if show_viewer:
        cells.append(_span(row.viewer_start, row.viewer_end))
    partner = row.partner.name
    if row.walk_in:
        partner += "\n" + _("Walk-in meeting")
    if row.status != "published":
        partner += "\n" + row.status_label
    if row.attendee:
        partner += "\n" + _("Attends: %(name)s") % {"name": row.attendee}
    cells += [partner, location_text(row, ""), "\n".join(row.reasons) or "—"]
    return cells


def _widths(doc: Document, cells: list[list[str]], time_columns: int) -> list[float]:
    """Time columns as wide as their longest time, so "10:00 a.m.–10:30 a.m." never wraps; the
    partner, place and reasons share the rest."""
    fixed = [
        max(doc.width_of(row[i]) for row in cells) + 2 * PADDING + 1 for i in range(time_columns)
    ]
    rest = doc.width - sum(fixed)
    return fixed + [rest * share for share in (0.36, 0.24, 0.40)]


def agenda_pdf(agenda: Agenda, checkin_url: str = "") -> bytes:
    """The PDF bytes of `agenda` in the active language; with `checkin_url`, its QR code."""
    event = agenda.event
    doc = Document(
        title=_("Agenda: %(event)s") % {"event": event.name},
        footer=f"Silkbridge · {event.name}",
    )
    doc.heading(event.name)
    doc.text(agenda.participant.organisation.name, size=11)
    if agenda.person:
        doc.text(_("Agenda of %(name)s") % {"name": agenda.person}, size=11, bold=True)
    dates = date_format(event.starts_on, "DATE_FORMAT")
    if event.ends_on and event.ends_on != event.starts_on:
        dates += " – " + date_format(event.ends_on, "DATE_FORMAT")
    doc.text(" · ".join(x for x in (event.venue, dates) if x))
    show_viewer = not agenda.same_zone
    zones = _("Times in the event's time zone (%(zone)s).") % {"zone": agenda.event_tz.key}
    if show_viewer:
        zones += " " + _("Your time zone: %(zone)s.") % {"zone": agenda.viewer_tz.key}
    doc.text(zones, size=8, muted=True)
    doc.space(3)
    if checkin_url:
        markup = renderSVG.drawToString(qr_drawing(checkin_url, 160))
        doc.svg(markup, width=QR_MM, beside=_("Show this code at the check-in desk."))
    if not agenda.rows:
        doc.text(_("No meetings are scheduled for you yet."))
    times = [_("Time")] + ([_("Your time")] if show_viewer else [])
    header = [*times, _("Partner"), _("Where"), _("Why you meet")]
    for day, rows in agenda.days:
        doc.heading(date_format(day, "DATE_FORMAT"), level=2)
        cells = [_row_cells(row, show_viewer) for row in rows]
        doc.table(header, cells, widths=_widths(doc, cells, len(times)), small=[len(header) - 1])
    return doc.output()


def filename(agenda: Agenda) -> str:
    """One file per person, so two representatives' downloads do not overwrite each other."""
    if agenda.person_id:
        return f"{agenda.event.slug}-agenda-{agenda.person_id}.pdf"
    return f"{agenda.event.slug}-agenda.pdf"
