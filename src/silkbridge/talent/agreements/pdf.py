"""The agreement as a PDF (reportlab), in the reader's language.

Kept in this module alone so the PDF engine can be changed in one place. Text is set in the
DejaVu fonts shipped in silkbridge/core/fonts (Latin and Cyrillic: English, Russian, Kazakh).
reportlab cannot shape Arabic script, so for a right-to-left language (Urdu) the PDF is printed
in English (`pdf_language`) rather than in disconnected, reversed letters.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from silkbridge.core.pdffonts import BOLD, REGULAR, register_fonts
from silkbridge.talent.agreements.isced import isced_label
from silkbridge.talent.agreements.languages import language_label
from silkbridge.talent.agreements.models import Agreement
from silkbridge.talent.agreements.selectors import approval_state


def pdf_language() -> str:
    """The language to print in: the reader's, unless it needs shaping reportlab cannot do."""
    return "en" if get_language_bidi() else (get_language() or "en")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    return {
        "body": base,
        "head": ParagraphStyle("head", parent=base, fontName=BOLD),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "section": ParagraphStyle(
            "section", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(rows: list[list], widths: list) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#adb5bd")),
            ]
        )
    )
    return table


def _condition_table(condition, st: dict[str, ParagraphStyle]) -> Table:
    """One condition: its direction as the heading row, then its terms, label beside value."""
    languages = ", ".join(
        f"{language_label(item['language'])} {item['cefr']}"
        for item in condition.language_requirements
    )
    contact = " ".join(x for x in (condition.contact_name, condition.contact_email) if x)
    months = condition.total_months_per_year
    facts = [
        (_("Mobility type"), condition.get_mobility_type_display()),
        (_("Subject area"), f"{condition.isced_code} {isced_label(condition.isced_code)}"),
        (_("Study level (EQF)"), str(condition.eqf_level)),
        (_("People per year"), str(condition.people_per_year)),
        (_("Total months per year"), "—" if months is None else str(months)),
        (_("Languages"), languages or "—"),
        (_("Contact"), contact or "—"),
    ]
    direction = f"{condition.sending_institution.name} → {condition.receiving_institution.name}"
    rows = [[_p(direction, st["head"]), ""]]
    rows += [[_p(label, st["body"]), _p(value, st["body"])] for label, value in facts]
    table = _table(rows, [50 * mm, None])
    table.setStyle(TableStyle([("SPAN", (0, 0), (-1, 0))]))
    return table


def agreement_pdf(agreement: Agreement) -> bytes:
    """The PDF bytes of the agreement's current terms, conditions and approvals."""
    register_fonts()
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=agreement.title,
        author="Silkbridge",
        initialFontName=REGULAR,
    )
    years = agreement.academic_years()
    story: list = [
        _p(_("Inter-institutional agreement"), st["section"]),
        _p(agreement.title, st["title"]),
        _p(
            _("Academic years %(first)s to %(last)s · version %(version)d · %(status)s")
            % {
                "first": years[0],
                "last": years[-1],
                "version": agreement.version_number,
                "status": agreement.get_status_display(),
            },
            st["body"],
        ),
        Spacer(1, 3 * mm),
        _p(_("Institutions"), st["section"]),
    ]
    rows = [[_p(_("Institution"), st["head"]), _p(_("Approval of this version"), st["head"])]]
    for state in approval_state(agreement):
        if state.approval is None:
            approved = _("Not yet approved")
        else:
            approved = _("Approved by %(name)s on %(date)s") % {
                "name": state.approval.approved_by or "—",
                "date": date_format(state.approval.approved_at, "DATE_FORMAT"),
            }
        rows.append(
            [
                _p(f"{state.institution.name} ({state.institution.country.name})", st["body"]),
                _p(approved, st["body"]),
            ]
        )
    story += [_table(rows, [90 * mm, None]), _p(_("Cooperation conditions"), st["section"])]
    if not agreement.conditions.all():
        story.append(_p(_("No cooperation conditions yet."), st["body"]))
    for condition in agreement.conditions.all():
        story.append(KeepTogether([Spacer(1, 2 * mm), _condition_table(condition, st)]))
    if agreement.termination_reason:
        story += [
            _p(_("Terminated"), st["section"]),
            _p(agreement.termination_reason, st["body"]),
        ]
    doc.build(story)
    return buffer.getvalue()
