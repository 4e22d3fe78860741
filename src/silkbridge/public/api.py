"""Public statistics over the API: the same cached figures as the page, for anyone."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from silkbridge.api import ERROR_RESPONSES, PUBLIC
from silkbridge.outcomes.selectors import Series
from silkbridge.public import statistics

statistics_router = Router(tags=["public"])


class StatisticsRowOut(Schema):
    label: str
    values: list[int]


class StatisticsTableOut(Schema):
    key: str
    title: str
    label_header: str
    value_headers: list[str]
    rows: list[StatisticsRowOut]


class StatisticsOut(Schema):
    headline: StatisticsTableOut
    tables: list[StatisticsTableOut]


def _table(series: Series) -> StatisticsTableOut:
    return StatisticsTableOut(
        key=series.key,
        title=series.title,
        label_header=series.label_header,
        value_headers=series.value_headers,
        rows=[
            StatisticsRowOut(label=label, values=[int(v) for v in values])
            for label, values in series.rows
        ],
    )


@statistics_router.get(
    "",
    response={200: StatisticsOut, **ERROR_RESPONSES},
    auth=PUBLIC,
    summary="Public statistics of the cooperation",
    description="Counts only, never a name; confidential ventures are counted. Labels are in "
    "the request's language (Accept-Language or ?lang=). Cached for five minutes.",
)
def read_statistics(request: HttpRequest) -> StatisticsOut:
    figures = statistics.cached_statistics()
    return StatisticsOut(
        headline=_table(figures.headline), tables=[_table(s) for s in figures.tables]
    )
