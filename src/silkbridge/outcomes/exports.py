"""CSV of every dashboard table and of the targets, as spreadsheets open them (UTF-8 with BOM)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from silkbridge.core import csvsafe
from silkbridge.outcomes.selectors import Series, TargetProgress


def series_csv(series: Series) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csvsafe.writer(out)
    writer.writerow([series.label_header, *series.value_headers])
    for label, values in series.rows:
        writer.writerow([label, *values])
    return out.getvalue()


def targets_csv(progress: list[TargetProgress]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csvsafe.writer(out)
    writer.writerow(
        [
            _("Target"),
            _("Metric"),
            _("Working group"),
            _("Country"),
            _("Period start"),
            _("Due date"),
            _("Baseline"),
            _("Target value"),
            _("Counted in the period"),
            _("Reached"),
            _("Progress (%)"),
            _("Expected by now (%)"),
            _("Status"),
        ]
    )
    for p in progress:
        t = p.target
        writer.writerow(
            [
                t.name,
                str(p.metric.label),
                t.working_group.name if t.working_group else "",
                t.country.code if t.country else "",
                t.period_start.isoformat(),
                t.deadline.isoformat(),
                str(t.baseline),
                str(t.target_value),
                str(p.value),
                str(p.level),
                str(p.percent),
                str(p.expected_percent),
                p.status_label,
            ]
        )
    return out.getvalue()
