"""Quality, speed and memory of the meeting scheduler on generated B2B events.

    .venv/bin/python benchmarks/scheduling.py --sizes S,M,L      # everything (about 10 minutes)
    .venv/bin/python benchmarks/scheduling.py --sizes S --no-exact

Events come from the engine's seeded generator (`silkbridge.engines.scheduling.generator`): two
sides, requests skewed towards popular participants, weights 1–3, availability 50–100 % or
85–100 %, tables tight (0.7 × requests / slots), generous (2 ×) or scarce (0.4 ×). For each
event three methods run side by side — first come, first served (arrival order, earliest slot
free for both), a weight-ordered greedy (earliest free slot), and Silkbridge (`schedule`,
heuristic mode) — and, on S, the exact mode. Each run is a fresh subprocess, so its peak
memory (ru_maxrss) is its own; "solve MiB" is the growth over the process right after
generating the event. Prints a table and writes benchmarks/results/scheduling.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from silkbridge.engines.scheduling import schedule, upper_bound, violations  # noqa: E402
from silkbridge.engines.scheduling.generator import generate  # noqa: E402
from silkbridge.engines.scheduling.greedy import (  # noqa: E402
    first_come_first_served,
    weight_greedy,
)
from silkbridge.engines.scheduling.instance import build  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "scheduling.json"
SIZES = {"S": (200, 1_000, 12), "M": (1_000, 8_000, 16), "L": (3_000, 25_000, 20)}
VARIANTS = {
    "tight, avail 50-100%": (0.7, (0.5, 1.0)),
    "tight, avail 85-100%": (0.7, (0.85, 1.0)),
    "generous, avail 50-100%": (2.0, (0.5, 1.0)),
    "generous, avail 85-100%": (2.0, (0.85, 1.0)),
    "scarce, avail 50-100%": (0.4, (0.5, 1.0)),
}
METHODS = ("fcfs", "weight greedy", "silkbridge")
SEED = 1
TIME_LIMIT = 30.0
EXACT_TIME_LIMIT = 600.0


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(size: str, variant: str, method: str) -> dict:
    """Generate one event and solve it with one method (runs in a child process)."""
    participants, requests, slots = SIZES[size]
    tables, availability = VARIANTS[variant]
    problem = generate(
        participants,
        requests,
        slots,
        tables_factor=tables,
        availability=availability,
        seed=SEED,
        time_limit=TIME_LIMIT,
    )
    base = rss_mib()
    start = time.perf_counter()
    if method in ("fcfs", "weight greedy"):
        inst = build(problem)
        state = (first_come_first_served if method == "fcfs" else weight_greedy)(inst)
        seconds = time.perf_counter() - start
        weight, placed, extra = state.weight, state.placed, {}
    else:
        if method == "exact":
            problem = replace(problem, mode="exact", time_limit=EXACT_TIME_LIMIT)
        result = schedule(problem)
        seconds = time.perf_counter() - start
        report = result.report
        assert violations(problem, result.placements) == []
        weight, placed = report.total_weight, report.placed
        extra = {
            "optimal": report.optimal,
            "solver": report.method,
            "bound_after_solve": report.upper_bound,
            "participants_without_meetings": report.participants_without_meetings,
            "participants_with_meetings": report.participants_with_meetings,
            "mean_idle_slots": report.mean_idle_slots,
            "unplaced_reasons": _count(u.reason for u in result.unplaced),
        }
    peak = rss_mib()
    start = time.perf_counter()
    bound = upper_bound(problem)
    bound_seconds = time.perf_counter() - start
    return {
        "size": size,
        "variant": variant,
        "method": method,
        "participants": participants,
        "requests": len(problem.requests),
        "slots": slots,
        "tables_per_slot": problem.slots[0].tables,
        "virtual_per_slot": problem.slots[0].virtual,
        "weight": weight,
        "placed": placed,
        "upper_bound": bound,
        "ratio": round(weight / bound, 5) if bound else 1.0,
        "seconds": round(seconds, 2),
        "bound_seconds": round(bound_seconds, 2),
        "peak_rss_mib": round(peak, 1),
        "solve_rss_mib": round(peak - base, 1),
        **extra,
    }


def _count(values) -> dict:
    out: dict = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S, M, L")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact mode on S")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    rows = []
    header = (
        f"{'size':<4} {'event':<24} {'method':<14} {'weight':>9} {'placed':>7} "
        f"{'bound':>9} {'ratio':>7} {'time s':>7} {'peak MiB':>9} {'solve MiB':>9}"
    )
    print(header)
    print("-" * len(header), flush=True)
    for size in sizes:
        for variant in VARIANTS:
            methods = [*METHODS, "exact"] if size == "S" and not args.no_exact else METHODS
            for method in methods:
                out = subprocess.run(  # noqa: S603 - runs this very script with fixed arguments
                    [sys.executable, __file__, "--child", size, variant, method],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                r = json.loads(out.stdout.strip().splitlines()[-1])
                rows.append(r)
                note = " (proven optimal)" if r.get("optimal") else ""
                print(
                    f"{size:<4} {variant:<24} {method:<14} {r['weight']:>9.0f} {r['placed']:>7} "
                    f"{r['upper_bound']:>9.0f} {r['ratio']:>7.2%} {r['seconds']:>7.2f} "
                    f"{r['peak_rss_mib']:>9.1f} {r['solve_rss_mib']:>9.1f}{note}",
                    flush=True,
                )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "command": "python benchmarks/scheduling.py --sizes "
        + ",".join(sizes)
        + (" --no-exact" if args.no_exact else ""),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": SEED,
        "time_limit_s": TIME_LIMIT,
        "note": (
            "Events from silkbridge.engines.scheduling.generator with the seed above. ratio is "
            "weight / upper_bound, the min-cost-flow bound of the instance (upper_bound()); "
            "bound_after_solve is the bound the schedule reports (the exact mode can lower it to "
            "the proven optimum). seconds is wall time of the method alone; bound_seconds that of "
            "upper_bound() on its own. peak_rss_mib is ru_maxrss of the child process; "
            "solve_rss_mib its growth after the event was generated."
        ),
        "results": rows,
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
