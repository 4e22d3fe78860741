"""One saved index for many processes: mapped files, atomic generations, short lock holds."""

from __future__ import annotations

import gc
import hashlib
import json
import mmap
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np

from silkbridge.engines.matching import MatchIndex, Profile, generations
from silkbridge.engines.matching.lexical import LexicalIndex
from silkbridge.engines.matching.live import LiveIndex, Update

from .conftest import ALIASES, HISTORY, LABELS, snapshot, world_items, world_profiles
from .test_matching import _all_results, _apply_changes, _final_state

SRC = Path(__file__).resolve().parents[3] / "src"


def _mapped(array: np.ndarray) -> bool:
    """Whether the array's memory is a file mapping rather than memory it owns."""
    base = array
    while base is not None:
        if isinstance(base, mmap.mmap):
            return True
        base = getattr(base, "base", None)
    return False


def _large_arrays(index: MatchIndex) -> dict[str, np.ndarray]:
    lexical = index._lexical
    return {
        "main.data": lexical._main.data,
        "main.indices": lexical._main.indices,
        "main.indptr": lexical._main.indptr,
        "by_doc.data": lexical._by_doc.data,
        "by_doc.indices": lexical._by_doc.indices,
        "by_doc.indptr": lexical._by_doc.indptr,
        "idf": lexical._idf,
        "token ids": lexical.tokens._flat,
    }


def _mapped_files(maps: str, folder: Path) -> set[str]:
    return {Path(line.split()[-1]).name for line in maps.splitlines() if str(folder) in line}


def test_a_loaded_index_maps_its_arrays_and_answers_like_the_one_in_memory(build, tmp_path):
    index = build(history=HISTORY)
    folder = index.save(tmp_path / "index")
    loaded = MatchIndex.load(tmp_path / "index")
    assert loaded.source == folder
    for name, array in _large_arrays(loaded).items():
        assert _mapped(array) and not array.flags.owndata, name
    assert _all_results(loaded) == _all_results(index)
    assert _all_results(MatchIndex.load(folder, mmap=False)) == _all_results(index)


def test_a_saved_generation_is_parsed_record_by_record_with_pauses_for_queries(
    build, tmp_path, monkeypatch
):
    """One `json.loads` of all records holds the GIL for seconds at 100,000 organisations, and
    a load that never pauses slows a concurrent query many times over; each parse must be one
    short record, and the loader must offer a pause every few hundred of them."""
    copies = [  # 50 times the world, so that all records are far larger than any one
        replace(p, id=p.id + 1000 * n, name=f"{p.name} {n}")
        for n in range(50)
        for p in world_profiles()
    ]
    index = build(profiles=copies, items=[], history=HISTORY)
    folder = index.save(tmp_path / "index")
    saved_json = sum(p.stat().st_size for p in folder.iterdir() if p.suffix in (".json", ".jsonl"))
    steps: list[int] = []  # the size of each parse, 0 for a pause
    parse = json.loads

    def measured_parse(text, *args, **kwargs):
        steps.append(len(text))
        return parse(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", measured_parse)
    loaded = MatchIndex.load(folder, pause=lambda: steps.append(0))
    monkeypatch.undo()
    records = len(loaded.profiles) + len(loaded.items) + loaded._lexical.n_docs
    parses = [n for n in steps if n]
    assert len(parses) > records
    assert max(parses) < saved_json / 20
    runs = "".join("p" if n else "|" for n in steps).split("|")
    assert max(len(run) for run in runs) <= 400  # every 200 records of a file, or sooner
    assert _all_results(loaded) == _all_results(index)


def test_background_loading_waits_while_a_query_runs(build):
    live = LiveIndex(build(), 0, _NoJournal())
    live.yield_seconds = 5.0
    waited = threading.Event()

    def load_step() -> None:
        live.yield_to_queries()
        waited.set()

    with live.reading():
        loader = threading.Thread(target=load_step)
        loader.start()
        assert not waited.wait(0.3)  # the query is still running: the load stays paused
    assert waited.wait(5)  # the query is done: the load goes on at once
    loader.join()


class _NoJournal:
    def pending(self, after):
        return []


def test_two_processes_loading_one_generation_map_the_same_files(build, tmp_path):
    """Two processes share pages only if both map the same files; a copy would not."""
    folder = build().save(tmp_path / "index")
    first = MatchIndex.load(tmp_path / "index")
    assert first.partners_for(1)
    here = _mapped_files(Path("/proc/self/maps").read_text(), folder)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from silkbridge.engines.matching import MatchIndex\n"
        "index = MatchIndex.load(sys.argv[1])\n"
        "assert index.partners_for(1)\n"
        "print(Path('/proc/self/maps').read_text())\n"
    )
    child = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code, str(tmp_path / "index")],
        env={"PATH": "", "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    there = _mapped_files(child.stdout, folder)
    assert {"main_data.npy", "by_doc_data.npy", "token_flat.npy"} <= here
    assert there == here


def test_changes_to_a_mapped_index_stay_in_the_process_and_equal_a_rebuild(build, tmp_path):
    folder = build().save(tmp_path / "index")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    loaded = MatchIndex.load(folder)
    _apply_changes(loaded)  # copy-on-write: deltas in this process's memory
    profiles, items = _final_state()
    assert _all_results(loaded) == _all_results(build(profiles=profiles, items=items))
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert after == before  # the shared files were never written


def test_a_reader_during_a_save_sees_the_old_or_the_new_generation(build, tmp_path, monkeypatch):
    root = tmp_path / "index"
    old = build()
    old.save(root)
    profiles, items = _final_state()
    new = build(profiles=profiles, items=items)
    half_written, go_on = threading.Event(), threading.Event()
    save_arrays = LexicalIndex.save

    def slow_save(self, path):
        (path / "vocab.jsonl").write_text("", encoding="utf-8")  # a half-written state
        half_written.set()
        go_on.wait(10)
        save_arrays(self, path)

    monkeypatch.setattr(LexicalIndex, "save", slow_save)
    writer = threading.Thread(target=new.save, args=(root,))
    writer.start()
    assert half_written.wait(10)
    during = MatchIndex.load(root)  # while the new generation is half written
    go_on.set()
    writer.join()
    assert _all_results(during) == _all_results(old)
    assert _all_results(MatchIndex.load(root)) == _all_results(new)
    assert not list(root.glob(".partial-*"))


def test_old_generations_are_pruned_and_the_current_one_is_kept(build, tmp_path):
    root = tmp_path / "index"
    index = build()
    saved = [index.save(root) for _ in range(generations.KEEP + 3)]
    left = sorted(p.name for p in root.glob("gen-*"))
    assert left == [p.name for p in saved[-(generations.KEEP + 1) :]]
    assert generations.current(root) == saved[-1]


# -- journal replay ------------------------------------------------------------------------


class Journal:
    """A change journal over a dictionary of current profiles, as the platform's database."""

    def __init__(self, profiles: list[Profile], items) -> None:
        self.profiles = {p.id: p for p in profiles}
        self.items = list(items)
        self.entries: list[tuple[int, str, int]] = []
        self.fresh_started = threading.Event()
        self.release_fresh = threading.Event()
        self.release_fresh.set()
        self.lock_held_while_fresh: bool | None = None
        self.gate: threading.Event | None = None
        self.gate_timeouts = 0
        self.reads = 0

    def change(self, profile: Profile) -> None:
        self.profiles[profile.id] = profile
        self.entries.append((len(self.entries) + 1, "organisation", profile.id))

    def pending(self, after: int):
        return [e for e in self.entries if e[0] > after]

    def read(self, entries):
        if self.gate is not None and self.reads:
            if not self.gate.wait(5):  # no query got in: the lock was held all along
                self.gate_timeouts += 1
                self.gate = None
            else:
                self.gate.clear()
        self.reads += 1
        return Update(profiles={e[2]: self.profiles.get(e[2]) for e in entries})

    def build(self) -> MatchIndex:
        return MatchIndex.build(
            sorted(self.profiles.values(), key=lambda p: p.id),
            self.items,
            taxonomy_labels=LABELS,
            taxonomy_aliases=ALIASES,
        )

    def fresh(self, live):
        self.lock_held_while_fresh = getattr(live.lock, "owner", None) == threading.get_ident()
        self.fresh_started.set()
        seq = len(self.entries)
        index = self.build()
        self.release_fresh.wait(30)
        return index, seq

    def thread_done(self) -> None:
        pass


class CountingLock:
    """The index lock, recording what each hold did: changes applied and queries answered."""

    def __init__(self, index: MatchIndex) -> None:
        self._lock = threading.RLock()
        self.owner: int | None = None
        self.holds: list[dict] = []
        self.current: dict | None = None
        self.depth = 0
        for name in ("add_or_update_profile", "partners_for"):
            self._count(index, name)

    def _count(self, index: MatchIndex, name: str) -> None:
        method = getattr(index, name)

        def counted(*args, **kwargs):
            if self.current is not None:
                self.current[name] = self.current.get(name, 0) + 1
            return method(*args, **kwargs)

        setattr(index, name, counted)

    def __enter__(self):
        self._lock.acquire()
        self.depth += 1
        if self.depth == 1:
            self.owner, self.current = threading.get_ident(), {}
        return self

    def __exit__(self, *exc):
        self.depth -= 1
        if self.depth == 0:
            self.holds.append(self.current)
            self.owner, self.current = None, None
        self._lock.release()


def test_a_backlog_is_applied_in_short_batches_while_queries_go_on():
    profiles = world_profiles()
    journal = Journal(profiles, world_items())
    live = LiveIndex(journal.build(), 0, journal, batch_entries=4, rebuild_backlog=10_000)
    lock = live.lock = CountingLock(live.index)
    for n, profile in enumerate(profiles * 40):  # 360 entries, each organisation 40 times
        journal.change(replace(profile, description=f"{profile.description} revision {n}"))
    # Before reading each further batch the replay waits until a query has been answered:
    # that can happen only if the lock is free between batches.
    journal.gate = threading.Event()
    replaying = threading.Thread(target=live.sync)
    replaying.start()
    n = 0
    while replaying.is_alive():
        with live.reading() as index:
            index.partners_for(1 + n % 9)
        n += 1
        journal.gate.set()
    replaying.join()
    assert journal.gate_timeouts == 0
    changes = [h.get("add_or_update_profile", 0) for h in lock.holds]
    replay_holds = [i for i, c in enumerate(changes) if c]
    assert sum(changes) == 360
    assert max(changes) <= 4  # never more than one batch under the lock
    assert journal.reads == 360 // 4
    between = lock.holds[replay_holds[0] : replay_holds[-1]]
    assert len([h for h in between if h.get("partners_for")]) >= journal.reads - 1
    assert live.seq == len(journal.entries)
    assert _all_results(live.index) == _all_results(journal.build())


def test_a_large_backlog_swaps_in_a_fresh_index_while_the_old_one_answers():
    profiles = world_profiles()
    journal = Journal(profiles, world_items())
    old = journal.build()
    live = LiveIndex(old, 0, journal, rebuild_backlog=5)
    live.lock = CountingLock(old)
    expected_old = snapshot(old.partners_for(1))
    for profile in profiles:  # 9 entries: over the backlog limit
        journal.change(replace(profile, description=profile.description + " and e-services"))
    journal.release_fresh.clear()
    live.sync()  # returns at once: the fresh index is made in the background
    assert journal.fresh_started.wait(10)
    assert live.index is old
    with live.reading() as index:  # answered from the old index meanwhile
        assert snapshot(index.partners_for(1)) == expected_old
    live.sync()  # another request while the refresh runs does not wait for it either
    journal.change(replace(profiles[0], description="after the refresh began"))
    journal.release_fresh.set()
    live.wait(30)
    assert journal.lock_held_while_fresh is False
    assert live.index is not old
    assert live.seq == len(journal.entries)  # the entry written meanwhile is applied too
    assert _all_results(live.index) == _all_results(journal.build())


def test_when_a_refresh_fails_the_old_index_stays_and_the_journal_is_replayed_instead():
    profiles = world_profiles()
    journal = Journal(profiles, world_items())
    old = journal.build()
    live = LiveIndex(old, 0, journal, rebuild_backlog=5)
    for profile in profiles:
        journal.change(replace(profile, description=profile.description + " and e-services"))

    def broken(live):
        raise OSError("disk full")

    journal.fresh = broken
    live.sync()
    live.wait(30)
    assert live.index is old and live.seq == 0  # the failure left it as it was
    live.sync()  # no second attempt right away: the backlog is replayed in batches
    assert live.index is old
    assert live.seq == len(journal.entries)
    assert _all_results(live.index) == _all_results(journal.build())


def test_a_replaced_large_index_is_emptied_piece_by_piece_once_no_query_holds_it():
    profiles = world_profiles()
    journal = Journal(profiles, world_items())
    old = journal.build()
    live = LiveIndex(old, 0, journal, rebuild_backlog=5, freeze_gc=True)
    try:
        for profile in profiles:
            journal.change(replace(profile, description=profile.description + " and e-services"))
        live.sync()
        live.wait(30)
        assert live.index is not old
        assert not old.profiles and not old._lexical.vocab  # freed by the refresh thread
        assert _all_results(live.index) == _all_results(journal.build())
        assert gc.isenabled()
    finally:
        gc.unfreeze()
