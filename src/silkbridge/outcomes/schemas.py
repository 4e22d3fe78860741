"""Input and output shapes of the outcomes API."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class MetricOut(Schema):
    key: str
    label: str
    explanation: str
    unit: str = Field(description="count or usd")
    cumulative: bool = Field(
        description="True: the period's value adds to the baseline; false: today's level."
    )
    per_group: bool = Field(description="Whether a target may be limited to a working group.")


class TargetIn(Schema):
    name: str
    metric: str = Field(description="A key from GET /api/v1/outcomes/metrics.")
    baseline: Decimal = Decimal(0)
    target_value: Decimal
    period_start: datetime.date
    deadline: datetime.date
    working_group_id: int | None = None
    country: str = Field("", description="ISO code of one of the two countries, or empty.")
    description: str = ""


class TargetPatch(Schema):
    name: str | None = None
    metric: str | None = None
    baseline: Decimal | None = None
    target_value: Decimal | None = None
    period_start: datetime.date | None = None
    deadline: datetime.date | None = None
    working_group_id: int | None = None
    country: str | None = None
    description: str | None = None


class TargetOut(Schema):
    id: int
    name: str
    metric: str
    metric_label: str
    baseline: Decimal
    target_value: Decimal
    period_start: datetime.date
    deadline: datetime.date
    working_group_id: int | None
    country: str
    description: str
    value: Decimal = Field(description="Counted from the data over the target's period.")
    level: Decimal = Field(description="Baseline + value, or today's level for a stock.")
    percent: Decimal = Field(description="Progress from baseline to target, in per cent.")
    expected_percent: Decimal = Field(description="Where a steady pace would be today.")
    status: str = Field(description="achieved, on_track, behind, not_started or missed")


class KeyFigureOut(Schema):
    metric: str
    label: str
    value: Decimal
    unit: str


class RowOut(Schema):
    label: str
    values: list[Decimal]


class TableOut(Schema):
    key: str
    title: str
    label_header: str
    value_headers: list[str]
    rows: list[RowOut]


class NotableOut(Schema):
    id: int
    title: str
    kind: str
    stage: str
    parties: list[str]
    value_usd: Decimal | None
    jobs_created: int
    people_exchanged: int
    confidential: bool
    signed_on: datetime.date | None = Field(description="The latest signature in the period.")


class DashboardOut(Schema):
    start: datetime.date
    end: datetime.date
    working_group_id: int | None
    key_figures: list[KeyFigureOut]
    tables: list[TableOut]
    targets: list[TargetOut]
    notable: list[NotableOut] = Field(description="Confidential ventures only for the secretariat.")
    talent: dict[str, Any] = Field(
        description="Mobilities since the platform began: completed by direction, type, subject "
        "area and level; internships completed; active agreements; places offered and used."
    )


class DashboardFilters(Schema):
    start: datetime.date | None = None
    end: datetime.date | None = None
    group: int | None = Field(None, description="A working group's id.")
