"""One saved matching index for several processes: memory, and queries during a bulk import.

    .venv/bin/python benchmarks/matching_shared.py                       # 100,000 organisations
    .venv/bin/python benchmarks/matching_shared.py --orgs 20000 --import-orgs 4000
    .venv/bin/python benchmarks/matching_shared.py --modes load --no-memory   # one row only

1. Builds the index of `--orgs` synthetic organisations (`matching_speed.generate`: real
   taxonomy, ~3 opportunities each) and saves it as one generation.
2. Starts two processes that load it (memory-mapped) and answer a few queries, and reads
   their RSS, PSS and USS from /proc/<pid>/smaps_rollup while both are alive; then one
   process that loads it into its own memory (`mmap=False`), for comparison.
3. In one process that loaded it: partners-query latency when idle, then while the journal of
   an import of `--import-orgs` new organisations is applied by `LiveIndex` (a) replayed in
   batches (the lexical merge that follows runs in a background thread), (b) by a fresh index
   built in a background thread, saved as a new generation and swapped in (what the first
   process does with a backlog this large) and (c) by loading that generation and swapping it
   in (what every other process does). Reports query p50/p95/max during each and the
   longest lock hold.

Prints a table and writes benchmarks/results/matching-shared.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from matching_speed import _dist, generate  # noqa: E402

from silkbridge.engines.matching import MatchIndex, Profile, generations  # noqa: E402
from silkbridge.engines.matching.live import LiveIndex, Update  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "matching-shared.json"
WARM_QUERIES = 50
IDLE_QUERIES = 300


def smaps_rollup(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + dirty) of a process, in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return {
        "rss_mib": round(fields["Rss"], 1),
        "pss_mib": round(fields["Pss"], 1),
        "uss_mib": round(uss, 1),
    }


# -- children ------------------------------------------------------------------------------


def child_hold(folder: str, mmap: bool) -> None:
    """Load, answer a few queries, say so, and stay alive until told to go."""
    started = time.perf_counter()
    index = MatchIndex.load(folder, mmap=mmap)
    load_s = time.perf_counter() - started
    rng = random.Random(3)
    orgs = sorted(index.profiles)
    for _ in range(WARM_QUERIES):
        index.partners_for(rng.choice(orgs))
    print(json.dumps({"load_s": round(load_s, 1)}), flush=True)
    sys.stdin.readline()


class ImportJournal:
    """The journal of an import of new organisations, as the platform's database shows it."""

    def __init__(self, root: Path, mode: str, new: list[Profile], existing, items, labels, aliases):
        self.entries = [(n + 1, "organisation", p.id) for n, p in enumerate(new)]
        self.new = {p.id: p for p in new}
        self.inputs = (existing, items, labels, aliases)
        self.root, self.mode = root, mode
        self.fresh_s = 0.0

    def pending(self, after: int):
        return self.entries[after:]

    def read(self, entries):
        return Update(profiles={e[2]: self.new.get(e[2]) for e in entries})

    def fresh(self, live):
        """As the platform does: the first process builds and saves a generation, the
        others load it."""
        started = time.perf_counter()
        if self.mode == "load":
            index = MatchIndex.load(generations.current(self.root), pause=live.yield_to_queries)
        else:
            existing, items, labels, aliases = self.inputs
            built = MatchIndex.build(
                [*existing, *self.new.values()],
                items,
                taxonomy_labels=labels,
                taxonomy_aliases=aliases,
            )
            index = MatchIndex.load(built.save(self.root), pause=live.yield_to_queries)
        self.fresh_s = time.perf_counter() - started
        return index, len(self.entries)

    def thread_done(self) -> None:
        pass


def child_replay(folder: str, n_orgs: int, n_import: int, mode: str) -> None:
    """Idle query latency, then latency while the import's journal is applied."""
    profiles, items, labels, aliases = generate(n_orgs)
    new = imported(profiles, n_import)
    index = MatchIndex.load(folder)
    journal = ImportJournal(Path(folder).parent, mode, new, profiles, items, labels, aliases)
    backlog = n_import + 1 if mode == "batches" else 1000
    live = LiveIndex(index, 0, journal, rebuild_backlog=backlog, freeze_gc=True)  # as the app
    rng = random.Random(5)
    orgs = rng.sample(range(1, n_orgs + 1), 1000)

    def query(n: int) -> float:
        started = time.perf_counter()
        with live.reading() as current:
            current.partners_for(orgs[n % len(orgs)])
        return (time.perf_counter() - started) * 1000

    for n in range(WARM_QUERIES):
        query(n)
    idle = [query(n) for n in range(IDLE_QUERIES)]
    started = time.perf_counter()
    replay = threading.Thread(target=live.sync)
    replay.start()
    during: list[float] = []
    while replay.is_alive() or live.busy:
        during.append(query(len(during)))
    replay_s = time.perf_counter() - started
    live.sync()  # nothing left: the fresh index or the replay covered every entry
    assert live.seq == n_import and len(live.index.profiles) == n_orgs + n_import
    print(
        json.dumps(
            {
                "mode": mode,
                "idle_ms": _dist(idle),
                "during_ms": {**_dist(during), "max": round(max(during), 1)},
                "applied_in_s": round(replay_s, 1),
                "fresh_index_s": round(journal.fresh_s, 1),
                "longest_hold_ms": round(live.longest_hold * 1000, 1),
                "longest_hold_cpu_ms": round(live.longest_hold_cpu * 1000, 1),
                "load_average": os.getloadavg()[0],
            }
        ),
        flush=True,
    )


def imported(profiles: list[Profile], n_import: int) -> list[Profile]:
    """The organisations of the import: copies of existing ones under new ids."""
    return [
        Profile(**{**_fields(p), "id": len(profiles) + n + 1, "name": f"Imported {n}"})
        for n, p in enumerate(random.Random(11).sample(profiles, n_import))
    ]


def _fields(obj) -> dict:
    return {f: getattr(obj, f) for f in obj.__slots__}


# -- parent --------------------------------------------------------------------------------


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - this very script with fixed arguments
        [sys.executable, __file__, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def memory(folder: Path) -> dict:
    """Two mapped processes alive at once, then one process with its own copy."""
    out: dict = {}
    first = _spawn("--child", "hold", str(folder))
    out["first"] = json.loads(first.stdout.readline())
    out["first_alone"] = smaps_rollup(first.pid)
    second = _spawn("--child", "hold", str(folder))
    out["second"] = json.loads(second.stdout.readline())
    out["first"].update(smaps_rollup(first.pid))
    out["second"].update(smaps_rollup(second.pid))
    for process in (first, second):
        process.communicate("\n")
    own = _spawn("--child", "hold-copy", str(folder))
    out["own_copy"] = json.loads(own.stdout.readline())
    out["own_copy"].update(smaps_rollup(own.pid))
    own.communicate("\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--import-orgs", type=int, default=16_000)
    parser.add_argument(
        "--modes",
        default="batches,build,load",
        help="comma-separated ways to apply the import (batches, build, load)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory comparison")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder = args.child[0], args.child[1]
        if kind in ("hold", "hold-copy"):
            child_hold(folder, mmap=kind == "hold")
        else:
            child_replay(folder, args.orgs, args.import_orgs, kind)
        return
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="matching-shared-") as tmp:
        started = time.perf_counter()
        profiles, items, labels, aliases = generate(args.orgs)
        index = MatchIndex.build(profiles, items, taxonomy_labels=labels, taxonomy_aliases=aliases)
        folder = index.save(Path(tmp) / "index")
        build_s = time.perf_counter() - started
        modes = args.modes.split(",")
        if "load" in modes and "build" not in modes[: modes.index("load")]:
            # The generation that "load" loads is the one "build" saves; save it here instead.
            MatchIndex.build(
                [*profiles, *imported(profiles, args.import_orgs)],
                items,
                taxonomy_labels=labels,
                taxonomy_aliases=aliases,
            ).save(folder.parent)
        del index, profiles, items
        size_mib = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        npy_mib = sum(p.stat().st_size for p in folder.glob("*.npy")) / 2**20
        print(f"built and saved {args.orgs} organisations in {build_s:.1f} s", flush=True)
        mem = {} if args.no_memory else memory(folder)
        print(json.dumps(mem), flush=True)
        replays = []
        for mode in modes:
            child = [
                *("--orgs", str(args.orgs), "--import-orgs", str(args.import_orgs)),
                *("--child", mode, str(folder)),
            ]
            done = subprocess.run(  # noqa: S603 - this very script with fixed arguments
                [sys.executable, __file__, *child], check=True, capture_output=True, text=True
            )
            replays.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(replays[-1]), flush=True)
    report = {
        "command": f"python benchmarks/matching_shared.py --orgs {args.orgs} "
        f"--import-orgs {args.import_orgs} --modes {args.modes}"
        + (" --no-memory" if args.no_memory else ""),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg(),
        "organisations": args.orgs,
        "imported_organisations": args.import_orgs,
        "saved_mib": round(size_mib, 1),
        "saved_arrays_mib": round(npy_mib, 1),
        "memory": mem,
        "replay": replays,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
