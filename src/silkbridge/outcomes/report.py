"""The quarterly outcomes report for ministers, as a PDF in the reader's language.

Cover, key figures against the previous quarter, targets, charts, tables and notable ventures
from `selectors.dashboard`, and a talent page from `talent.exchanges.outcomes`: the same
figures the dashboard shows, formatted by `silkbridge.core.numbers` as on the page. Built
with `silkbridge.core.pdf.Document`, so Urdu prints right to left in Nastaliq.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_countries import countries

from silkbridge.core import numbers
from silkbridge.core.pdf import Document
from silkbridge.outcomes import charts, metrics, permissions, selectors
from silkbridge.outcomes.metrics import Scope
from silkbridge.outcomes.periods import Quarter
from silkbridge.outcomes.selectors import Series

TREND_QUARTERS = 4
CHART_MM = 180
ACCENT = (13, 110, 253)


def report_language(language: str | None) -> str:
    """The language to print in: the reader's (every interface language prints)."""
    code = (language or "en").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else "en"


def _chart(doc: Document, series: Series, chart: charts.Chart) -> None:
    drawing = chart.drawing
    height = CHART_MM * drawing.height / drawing.width
    doc.keep(height + 12)
    doc.heading(charts.chart_title(series, chart.column), level=2)
    doc.svg(
        chart.pdf_svg(),
        width=CHART_MM,
        labels=chart.labels,
        label_end=chart.label_end,
        label_size=charts.FONT_SIZE,
    )


def _series_table(doc: Document, series: Series) -> None:
    rows = [
        [label, *[numbers.figure(v, charts.unit_of(series, i)) for i, v in enumerate(values)]]
        for label, values in series.rows
    ] or [[_("No data for this period."), *["" for _h in series.value_headers]]]
    count = len(series.value_headers)
    doc.table(
        [series.label_header, *series.value_headers],
        rows,
        widths=[70, *[32] * count],
        numeric=range(1, count + 1),
    )


def _cover(doc: Document, quarter: Quarter, group, named: bool) -> None:
    names = dict(countries)
    pair = " – ".join(str(names.get(c, c)) for c in settings.SILKBRIDGE_COUNTRIES)
    period = _("%(start)s to %(end)s") % {
        "start": date_format(quarter.start, "DATE_FORMAT"),
        "end": date_format(quarter.end, "DATE_FORMAT"),
    }
    doc.space(45)
    doc.text(
        _("Bilateral IT cooperation working group · %(countries)s") % {"countries": pair},
        size=12,
        colour=ACCENT,
    )
    doc.heading(_("Outcomes report, %(quarter)s") % {"quarter": quarter.label}, level=0)
    doc.text(period, size=13)
    doc.text(group.name if group else _("All working groups"), size=13)
    doc.space(20)
    doc.text(
        _("Every figure is computed from the records in Silkbridge on %(date)s.")
        % {"date": date_format(timezone.localdate(), "DATE_FORMAT")},
        size=8,
        muted=True,
    )
    doc.text(
        _(
            "Confidential ventures are counted in every total and named only in the "
            "secretariat's copy, where they are marked: share this copy with care."
        )
        if named
        else _("Confidential ventures are counted in every total but never named."),
        size=8,
        muted=True,
    )
    doc.page_break()  # fmt: skip


def _key_figures(doc: Document, board: selectors.Dashboard, previous: list) -> None:
    rows = [
        [
            str(metric.label),
            numbers.figure(value, metric.unit),
            numbers.figure(before, metric.unit),
            str(metric.explanation),
        ]
        for (metric, value), (_m, before) in zip(board.key_figures, previous, strict=True)
    ]
    doc.heading(_("Key figures"))
    doc.table(
        [_("Figure"), _("This quarter"), _("Previous quarter"), _("How it is counted")],
        rows,
        widths=[45, 28, 28, 80],
        numeric=(1, 2),
        small=(3,),
    )


def _targets(doc: Document, board: selectors.Dashboard) -> None:
    doc.heading(_("Progress to targets"))
    if not board.targets:
        doc.text(_("No target runs in this quarter."))
        return
    rows = [
        [
            p.target.name,
            numbers.figure(p.target.baseline, p.metric.unit),
            numbers.figure(p.target.target_value, p.metric.unit),
            numbers.figure(p.level, p.metric.unit),
            numbers.percent(p.percent),
            p.status_label,
            date_format(p.target.deadline, "SHORT_DATE_FORMAT"),
        ]
        for p in board.targets
    ]
    header = [_("Target"), _("Baseline"), _("Target value"), _("Reached"), _("Progress"),
              _("Status"), _("Due date")]  # fmt: skip
    doc.table(header, rows, widths=[44, 22, 24, 22, 20, 24, 24], numeric=(1, 2, 3, 4))


def _notable(doc: Document, board: selectors.Dashboard) -> None:
    doc.heading(_("Notable ventures"))
    if not board.notable:
        doc.text(_("No venture was signed in this quarter."))
        return
    kinds = selectors._choices("Venture", "kind")
    stages = selectors._choices("Venture", "stage")
    rows = []
    for item in board.notable:
        venture = item.venture
        title = venture.title + (f"\n({_('confidential')})" if venture.confidential else "")
        rows.append(
            [
                title,
                ", ".join(item.parties),
                "\n".join(
                    (
                        kinds.get(venture.kind, venture.kind),
                        stages.get(venture.stage, venture.stage),
                    )
                ),
                numbers.money(venture.value_usd or 0),
                numbers.number(venture.jobs_created),
            ]
        )
    header = [_("Venture"), _("Parties"), _("Kind and stage"), _("Value"), _("Jobs")]
    doc.table(header, rows, widths=[55, 50, 32, 28, 15], numeric=(3, 4), small=(1, 2))


def _talent(doc: Document) -> None:
    """The talent bridge since the platform began: aggregates of the mobilities, no names."""
    from silkbridge.talent.exchanges.outcomes import breakdowns, talent_outcomes

    talent = talent_outcomes()
    doc.heading(_("Talent bridge"))
    doc.text(
        _("Counted from the mobilities themselves, since the platform began; never typed in."),
        size=8,
        muted=True,
    )
    count = numbers.number
    doc.table(
        [_("Figure"), _("Total")],
        [
            [_("Mobilities completed"), count(talent["completed_mobilities"])],
            [_("Internships completed"), count(talent["internships_completed"])],
            [_("Active agreements"), count(talent["active_agreements"])],
            [_("Places offered"), count(talent["places_offered"])],
            [_("Places used"), count(talent["places_used"])],
        ],
        widths=[120, 40],
        numeric=(1,),
    )
    for breakdown in breakdowns(talent):
        doc.heading(breakdown.title, level=2)
        body = [[label, count(people)] for label, people in breakdown.rows] or [
            [_("No data for this period."), ""]
        ]
        doc.table([_("Category"), _("People")], body, widths=[120, 40], numeric=(1,))


def build_report(user, quarter: Quarter, group=None, language: str = "en") -> bytes:
    """The PDF bytes of the report on `quarter` (and a working group) as `user` may see it."""
    with override(report_language(language)):
        return _build(user, quarter, group)


def _build(user, quarter: Quarter, group) -> bytes:
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

    title = _("Outcomes report, %(quarter)s") % {"quarter": quarter.label}
    doc = Document(title=title, footer=f"Silkbridge · {title}")
    _cover(doc, quarter, group, permissions.can_see_confidential(user))
    _key_figures(doc, board, previous)
    _targets(doc, board)
    if board.targets:
        _chart(doc, board.progress, charts.horizontal(board.progress))
    doc.page_break()
    doc.heading(_("From first contact to contract"))
    _chart(doc, board.funnel, charts.horizontal(board.funnel))
    _series_table(doc, board.funnel)
    _chart(doc, board.stages, charts.horizontal(board.stages))
    doc.page_break()
    doc.heading(_("Value and jobs over the last four quarters"))
    _chart(doc, trend, charts.columns(trend, 0))
    _chart(doc, trend, charts.columns(trend, 1))
    _series_table(doc, trend)
    doc.page_break()
    doc.heading(_("Ventures started in the quarter"))
    _chart(doc, board.sectors, charts.horizontal(board.sectors))
    for series in (board.kinds, board.countries):
        doc.heading(series.title, level=2)
        _series_table(doc, series)
    doc.page_break()
    _notable(doc, board)
    doc.page_break()
    _talent(doc)
    return doc.output()


def filename(quarter: Quarter, group=None) -> str:
    suffix = f"-{group.slug}" if group else ""
    return f"silkbridge-outcomes-{quarter.code}{suffix}.pdf"
