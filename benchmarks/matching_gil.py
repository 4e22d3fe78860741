"""Why a query slows beside a background load, and what the loader's pauses change.

    .venv/bin/python benchmarks/matching_gil.py                 # --orgs 20000

Builds and saves the index of `--orgs` synthetic organisations, loads it, and times 60
partners queries (one after another, through `LiveIndex.reading`) while another thread of the
same process: does nothing; counts in pure Python; loads the saved generation again and again
without pauses; loads it pausing for running queries (`LiveIndex.yield_to_queries`, as the
platform does). Prints a table and writes benchmarks/results/matching-gil.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from matching_speed import generate  # noqa: E402

from silkbridge.engines.matching import MatchIndex  # noqa: E402
from silkbridge.engines.matching.live import LiveIndex  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "matching-gil.json"
QUERIES = 60


class _NoJournal:
    def pending(self, after: int) -> list:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20_000)
    args = parser.parse_args()
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="matching-gil-") as tmp:
        profiles, items, labels, aliases = generate(args.orgs)
        built = MatchIndex.build(profiles, items, taxonomy_labels=labels, taxonomy_aliases=aliases)
        folder = built.save(Path(tmp) / "index")
        del built, profiles, items
        live = LiveIndex(MatchIndex.load(folder), 0, _NoJournal())
        orgs = random.Random(1).sample(sorted(live.index.profiles), 200)

        def busy(stop: threading.Event) -> None:
            while not stop.is_set():
                sum(range(1000))

        def load(stop: threading.Event) -> None:
            while not stop.is_set():
                MatchIndex.load(folder)

        def load_pausing(stop: threading.Event) -> None:
            while not stop.is_set():
                MatchIndex.load(folder, pause=live.yield_to_queries)

        def query(n: int) -> float:
            started = time.perf_counter()
            with live.reading() as index:
                index.partners_for(orgs[n % len(orgs)])
            return (time.perf_counter() - started) * 1000

        gc.disable()  # as during a refresh (LiveIndex with freeze_gc)
        for n in range(30):
            query(n)
        rows = {}
        for name, work in [
            ("idle", None),
            ("beside a thread counting in Python", busy),
            ("beside a load without pauses", load),
            ("beside a load pausing for queries", load_pausing),
        ]:
            stop = threading.Event()
            thread = threading.Thread(target=work, args=(stop,)) if work else None
            if thread:
                thread.start()
            times = sorted(query(n) for n in range(QUERIES))
            stop.set()
            if thread:
                thread.join()
            rows[name] = {
                "p50": round(times[QUERIES // 2], 1),
                "p95": round(times[int(QUERIES * 0.95)], 1),
                "max": round(times[-1], 1),
            }
            print(
                f"{name:40} p50 {rows[name]['p50']:7.1f}  p95 {rows[name]['p95']:7.1f}  "
                f"max {rows[name]['max']:7.1f} ms",
                flush=True,
            )
    report = {
        "command": f"python benchmarks/matching_gil.py --orgs {args.orgs}",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg(),
        "queries_ms": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
