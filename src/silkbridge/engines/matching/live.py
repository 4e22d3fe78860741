"""One process's matching index, kept current from a change journal while it answers queries.

Queries read the index under `lock`. Changes arrive as journal entries (written by any
process) and are applied by one thread at a time, so that no query waits long:

- The new state of what a batch of entries names is read first, outside the lock (database
  reads in the platform), and a changed collaboration graph is built aside.
- The batch is then applied under the lock, at most `batch_entries` changes or about
  `batch_seconds` at a time; queries run between two holds.
- The word index's delta is merged under the lock only while the index is small enough for
  a merge to be cheap (`merge_in_place_below` documents). Otherwise a snapshot is merged in a
  background thread and swapped in (see `IndexStore.begin_compact`).
- A backlog of `rebuild_backlog` entries or more (a bulk import) is not replayed here: a fresh
  index is obtained in a background thread (`JournalSource.fresh`: load a newer saved
  generation, or build one), brought up to date there without any lock, and swapped in under
  a short lock. Queries are answered from the old index meanwhile.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from silkbridge.engines.matching.model import HistoryEdge, Item, Profile

if TYPE_CHECKING:
    from silkbridge.engines.matching.index import MatchIndex
    from silkbridge.engines.matching.lexical import MergePlan

logger = logging.getLogger(__name__)

#: (journal position, kind of target, target id), ascending positions.
Entry = tuple[int, str, int]


@dataclass
class Update:
    """The current state of what a batch of journal entries names."""

    profiles: dict[int, Profile | None] = field(default_factory=dict)  # None: gone
    items: dict[int, Item | None] = field(default_factory=dict)  # None: gone or closed
    edges: list[HistoryEdge] = field(default_factory=list)  # collaborations on record
    gone: set[str] = field(default_factory=set)  # refs of collaborations that no longer count


class JournalSource(Protocol):
    """Where changes come from (the platform's database)."""

    def pending(self, after: int) -> list[Entry]:
        """Entries after position `after`, ascending."""

    def read(self, entries: Sequence[Entry]) -> Update:
        """The current state of what `entries` name."""

    def fresh(self, live: LiveIndex) -> tuple[MatchIndex, int]:
        """A new index and the journal position it reflects (slow; runs in a thread)."""

    def thread_done(self) -> None:
        """The background thread that called `fresh`, `pending` and `read` ends."""


class LiveIndex:
    """Holds the index of this process and applies the journal to it in short steps."""

    def __init__(
        self,
        index: MatchIndex,
        seq: int,
        source: JournalSource,
        *,
        batch_entries: int = 100,
        batch_seconds: float = 0.04,
        rebuild_backlog: int = 1000,
        merge_in_place_below: int = 1000,
        freeze_gc: bool = False,
    ) -> None:
        self.lock = threading.RLock()
        self.index = index
        self.seq = seq
        self.source = source
        self.batch_entries = batch_entries
        self.batch_seconds = batch_seconds
        self.rebuild_backlog = rebuild_backlog
        self.merge_in_place_below = merge_in_place_below
        # Longest hold of the lock by the replay, merges or a swap: wall-clock seconds, and
        # the CPU seconds of the holding thread (the work itself, on a machine that is busy).
        self.longest_hold = 0.0
        self.longest_hold_cpu = 0.0
        # A loaded index is millions of objects that are never garbage: with `freeze_gc` (for a
        # large index) the collector stops walking them (`gc.freeze`), which would otherwise
        # pause every thread for a large fraction of a second now and then; a refresh then
        # collects only after its build, and empties the replaced index piece by piece.
        self.freeze_gc = freeze_gc
        if freeze_gc:
            gc.freeze()
        self._writer = threading.Lock()  # one thread replays or refreshes at a time
        #: After a failed refresh the journal is replayed in batches for this long.
        self.retry_refresh_after = 60.0
        self._refresh_failed_at = -float("inf")
        self._threads: list[threading.Thread] = []
        index.auto_compact = False
        # Queries under way, so that background loading can step aside for them.
        self._readers = 0
        self._readers_lock = threading.Lock()
        self._no_readers = threading.Event()
        self._no_readers.set()
        #: Longest a background step waits for running queries before it goes on anyway.
        self.yield_seconds = 0.02

    @contextmanager
    def reading(self) -> Iterator[MatchIndex]:
        """The index, held for one query."""
        with self._readers_lock:
            self._readers += 1
            self._no_readers.clear()
        try:
            with self.lock:
                yield self.index
        finally:
            with self._readers_lock:
                self._readers -= 1
                if not self._readers:
                    self._no_readers.set()

    def yield_to_queries(self) -> None:
        """Called by background work (a load) between small steps: wait while queries run, at
        most `yield_seconds`. Python runs one thread at a time, and a query gives the GIL up
        many times (NumPy, SciPy), each time waiting up to the switch interval to get it back
        from a busy thread: a query of 20 ms took seconds beside a load that never paused."""
        self._no_readers.wait(self.yield_seconds)

    def sync(self, *, refresh: bool = False) -> None:
        """Apply the entries not applied yet; with `refresh` (or a large backlog) swap in a
        fresh index instead. Returns at once when another thread is already at it."""
        if not self._writer.acquire(blocking=False):
            return
        handed_over = False
        try:
            entries = self.source.pending(self.seq)
            wanted = refresh or len(entries) >= self.rebuild_backlog
            if wanted and time.monotonic() - self._refresh_failed_at > self.retry_refresh_after:
                self._start(self._refresh, "matching-refresh")
                handed_over = True  # the refresh thread releases the writer lock
                return
            if entries:
                self._replay(self.index, entries, shared=True)
            self._merge_if_due()
        finally:
            if not handed_over:
                self._writer.release()

    def wait(self, timeout: float | None = None) -> None:
        """Until background refreshes and merges are done (commands, tests, benchmarks)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._threads:
            thread = self._threads[0]
            thread.join(None if deadline is None else max(deadline - time.monotonic(), 0))
            if thread.is_alive():
                return
            if thread in self._threads:
                self._threads.remove(thread)

    @property
    def busy(self) -> bool:
        """A refresh or a merge is running in the background."""
        return any(t.is_alive() for t in self._threads)

    @contextmanager
    def _holding(self) -> Iterator[None]:
        """The lock, held by the writer side, with the hold measured."""
        with self.lock:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                yield
            finally:
                self.longest_hold = max(self.longest_hold, time.perf_counter() - wall)
                self.longest_hold_cpu = max(self.longest_hold_cpu, time.thread_time() - cpu)

    # -- applying entries ------------------------------------------------------------------

    def _replay(self, index: MatchIndex, entries: Sequence[Entry], *, shared: bool) -> int:
        """Apply `entries` to `index` in batches; under the lock only when `shared`."""
        seq = entries[0][0] - 1 if entries else self.seq
        for start in range(0, len(entries), self.batch_entries):
            chunk = entries[start : start + self.batch_entries]
            steps = self._steps(index, self.source.read(chunk))
            self._run(steps, shared=shared)
            seq = chunk[-1][0]
            if shared:
                with self.lock:
                    self.seq = seq
            if self.freeze_gc:
                gc.freeze()  # keep full collections, which may fall inside a hold, short
        return seq

    def _steps(self, index: MatchIndex, update: Update) -> list[Callable[[], None]]:
        """One step per change; the collaboration graph is rebuilt here, outside the lock."""
        steps: list[Callable[[], None]] = []
        if update.edges or update.gone:
            graph = index.history_changed(update.edges, update.gone)
            steps.append(lambda: index.use_history(graph))
        for org_id in sorted(update.profiles):
            profile = update.profiles[org_id]
            if profile is None:
                steps.append(lambda o=org_id: index.remove_profile(o))
            else:
                steps.append(lambda p=profile: index.add_or_update_profile(p))
        for item_id in sorted(update.items):
            steps.append(lambda i=item_id, it=update.items[item_id]: _apply_item(index, i, it))
        return steps

    def _run(self, steps: list[Callable[[], None]], *, shared: bool) -> None:
        done = 0
        while done < len(steps):
            with self._holding() if shared else nullcontext():
                started = time.perf_counter()
                end = min(done + self.batch_entries, len(steps))
                while done < end:
                    steps[done]()
                    done += 1
                    if time.perf_counter() - started >= self.batch_seconds:
                        break

    def _merge_if_due(self) -> None:
        index = self.index
        if not index.compaction_due:
            return
        if index.document_count < self.merge_in_place_below:
            with self._holding():
                index.compact()
            return
        with self._holding():
            plan = index.begin_compact()
        self._start(lambda: self._merge_aside(index, plan), "matching-merge")

    def _merge_aside(self, index: MatchIndex, plan: MergePlan) -> None:
        """Build the merged segment without the lock, then swap it in under the lock."""
        try:
            segment = plan.build()
        except Exception:
            logger.exception("Background merge of the matching index failed")
            segment = None
        lexical = index._lexical
        with self._holding():
            # The replaced delta is freed after the hold, in pieces: at thousands of documents
            # freeing its postings in one go would hold the lock (and the GIL) for that long.
            old_delta = [lexical._delta, lexical._delta_postings]
            if self.index is index and segment is not None:
                index.finish_compact(plan, segment)  # False: a merge meanwhile made it stale
            elif self.index is index:
                index.abandon_compact()  # the delta stays; a later merge tries again
            in_use = (lexical._delta, lexical._delta_postings)
        _clear_in_pieces([d for d in old_delta if not any(d is u for u in in_use)])

    # -- swapping in a fresh index ---------------------------------------------------------

    def _refresh(self) -> None:
        """Obtain a fresh index, bring it up to date privately, swap it in; the writer lock
        was taken by `sync` and is released here."""
        # Building or loading makes millions of objects, and every full collection meanwhile
        # would walk them all holding the GIL, stopping the query threads: collect after.
        paused = self.freeze_gc and gc.isenabled()
        if paused:
            gc.disable()
        try:
            index, seq = self.source.fresh(self)
            index.auto_compact = False
            for _round in range(3):  # entries that arrived while it was built or loaded
                entries = self.source.pending(seq)
                if not entries:
                    break
                seq = self._replay(index, entries, shared=False)
            if index.compaction_due:
                index.compact()  # nobody else sees this index yet
            with self._holding():
                old, self.index, self.seq = self.index, index, seq
            if self.freeze_gc:
                with self.lock:
                    pass  # queries that began on the old index have finished
                _dispose(old)
        except Exception:
            logger.exception("Refreshing the matching index failed; the old one stays")
            self._refresh_failed_at = time.monotonic()
        finally:
            if paused:
                gc.freeze()
                gc.enable()
            self._writer.release()
            self.source.thread_done()

    def _start(self, target: Callable[[], None], name: str) -> None:
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()


def _dispose(index: MatchIndex) -> None:
    """Empty a replaced index a piece at a time. Dropping it at once frees millions of objects
    in one call that holds the GIL, so every query of the process would wait for seconds."""
    lexical = index._lexical
    for holder in (index, lexical, lexical.tokens, index._history):
        _clear_in_pieces(list(vars(holder).values()))


def _clear_in_pieces(values: list, chunk: int = 20_000) -> None:
    """Empty the dictionaries and lists among `values` a few thousand entries at a time."""
    for value in values:
        if isinstance(value, dict):
            keys = list(value)
            for start in range(0, len(keys), chunk):
                for key in keys[start : start + chunk]:
                    del value[key]
                time.sleep(0)  # let waiting threads run
        elif isinstance(value, list):
            while value:
                del value[-chunk:]
                time.sleep(0)


def _apply_item(index: MatchIndex, item_id: int, item: Item | None) -> None:
    if item is not None and item.owner_id in index.profiles:
        index.add_or_update_item(item)
    else:
        index.remove_item(item_id)
