"""Quality, speed and memory of the meeting scheduler on generated B2B events.

    .venv/bin/python benchmarks/scheduling.py --sizes S,M,L      # everything (about 10 minutes)
    .venv/bin/python benchmarks/scheduling.py --sizes S --no-exact
    .venv/bin/python benchmarks/scheduling.py --hard                  # patchy events (~8 min)
    .venv/bin/python benchmarks/scheduling.py --hard --time-limit 120 # the same, 120 s each

Events come from the engine's seeded generator (`silkbridge.engines.scheduling.generator`): two
sides, requests skewed towards popular participants, weights 1–3, availability 50–100 % or
85–100 %, tables tight (0.7 × requests / slots), generous (2 ×) or scarce (0.4 ×). For each
event three methods run side by side — first come, first served (arrival order, earliest slot
free for both), a weight-ordered greedy (earliest free slot), and Silkbridge (`schedule`,
heuristic mode) — and, on S, the exact mode. Each run is a fresh subprocess, so its peak
memory (ru_maxrss) is its own; "solve MiB" is the growth over the process right after
generating the event. Prints a table and writes benchmarks/results/scheduling.json.

`--hard` runs the events with patchy availability (50-60 % or 60-70 % of the slots) and one
with repeated pairs in mixed room types instead: Silkbridge with its default 30 s, the weight
it had after how many seconds (from the progress callback), the flow bound, the LP bound
(certified from PDLP's duals, given `--lp-seconds`) and the ratio to each, and the time
to 98 % and 99 % of the best proven bound. Writes benchmarks/results/scheduling_hard.json.
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
from silkbridge.engines.scheduling.lp_bound import first_order_lp  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "scheduling.json"
HARD_RESULTS = ROOT / "benchmarks" / "results" / "scheduling_hard.json"
#: name -> (participants, requests, slots, availability, share of repeated pairs)
HARD = {
    "200x1000 avail 50-60%": (200, 1_000, 12, (0.5, 0.6), 0.0),
    "400x3000 avail 50-60%": (400, 3_000, 16, (0.5, 0.6), 0.0),
    "1200x10000 avail 50-60%": (1_200, 10_000, 16, (0.5, 0.6), 0.0),
    "1200x10000 avail 60-70%": (1_200, 10_000, 16, (0.6, 0.7), 0.0),
    "1200x10000 50-60% repeats": (1_200, 10_000, 16, (0.5, 0.6), 0.2),
    "2000x20000 avail 50-60%": (2_000, 20_000, 20, (0.5, 0.6), 0.0),
    "3000x40000 avail 50-60%": (3_000, 40_000, 24, (0.5, 0.6), 0.0),
    "3000x40000 avail 60-70%": (3_000, 40_000, 24, (0.6, 0.7), 0.0),
}
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


def run_hard(name: str, lp_seconds: float, time_limit: float = TIME_LIMIT) -> dict:
    """Solve one patchy event with a progress log, then bound it both ways (child process)."""
    participants, requests, slots, availability, repeats = HARD[name]
    problem = generate(
        participants,
        requests,
        slots,
        availability=availability,
        repeat_share=repeats,
        seed=SEED,
        time_limit=time_limit,
    )
    log: list[tuple[float, float]] = []
    load = _loadavg()
    start, cpu = time.perf_counter(), time.process_time()
    result = schedule(
        problem, progress=lambda weight, _b: log.append((time.perf_counter() - start, weight))
    )
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    report = result.report
    assert violations(problem, result.placements) == []
    inst = build(problem)
    flow = upper_bound(problem)
    start = time.perf_counter()
    relax = first_order_lp(inst, lp_seconds)
    lp = None if relax is None else relax.bound
    lp_time = time.perf_counter() - start
    best = min(b for b in (flow, lp, report.upper_bound) if b is not None)

    def reached(share: float) -> float | None:
        return next((round(t, 1) for t, w in log if w >= share * best - 1e-9), None)

    return {
        "event": name,
        "participants": participants,
        "requests": len(problem.requests),
        "slots": slots,
        "availability": availability,
        "repeat_share": repeats,
        "weight": report.total_weight,
        "first_weight": log[0][1] if log else None,
        "flow_bound": flow,
        "lp_bound": None if lp is None else round(lp, 3),
        "lp_seconds": round(lp_time, 1),
        "lp_finished": None if relax is None else relax.finished,
        "reported_bound": report.upper_bound,
        "bound_method": report.bound_method,
        "best_bound": round(best, 3),
        "ratio_flow": round(report.total_weight / flow, 5),
        "ratio_lp": None if lp is None else round(report.total_weight / lp, 5),
        "ratio_best": round(report.total_weight / best, 5),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "loadavg_before": load,
        "loadavg_after": _loadavg(),
        "seconds_to_98": reached(0.98),
        "seconds_to_99": reached(0.99),
        "optimal": report.optimal,
    }


def hard(lp_seconds: float, events: list[str], time_limit: float = TIME_LIMIT) -> None:
    rows = []
    header = (
        f"{'event':<27} {'weight':>7} {'flow':>7} {'LP':>8} {'/flow':>7} {'/LP':>7} "
        f"{'/best':>7} {'98% s':>6} {'99% s':>6} {'time s':>6} {'cpu s':>6} {'load':>5}"
    )
    print(header)
    print("-" * len(header), flush=True)
    for name in events:
        out = subprocess.run(  # noqa: S603 - runs this very script with fixed arguments
            [sys.executable, __file__, "--hard-child", name, str(lp_seconds), str(time_limit)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        load = (r["loadavg_before"] or [0.0])[0]

        def cell(value, fmt: str) -> str:
            return "-" if value is None else format(value, fmt)

        print(
            f"{name:<27} {r['weight']:>7.0f} {r['flow_bound']:>7.0f} "
            f"{cell(r['lp_bound'], '.1f'):>8} {r['ratio_flow']:>7.2%} "
            f"{cell(r['ratio_lp'], '.2%'):>7} {r['ratio_best']:>7.2%} "
            f"{cell(r['seconds_to_98'], '.1f'):>6} {cell(r['seconds_to_99'], '.1f'):>6} "
            f"{r['seconds']:>6.1f} {r['cpu_seconds']:>6.1f} {load:>5.1f}",
            flush=True,
        )
    path = HARD_RESULTS
    if time_limit != TIME_LIMIT:
        path = path.with_name(f"scheduling_hard_{time_limit:g}s.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "command": f"python benchmarks/scheduling.py --hard --lp-seconds {lp_seconds:g}"
        + (f" --time-limit {time_limit:g}" if time_limit != TIME_LIMIT else "")
        + (f" --events '{','.join(events)}'" if events != list(HARD) else ""),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": SEED,
        "time_limit_s": time_limit,
        "note": (
            "flow_bound is upper_bound(); lp_bound the LP relaxation certified from PDLP's duals "
            "after at most lp_seconds (valid even when lp_finished is false, only looser); "
            "best_bound the lowest of the two and the bound the run reported. "
            "seconds_to_98/99: first progress report at that share of best_bound. cpu_seconds: "
            "CPU time of the solving process; loadavg: 1, 5 and 15 minute load averages."
        ),
        "results": rows,
    }
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def _loadavg() -> list[float] | None:
    try:
        return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


def _count(values) -> dict:
    out: dict = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S, M, L")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact mode on S")
    parser.add_argument("--hard", action="store_true", help="the patchy events instead")
    parser.add_argument("--lp-seconds", type=float, default=120.0, help="time for the LP bound")
    parser.add_argument("--events", default=",".join(HARD), help="comma-separated --hard events")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--hard-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument(
        "--time-limit", type=float, default=TIME_LIMIT, help="the --hard runs' time limit (s)"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return
    if args.hard_child:
        name, lp_seconds, limit = args.hard_child
        print(json.dumps(run_hard(name, float(lp_seconds), float(limit))))
        return
    if args.hard:
        events = [e.strip() for e in args.events.split(",") if e.strip()]
        hard(args.lp_seconds, events, args.time_limit)
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
