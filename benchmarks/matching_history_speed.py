"""History part of a matching query at scale: 100,000 organisations, 500,000 collaborations.

    .venv/bin/python benchmarks/matching_history_speed.py                 # defaults below
    .venv/bin/python benchmarks/matching_history_speed.py --orgs 20000 --edges 100000
    .venv/bin/python benchmarks/matching_history_speed.py --engine   # also the whole query

A seeded synthetic graph with the skew of real collaboration data: each collaboration picks
its two organisations by preferential attachment (a few hubs with thousands of partners, most
with a handful), dated over five years. Times, per query organisation (a seeded sample, cache
cleared): the two- and three-step sparse products with the model's lift
(`HistoryGraph.scores`), plus the candidate pick (`best`) and, for the top 10, the strongest
paths of the explanation (`paths`). Reports p50 / p95 / max of wall-clock time and of the
querying thread's CPU time, the build time, the size of the matrix and the peak memory a
single query allocates (tracemalloc). With `--engine`, also the whole partner query
(`MatchIndex.partners_for`, k=10) on profiles and opportunities generated as in
`matching_speed.py`, with and without the history. Set OPENBLAS_NUM_THREADS=1 on a shared
machine. Writes
benchmarks/results/matching-history-speed.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from silkbridge.engines.matching import HistoryEdge  # noqa: E402
from silkbridge.engines.matching.history import HistoryGraph  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def synthetic_edges(orgs: int, edges: int, seed: int = 13) -> list[HistoryEdge]:
    rng = np.random.default_rng(seed)
    # Preferential attachment by a Zipf-like activity per organisation.
    activity = 1.0 / np.arange(1, orgs + 1) ** 0.8
    activity /= activity.sum()
    a = rng.choice(orgs, size=edges, p=activity)
    b = rng.integers(0, orgs, size=edges)  # the other side: anyone
    days = rng.integers(0, 5 * 365, size=edges)
    start = date(2020, 1, 1)
    return [
        HistoryEdge(int(x) + 1, int(y) + 1, start + timedelta(days=int(d)), "venture", f"v:{i}")
        for i, (x, y, d) in enumerate(zip(a.tolist(), b.tolist(), days.tolist(), strict=True))
        if x != y
    ]


def percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2)


def whole_queries(orgs: int, edges: list[HistoryEdge], queries: int) -> dict:
    """p50 / p95 of `partners_for` on generated profiles, with and without the history."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from matching_speed import generate

    from silkbridge.engines.matching import MatchIndex

    profiles, items, labels, aliases = generate(orgs)
    out = {}
    for label, history in (("without history", []), ("with history", edges)):
        t0 = time.perf_counter()
        index = MatchIndex.build(
            profiles, items, history, taxonomy_labels=labels, taxonomy_aliases=aliases
        )
        build = time.perf_counter() - t0
        sample = np.random.default_rng(3).choice(np.arange(1, orgs + 1), queries, replace=False)
        for org in sample[:10].tolist():  # warm lazy caches
            index.partners_for(org)
        wall, cpu = [], []
        for org in sample.tolist():
            index._history._cache.clear()
            c0, t1 = time.thread_time(), time.perf_counter()
            index.partners_for(org, 10)
            wall.append((time.perf_counter() - t1) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
        out[label] = {
            "build_s": round(build, 1),
            "partners_ms": {"p50": percentile(wall, 50), "p95": percentile(wall, 95)},
            "partners_cpu_ms": {"p50": percentile(cpu, 50), "p95": percentile(cpu, 95)},
        }
        print(label, out[label], flush=True)
        del index
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--engine", action="store_true", help="also time whole partner queries")
    parser.add_argument("--out", type=Path, default=RESULTS / "matching-history-speed.json")
    args = parser.parse_args()

    edges = synthetic_edges(args.orgs, args.edges)
    t0 = time.perf_counter()
    graph = HistoryGraph(edges)
    build = time.perf_counter() - t0
    matrix_mb = (graph.matrix.data.nbytes + graph.matrix.indices.nbytes) / 1e6
    rng = np.random.default_rng(7)
    sample = rng.choice(graph.ids, size=min(args.queries, len(graph.ids)), replace=False)
    scores_ms, scores_cpu_ms, full_ms, reached, peaks = [], [], [], [], []
    for n, org in enumerate(sample.tolist()):
        graph._cache.clear()
        c1 = time.thread_time()
        t1 = time.perf_counter()
        result = graph.scores(org)
        t2 = time.perf_counter()
        scores_cpu_ms.append((time.thread_time() - c1) * 1000)
        best = result.best(150)
        top = best[np.argsort(-np.asarray([result.of(o) for o in best.tolist()]))[:10]]
        for other in top.tolist():
            graph.paths(org, other)
        t3 = time.perf_counter()
        scores_ms.append((t2 - t1) * 1000)
        full_ms.append((t3 - t1) * 1000)
        reached.append(len(result.ids))
        if n < 50:  # memory of one query, measured apart (tracemalloc slows it down)
            graph._cache.clear()
            tracemalloc.start()
            graph.scores(org)
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.stop()
    degree = graph.degree
    report = {
        "orgs": len(graph.ids),
        "edges": len(edges),
        "max_partners": int(degree.max()),
        "median_partners": float(np.median(degree)),
        "build_s": round(build, 2),
        "matrix_mb": round(matrix_mb, 1),
        "queries": len(sample),
        "scores_ms": {
            "p50": percentile(scores_ms, 50),
            "p95": percentile(scores_ms, 95),
            "max": round(max(scores_ms), 2),
        },
        # CPU time of the querying thread: what the query costs when it has a core to itself
        # (on a loaded machine the wall-clock figures above include waiting for one).
        "scores_cpu_ms": {
            "p50": percentile(scores_cpu_ms, 50),
            "p95": percentile(scores_cpu_ms, 95),
            "max": round(max(scores_cpu_ms), 2),
        },
        "scores_paths_ms": {
            "p50": percentile(full_ms, 50),
            "p95": percentile(full_ms, 95),
            "max": round(max(full_ms), 2),
        },
        "reached_median": float(np.median(reached)),
        "query_peak_mb_max": round(max(peaks), 1),
    }
    if args.engine:
        report["engine"] = whole_queries(args.orgs, edges, min(args.queries, 200))
    print(json.dumps(report, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
