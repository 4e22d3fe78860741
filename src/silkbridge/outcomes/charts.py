"""Charts drawn with reportlab graphics: the same Drawing becomes inline SVG on the dashboard
and in the PDF report, so the page and the report show the same pictures (in the PDF the
category labels are set by the PDF itself, shaped, see `Chart.labels`). Numbers are written by
`silkbridge.core.numbers`, as everywhere else.

Each chart comes with a text alternative listing its numbers; the page also shows the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from silkbridge.core import numbers
from silkbridge.core.pdffonts import REGULAR, register_fonts
from silkbridge.core.svg import inline_svg
from silkbridge.outcomes.selectors import Series

WIDTH = 480
ROW_HEIGHT = 22
LABEL_WIDTH = 230
LABEL_CHARS = 40
FONT_SIZE = 10
COLOURS = [colors.HexColor("#0d6efd"), colors.HexColor("#20c997"), colors.HexColor("#adb5bd")]


@dataclass
class Chart:
    series: Series
    column: int
    drawing: Drawing
    alternative: str
    #: Category labels of a bar chart and the height of each one's middle, in drawing units;
    #: the PDF sets them itself, shaped (fpdf2 draws SVG text letter by letter).
    labels: list[tuple[str, float]] = field(default_factory=list)
    label_end: float = 0  # where the labels end, right-aligned, in drawing units

    @property
    def title(self) -> str:
        return chart_title(self.series, self.column)

    @property
    def dom_id(self) -> str:
        return f"chart-{self.series.key}-{self.column}"

    def pdf_svg(self) -> str:
        """The drawing as SVG for `silkbridge.core.pdf`, without the labels listed in `labels`."""
        if not self.labels:
            return renderSVG.drawToString(self.drawing)
        axis = self.drawing.contents[0].categoryAxis
        axis.visibleLabels = 0
        try:
            return renderSVG.drawToString(self.drawing)
        finally:
            axis.visibleLabels = 1

    def svg(self) -> SafeString:
        """Inline SVG with unique ids, a title and a description, scaled to its container."""
        text = inline_svg(renderSVG.drawToString(self.drawing))
        ident = self.dom_id
        title = chart_title(self.series, self.column)
        text = text.replace(
            "<title>...</title>", f'<title id="{ident}-title">{escape(title)}</title>'
        )
        text = text.replace(
            "<desc>...</desc>", f'<desc id="{ident}-desc">{escape(self.alternative)}</desc>'
        )
        text = text.replace('id="clip"', f'id="{ident}-clip"').replace(
            "url(#clip)", f"url(#{ident}-clip)"
        )
        text = text.replace('id="group"', f'id="{ident}-group"')
        text = re.sub(
            r'<svg width="[\d.]+" height="[\d.]+"',
            f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc" class="outcomes-chart" '
            # Axes run left to right in every language; Urdu labels still shape in the browser.
            # The labels inherit the page's font (Nastaliq in Urdu) by site.css.
            f'width="100%" direction="ltr"',
            text,
            count=1,
        )
        return mark_safe(text)  # noqa: S308 - built by reportlab from escaped labels


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _number(value: Decimal | int | float, unit: str) -> str:
    return numbers.figure(value, unit)


def _nice_max(values: list[float]) -> float:
    """An axis end a little above the largest value, never zero."""
    top = max([*values, 0.0])
    return top * 1.15 if top > 0 else 1.0


def unit_of(series: Series, column: int) -> str:
    if series.unit == "percent":
        return "percent"
    return "usd" if series.unit == "usd" and column == 0 else "count"


def chart_title(series: Series, column: int = 0) -> str:
    """The series' title, or the column's name when the series has several charts."""
    return series.value_headers[column] if len(series.value_headers) > 1 else series.title


def alternative(series: Series, column: int = 0) -> str:
    """The chart in words: "Title. Introduced: 4; In talks: 2; …"."""
    unit = unit_of(series, column)
    parts = [f"{label}: {_number(values[column], unit)}" for label, values in series.rows]
    return f"{chart_title(series, column)}. " + ("; ".join(parts) if parts else _("No data."))


def horizontal(series: Series, column: int = 0) -> Chart:
    """Bars from the left, one row per label: for categories with long names."""
    register_fonts()
    rows = series.rows or [("", [0])]
    height = max(len(rows) * ROW_HEIGHT + 20, 60)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_WIDTH, 10
    chart.width, chart.height = WIDTH - LABEL_WIDTH - 50, height - 20
    # reportlab draws the first category at the bottom; reversed, the table order reads top-down.
    ordered = list(reversed(rows))
    chart.data = [[float(values[column]) for _label, values in ordered]]
    chart.categoryAxis.categoryNames = [_short(label) for label, _values in ordered]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.HexColor("#6c757d")
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(chart.data[0])
    chart.valueAxis.visible = False
    chart.bars[0].fillColor = COLOURS[column % len(COLOURS)]
    chart.bars[0].strokeColor = None
    chart.barSpacing = 2
    chart.barLabelFormat = lambda value: _number(value, unit_of(series, column))
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = FONT_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    step = chart.height / len(ordered)
    labels = [
        (_short(label), chart.y + (index + 0.5) * step)
        for index, (label, _values) in enumerate(ordered)
    ]
    return Chart(series, column, drawing, alternative(series, column), labels, LABEL_WIDTH - 4)


def columns(series: Series, column: int = 0) -> Chart:
    """Upright columns along time (quarters), labels underneath."""
    register_fonts()
    rows = series.rows or [("", [0])]
    height = 200
    drawing = Drawing(WIDTH, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 60, 30
    chart.width, chart.height = WIDTH - 80, height - 50
    chart.data = [[float(values[column]) for _label, values in rows]]
    chart.categoryAxis.categoryNames = [label for label, _values in rows]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    if len(rows) > 8:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(chart.data[0])
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = FONT_SIZE
    chart.valueAxis.labelTextFormat = lambda value: numbers.number(value)
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dee2e6")
    chart.valueAxis.visibleGrid = True
    chart.bars[0].fillColor = COLOURS[column % len(COLOURS)]
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return Chart(series, column, drawing, alternative(series, column))


def dashboard_charts(board) -> dict[str, list[Chart]]:
    """The charts of each dashboard table, by the table's key."""
    return {
        "funnel": [horizontal(board.funnel)],
        "stages": [horizontal(board.stages)],
        "sectors": [horizontal(board.sectors)],
        "kinds": [horizontal(board.kinds)],
        "countries": [horizontal(board.countries)],
        "quarters": [columns(board.quarters, 0), columns(board.quarters, 1)],
    } | ({"targets": [horizontal(board.progress)]} if board.progress.rows else {})
