"""Saved indexes as generations: each save writes a new folder, then points `CURRENT` at it.

Processes memory-map the files of a saved index, so a file must never change once written.
A save therefore fills a hidden folder, renames it to its generation name and only then
replaces the one-line pointer file `CURRENT` (an atomic rename). A reader resolves the pointer
once and reads only from that folder, so it sees the old generation or the new one, never a
half-written file. Old generations are deleted once `KEEP` newer ones exist; a process that
still maps a deleted file keeps its pages until it lets go (Linux frees them then).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POINTER = "CURRENT"
META = "meta.json"
PREFIX = "gen-"
PARTIAL = ".partial-"
#: Generations kept besides the current one (a slow reader may still be opening one).
KEEP = 2
#: A partial folder older than this is the leftover of a save that crashed.
STALE_PARTIAL_SECONDS = 6 * 3600


def current(root: str | Path) -> Path | None:
    """The folder of the newest complete generation under `root`, or None."""
    root = Path(root)
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = root / name
    return folder if name.startswith(PREFIX) and folder.is_dir() else None


def resolve(path: str | Path) -> Path:
    """A generation folder given itself or the root that points at it."""
    path = Path(path)
    if (path / META).exists():
        return path
    folder = current(path)
    if folder is None:
        raise FileNotFoundError(f"no saved matching index in {path}")
    return folder


def read_meta(folder: str | Path) -> dict:
    """What the writer recorded with a generation (such as the journal position)."""
    return json.loads((Path(folder) / META).read_text(encoding="utf-8"))


def write(root: str | Path, fill: Callable[[Path], None], meta: dict | None = None) -> Path:
    """A new generation filled by `fill(folder)`, made current only once complete."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=PARTIAL, dir=root))
    try:
        fill(partial)
        (partial / META).write_text(json.dumps(meta or {}), encoding="utf-8")
        for file in partial.iterdir():
            _fsync(file)
        name = f"{PREFIX}{time.time_ns():020d}-{os.getpid()}"
        os.rename(partial, root / name)
        pointer = root / f".{POINTER}.{os.getpid()}.{time.monotonic_ns()}"
        pointer.write_text(name, encoding="utf-8")
        _fsync(pointer)
        os.replace(pointer, root / POINTER)
        _fsync(root)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    prune(root)
    return root / name


def prune(root: Path) -> None:
    """Delete generations older than the `KEEP` before the current one, and old leftovers."""
    keep = current(root)
    generations = sorted(p for p in root.glob(f"{PREFIX}*") if p.is_dir())
    older = [p for p in generations if keep is None or p.name < keep.name]
    for folder in older[: max(len(older) - KEEP, 0)]:
        shutil.rmtree(folder, ignore_errors=True)
    for partial in root.glob(f"{PARTIAL}*"):
        if time.time() - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
            shutil.rmtree(partial, ignore_errors=True)


@contextmanager
def exclusive(root: str | Path) -> Iterator[None]:
    """Held by one process at a time on this machine (a lock file), so that when several
    processes need a fresh index one builds and saves it and the others load it."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
