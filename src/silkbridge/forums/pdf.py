"""The printable agenda as a PDF (reportlab), with the check-in QR code on the first page.

Text is set in DejaVu Sans, shipped in silkbridge/core/fonts, which covers Latin, Cyrillic
(Russian, Kazakh) and more; the machine's own fonts are never used. reportlab cannot shape
Arabic script, so for a right-to-left interface language (Urdu) the PDF is printed in English
(`pdf_language`) rather than in letters that would come out disconnected and reversed.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format, time_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from silkbridge.core.pdffonts import BOLD, REGULAR, register_fonts
from silkbridge.forums.agenda import Agenda, AgendaRow
from silkbridge.forums.ical import location_text
from silkbridge.forums.qr import qr_drawing


def pdf_language() -> str:
    """The language to print in: the reader's, unless it needs shaping reportlab cannot do."""
    return "en" if get_language_bidi() else (get_language() or "en")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        ),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=9),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14),
        "day": ParagraphStyle(
            "day", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _span(start, end) -> str:
    return f"{time_format(start, 'TIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"


def _row_cells(row: AgendaRow, agenda: Agenda, st: dict, show_viewer: bool) -> list:
    cells = [_p(_span(row.event_start, row.event_end), st["body"])]
    if show_viewer:
        cells.append(_p(_span(row.viewer_start, row.viewer_end), st["body"]))
    partner = row.partner.name
    if row.walk_in:
        partner += "\n" + _("Walk-in meeting")
    if row.status != "published":
        partner += "\n" + row.status_label
    cells.append(_p(partner, st["body"]))
    cells.append(_p(location_text(row, ""), st["body"]))
    cells.append(_p("\n".join(row.reasons) or "—", st["small"]))
    return cells


def agenda_pdf(agenda: Agenda, checkin_url: str = "") -> bytes:
    """The PDF bytes of `agenda`; with `checkin_url`, its QR code for the organisers' desk."""
    register_fonts()
    st = _styles()
    event = agenda.event
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Agenda: %(event)s") % {"event": event.name},
        author="Silkbridge",
        initialFontName=REGULAR,  # no Helvetica fallback that lacks Cyrillic
    )
    story: list = [
        _p(event.name, st["title"]),
        _p(agenda.participant.organisation.name, st["subtitle"]),
    ]
    dates = date_format(event.starts_on, "DATE_FORMAT")
    if event.ends_on and event.ends_on != event.starts_on:
        dates += " – " + date_format(event.ends_on, "DATE_FORMAT")
    story.append(_p(" · ".join(x for x in (event.venue, dates) if x), st["body"]))
    show_viewer = not agenda.same_zone
    zones = _("Times in the event's time zone (%(zone)s).") % {"zone": agenda.event_tz.key}
    if show_viewer:
        zones += " " + _("Your time zone: %(zone)s.") % {"zone": agenda.viewer_tz.key}
    story += [_p(zones, st["small"]), Spacer(1, 4 * mm)]
    if checkin_url:
        code = Table(
            [
                [
                    qr_drawing(checkin_url, 34 * mm),
                    _p(_("Show this code at the check-in desk."), st["body"]),
                ]
            ],
            colWidths=[38 * mm, None],
        )
        code.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story += [code, Spacer(1, 2 * mm)]
    if not agenda.rows:
        story.append(_p(_("No meetings are scheduled for you yet."), st["body"]))
    header = [_("Time")] + ([_("Your time")] if show_viewer else [])
    header += [_("Partner"), _("Where"), _("Why you meet")]
    widths = [24 * mm] + ([24 * mm] if show_viewer else []) + [45 * mm, 35 * mm, None]
    for day, rows in agenda.days:
        story.append(_p(date_format(day, "DATE_FORMAT"), st["day"]))
        data = [[_p(h, st["head"]) for h in header]]
        data += [_row_cells(row, agenda, st, show_viewer) for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#adb5bd")),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.drawString(15 * mm, 8 * mm, f"Silkbridge · {event.name} · {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def filename(agenda: Agenda) -> str:
    return f"{agenda.event.slug}-agenda.pdf"
