"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV injection").

A cell starting with =, +, - or @ runs as a formula in Excel, LibreOffice and Google Sheets, and
so does one starting with a tab or a carriage return, which they skip before reading the cell.
Every CSV export writes through `writer()`, so each cell gets the guard, a leading apostrophe,
that spreadsheets show as text; the directory import strips it again.
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def guard(value: object) -> str:
    """The cell as text, with an apostrophe in front if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class GuardedWriter:
    """`csv.writer` whose every cell passes through `guard`."""

    def __init__(self, file: Any, **options: Any) -> None:
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([guard(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file: Any, **options: Any) -> GuardedWriter:
    """A CSV writer for an export: like `csv.writer(file, **options)`, with every cell guarded."""
    return GuardedWriter(file, **options)
