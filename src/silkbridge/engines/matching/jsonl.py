"""JSON Lines files of a saved index: one record per line, parsed one line at a time.

A process refreshes its index in a background thread while its other threads answer queries.
One `json.loads` of a large file is a single C call that holds Python's GIL until it ends
(seconds for the ~170 MB of records at 100,000 organisations), so no query runs meanwhile.
Parsing line by line keeps every call short, and the interpreter switches threads between
them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def write_lines(path: Path, records: Iterable[object]) -> None:
    """Write one JSON document per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n")


def read_lines(path: Path) -> Iterator[Any]:
    """The records of a JSON Lines file, parsed one line at a time."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)
