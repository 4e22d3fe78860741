"""The quarterly outcomes report for ministers, as a PDF built with reportlab platypus.

Cover, key figures against the previous quarter, targets, charts, tables and notable ventures:
all from `selectors.dashboard`, the same figures the dashboard shows. Set in the shipped DejaVu
fonts, in English, Russian or Kazakh; reportlab cannot shape Arabic script, so Urdu readers get
the English report.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django_countries import countries
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from silkbridge.core.pdffonts import BOLD, REGULAR, register_fonts
from silkbridge.outcomes import charts, metrics, permissions, selectors
from silkbridge.outcomes.metrics import Scope
from silkbridge.outcomes.periods import Quarter
from silkbridge.outcomes.selectors import Series

PRINTED_LANGUAGES = ("en", "ru", "kk")
TREND_QUARTERS = 4
GRID = colors.HexColor("#adb5bd")
HEADER_FILL = colors.HexColor("#e9ecef")
ACCENT = colors.HexColor("#0d6efd")


def report_language(language: str | None) -> str:
    """The reader's language if the fonts and reportlab can set it, else English (Urdu)."""
    code = (language or "en").split("-")[0]
    return code if code in PRINTED_LANGUAGES else "en"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        ),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD),
        "number": ParagraphStyle("number", parent=base, alignment=2),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19,
                             spaceBefore=6, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11, leading=14,
                             spaceBefore=8, spaceAfter=4),
        "cover_kicker": ParagraphStyle("kicker", parent=base, fontSize=12, leading=16,
                                       textColor=ACCENT),
        "cover_title": ParagraphStyle("cover", parent=base, fontName=BOLD, fontSize=28,
                                      leading=34, spaceBefore=8, spaceAfter=12),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=13, leading=18),
    }  # fmt: skip


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _fmt(value: Decimal | int, unit: str = "count") -> str:
    if unit == "usd":
        return f"${value:,.0f}"
    if unit == "percent":
        return f"{value:.0f} %"
    return f"{value:,.0f}"


def _table(header: list[str], rows: list[list], widths: list, st: dict) -> Table:
    data = [[_p(h, st["head"]) for h in header]]
    for row in rows:
        data.append([cell if isinstance(cell, Paragraph) else _p(cell, st["body"]) for cell in row])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _series_table(series: Series, st: dict) -> Table:
    rows = [
        [
            label,
            *[_p(_fmt(v, charts.unit_of(series, i)), st["number"]) for i, v in enumerate(values)],
        ]
        for label, values in series.rows
    ] or [[_("No data for this period."), *["" for _h in series.value_headers]]]
    widths = [None] + [32 * mm] * len(series.value_headers)
    header = [series.label_header, *series.value_headers]
    return _table(header, rows, widths, st)


def _chart_block(series: Series, chart: charts.Chart, st: dict) -> KeepTogether:
    drawing = chart.drawing
    scale = min(1.0, (A4[0] - 30 * mm) / drawing.width)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return KeepTogether(
        [_p(charts.chart_title(series, chart.column), st["h2"]), drawing, Spacer(1, 2 * mm)]
    )


def _cover(quarter: Quarter, group, st: dict, named: bool) -> list:
    names = dict(countries)
    pair = " – ".join(str(names.get(c, c)) for c in settings.SILKBRIDGE_COUNTRIES)
    period = _("%(start)s to %(end)s") % {
        "start": date_format(quarter.start, "DATE_FORMAT"),
        "end": date_format(quarter.end, "DATE_FORMAT"),
    }
    return [
        Spacer(1, 50 * mm),
        _p(_("Bilateral IT cooperation working group · %(countries)s") % {"countries": pair},
           st["cover_kicker"]),
        _p(_("Outcomes report, %(quarter)s") % {"quarter": quarter.label}, st["cover_title"]),
        _p(period, st["cover_sub"]),
        _p(group.name if group else _("All working groups"), st["cover_sub"]),
        Spacer(1, 20 * mm),
        _p(_("Every figure is computed from the records in Silkbridge on %(date)s.")
           % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}, st["small"]),
        _p(_("Confidential ventures are counted in every total and named only in the "
             "secretariat's copy, where they are marked: share this copy with care.")
           if named else _("Confidential ventures are counted in every total but never named."),
           st["small"]),
        PageBreak(),
    ]  # fmt: skip


def _key_figures(board: selectors.Dashboard, previous: list, st: dict) -> list:
    rows = []
    for (metric, value), (_m, before) in zip(board.key_figures, previous, strict=True):
        rows.append(
            [
                _p(str(metric.label), st["body"]),
                _p(_fmt(value, metric.unit), st["number"]),
                _p(_fmt(before, metric.unit), st["number"]),
                _p(str(metric.explanation), st["small"]),
            ]
        )
    header = [_("Figure"), _("This quarter"), _("Previous quarter"), _("How it is counted")]
    return [
        _p(_("Key figures"), st["h1"]),
        _table(header, rows, [45 * mm, 26 * mm, 26 * mm, None], st),
    ]


def _targets(board: selectors.Dashboard, st: dict) -> list:
    story = [_p(_("Progress to targets"), st["h1"])]
    if not board.targets:
        return [*story, _p(_("No target runs in this quarter."), st["body"])]
    rows = [
        [
            _p(p.target.name, st["body"]),
            _p(_fmt(p.target.baseline, p.metric.unit), st["number"]),
            _p(_fmt(p.target.target_value, p.metric.unit), st["number"]),
            _p(_fmt(p.level, p.metric.unit), st["number"]),
            _p(_fmt(p.percent, "percent"), st["number"]),
            _p(p.status_label, st["body"]),
            _p(date_format(p.target.deadline, "SHORT_DATE_FORMAT"), st["body"]),
        ]
        for p in board.targets
    ]
    header = [_("Target"), _("Baseline"), _("Target value"), _("Reached"), _("Progress"),
              _("Status"), _("Due date")]  # fmt: skip
    widths = [None, 20 * mm, 22 * mm, 20 * mm, 20 * mm, 22 * mm, 22 * mm]
    return [*story, _table(header, rows, widths, st)]


def _notable(board: selectors.Dashboard, st: dict) -> list:
    story = [_p(_("Notable ventures"), st["h1"])]
    if not board.notable:
        return [*story, _p(_("No venture was signed in this quarter."), st["body"])]
    kinds = selectors._choices("Venture", "kind")
    stages = selectors._choices("Venture", "stage")
    rows = []
    for item in board.notable:
        venture = item.venture
        title = venture.title + (f"\n({_('confidential')})" if venture.confidential else "")
        rows.append(
            [
                _p(title, st["body"]),
                _p(", ".join(item.parties), st["small"]),
                _p(f"{kinds.get(venture.kind, venture.kind)}\n"
                   f"{stages.get(venture.stage, venture.stage)}", st["small"]),
                _p(_fmt(venture.value_usd or 0, "usd"), st["number"]),
                _p(_fmt(venture.jobs_created), st["number"]),
            ]
        )  # fmt: skip
    header = [_("Venture"), _("Parties"), _("Kind and stage"), _("Value"), _("Jobs")]
    return [*story, _table(header, rows, [None, 50 * mm, 32 * mm, 24 * mm, 14 * mm], st)]


def build_report(user, quarter: Quarter, group=None, language: str = "en") -> bytes:
    """The PDF bytes of the report on `quarter` (and a working group) as `user` may see it."""
    register_fonts()
    with override(report_language(language)):
        return _build(user, quarter, group)


def _build(user, quarter: Quarter, group) -> bytes:
    st = _styles()
    group_id = group.pk if group else None
    scope = Scope(quarter.start, quarter.end, group_id)
    board = selectors.dashboard(user, scope)
    before = Scope(quarter.previous().start, quarter.previous().end, group_id)
    cache: metrics.Cache = {}
    previous = [(m, metrics.compute(m.key, before, cache)) for m, _v in board.key_figures]
    first = quarter
    for _i in range(TREND_QUARTERS - 1):
        first = first.previous()
    trend = selectors.by_quarter(Scope(first.start, quarter.end, group_id))

    story = _cover(quarter, group, st, permissions.can_see_confidential(user))
    story += _key_figures(board, previous, st)
    story += [Spacer(1, 4 * mm), *_targets(board, st)]
    if board.targets:
        story.append(_chart_block(board.progress, charts.horizontal(board.progress), st))
    story += [PageBreak(), _p(_("From first contact to contract"), st["h1"])]
    story.append(_chart_block(board.funnel, charts.horizontal(board.funnel), st))
    story.append(_series_table(board.funnel, st))
    story.append(_chart_block(board.stages, charts.horizontal(board.stages), st))
    story += [PageBreak(), _p(_("Value and jobs over the last four quarters"), st["h1"])]
    story.append(_chart_block(trend, charts.columns(trend, 0), st))
    story.append(_chart_block(trend, charts.columns(trend, 1), st))
    story.append(_series_table(trend, st))
    story += [PageBreak(), _p(_("Ventures started in the quarter"), st["h1"])]
    story.append(_chart_block(board.sectors, charts.horizontal(board.sectors), st))
    for series in (board.kinds, board.countries):
        story += [_p(series.title, st["h2"]), _series_table(series, st)]
    story += [PageBreak(), *_notable(board, st)]

    buffer = io.BytesIO()
    title = _("Outcomes report, %(quarter)s") % {"quarter": quarter.label}
    footer_text = f"Silkbridge · {title}"

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.drawString(15 * mm, 8 * mm, f"{footer_text} · {document.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Silkbridge",
        lang=get_language() or "en",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def filename(quarter: Quarter, group=None) -> str:
    suffix = f"-{group.slug}" if group else ""
    return f"silkbridge-outcomes-{quarter.code}{suffix}.pdf"
