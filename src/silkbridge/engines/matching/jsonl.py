"""JSON Lines files of a saved index: one record per line, parsed one line at a time.

A process refreshes its index in a background thread while its other threads answer queries.
One `json.loads` of a large file is a single C call that holds Python's GIL until it ends
(seconds for the ~170 MB of records at 100,000 organisations), so no query runs meanwhile.
Parsing line by line keeps every call short, and the interpreter switches threads between
them. That alone is not enough: a query releases the GIL many times (NumPy, SciPy) and waits
up to the switch interval (5 ms) each time to get it back from a busy thread, so the reader
also pauses for running queries (`pause`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any


def write_lines(path: Path, records: Iterable[object]) -> None:
    """Write one JSON document per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n")


def read_lines(
    path: Path, pause: Callable[[], None] | None = None, every: int = 200
) -> Iterator[Any]:
    """The records of a JSON Lines file, parsed one line at a time; `pause` is called after
    every `every` records (see `LiveIndex.yield_to_queries`)."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if pause is not None and number % every == 0:
                pause()
            yield json.loads(line)
