"""Quarters and periods: "2026Q3" ⇄ dates, and the quarters a period spans."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

QUARTER_PATTERN = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
# The days a period may start or end on: wide enough for any record of the working group, and
# far enough from date.max that adding a quarter or a year to a day never overflows.
FIRST_DAY = datetime.date(1990, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        following = self.next()
        return following.start - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    def __str__(self) -> str:
        return self.code


def quarter_of(day: datetime.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str) -> Quarter:
    """ "2026Q3" (or "2026-Q3") as a Quarter; a clear error for anything else."""
    found = QUARTER_PATTERN.match((text or "").strip())
    if not found:
        raise ValidationError(
            _("Enter a quarter such as %(example)s."), params={"example": "2026Q3"}, code="quarter"
        )
    return Quarter(int(found.group(1)), int(found.group(2)))


def quarters_between(start: datetime.date, end: datetime.date, limit: int = 40) -> list[Quarter]:
    """The quarters from the one holding `start` to the one holding `end` (at most `limit`,
    the latest ones), so a chart over ten years stays readable."""
    quarters = []
    current, last = quarter_of(start), quarter_of(end)
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters[-limit:]


def check_in_range(day: datetime.date | None) -> None:
    """Refuse a day outside FIRST_DAY…LAST_DAY with a message that names the range."""
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            params={"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
            code="out_of_range",
        )
