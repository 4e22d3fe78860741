"""Quarters as the report asks for them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from silkbridge.outcomes.periods import Quarter, parse_quarter, quarter_of, quarters_between

D = datetime.date


@pytest.mark.parametrize("text", ["2026Q3", "2026q3", "2026-Q3", " 2026Q3 "])
def test_a_quarter_is_read_in_its_usual_spellings(text):
    quarter = parse_quarter(text)
    assert (quarter.start, quarter.end, quarter.code) == (D(2026, 7, 1), D(2026, 9, 30), "2026Q3")


@pytest.mark.parametrize("text", ["", "2026Q5", "Q3 2026", "2026", "26Q1"])
def test_anything_else_is_a_clear_error(text):
    with pytest.raises(ValidationError, match="2026Q3"):
        parse_quarter(text)


def test_quarters_across_a_year_end():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert Quarter(2026, 4).end == D(2026, 12, 31)
    assert quarter_of(D(2026, 3, 31)) == Quarter(2026, 1)
    assert [q.code for q in quarters_between(D(2025, 11, 5), D(2026, 4, 1))] == [
        "2025Q4",
        "2026Q1",
        "2026Q2",
    ]
    assert len(quarters_between(D(2000, 1, 1), D(2026, 1, 1))) == 40
