"""The public statistics page and its CSV: counts only, for anyone."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from silkbridge.outcomes import charts
from silkbridge.public import statistics


def _charts(figures: statistics.Statistics) -> dict[str, list[tuple[str, str]]]:
    """Each table's charts as (title, inline SVG), cached under the figures they draw (the page,
    its CSV and the API share one cached set of figures), so a chart always shows its table."""
    drawn_from = hashlib.sha256(
        repr([(s.title, s.value_headers, s.rows) for s in figures.tables]).encode()
    ).hexdigest()[:16]
    key = f"{statistics.cache_key('charts')}:{drawn_from}"
    drawn = cache.get(key)
    if drawn is None:
        drawn = {
            series.key: [
                (charts.chart_title(series, column), str(charts.horizontal(series, column).svg()))
                for column in range(len(series.value_headers))
            ]
            for series in figures.tables
            if not series.is_empty
        }
        cache.set(key, drawn, statistics.CACHE_SECONDS)
    return drawn


@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    figures = statistics.cached_statistics()
    drawn = _charts(figures)
    sections = [
        (
            series,
            [(title, mark_safe(svg)) for title, svg in drawn.get(series.key, [])],  # noqa: S308 - drawn by charts.horizontal from escaped labels
        )
        for series in figures.tables
    ]
    return render(
        request,
        "public/statistics.html",
        {"headline": figures.headline, "sections": sections},
    )


@require_GET
def statistics_csv(request: HttpRequest) -> HttpResponse:
    body = statistics.statistics_csv(statistics.cached_statistics())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="silkbridge-statistics.csv"'
    return response
