"""Speed of the allocation engine on a large generated call.

    .venv/bin/python benchmarks/allocation.py                      # 50,000 × 5,000 × 5, 3 runs
    .venv/bin/python benchmarks/allocation.py --applicants 5000 --places 500

Seeded generation: applicants choose 5 distinct places with Zipf-like popularity (place i drawn
with weight 1 / (i + 1) ** 0.8, so the top places get far more applicants than seats), capacities
1–16 per place (about 42,000 seats for 50,000 applicants), one institution-wide ranking (a
shuffled grade order), and every fifth place — the internships — with a ranking of its own over
the applicants who chose it, leaving out one in ten of them (not eligible). Times `allocate`
(validation, deferred acceptance and the reasons for every applicant) and prints the median of
the runs — wall clock and CPU time, since a busy machine inflates the first — the share of
applicants placed and which choice they got. Writes benchmarks/results/allocation.json. The
target is ≤ 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from silkbridge.engines.allocation import (  # noqa: E402
    MAX_CHOICES,
    Applicant,
    Place,
    Problem,
    allocate,
)

RESULTS = ROOT / "benchmarks" / "results" / "allocation.json"
SEED = 16


def generate(applicants: int, places: int, seed: int = SEED) -> Problem:
    """A seeded call with skewed popularity; ids are strings as the platform would pass keys."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, places + 1) ** 0.8
    weights /= weights.sum()
    place_ids = [f"place-{p}" for p in range(places)]
    applicant_ids = [f"applicant-{a}" for a in range(applicants)]
    # Draw extra candidates per applicant and keep the first five distinct ones.
    draws = rng.choice(places, size=(applicants, MAX_CHOICES * 3), p=weights)
    choices = []
    for row in draws.tolist():
        picked = list(dict.fromkeys(row))[:MAX_CHOICES]
        while len(picked) < MAX_CHOICES:
            extra = int(rng.integers(places))
            if extra not in picked:
                picked.append(extra)
        choices.append(picked)
    capacities = rng.integers(1, 17, size=places).tolist()
    grade_order = rng.permutation(applicants).tolist()
    chose: list[list[int]] = [[] for _ in range(places)]
    for a, picked in enumerate(choices):
        for p in picked:
            chose[p].append(a)
    place_rows = []
    for p in range(places):
        ranking = None
        if p % 5 == 0:  # an internship: the host ranks the applicants it finds eligible
            own = [a for a in rng.permutation(chose[p]).tolist() if rng.random() >= 0.1]
            ranking = tuple(applicant_ids[a] for a in own)
        place_rows.append(Place(place_ids[p], int(capacities[p]), ranking))
    return Problem(
        applicants=tuple(
            Applicant(applicant_ids[a], tuple(place_ids[p] for p in picked))
            for a, picked in enumerate(choices)
        ),
        places=tuple(place_rows),
        ranking=tuple(applicant_ids[a] for a in grade_order),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=50_000)
    parser.add_argument("--places", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    problem = generate(args.applicants, args.places)
    generated = time.perf_counter() - started
    seats = sum(p.capacity for p in problem.places)

    times, cpu_times = [], []
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = allocate(problem)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    placed = [o for o in result.outcomes if o.place is not None]
    by_choice = Counter(o.choice for o in placed)
    reasons = Counter(r.reason for o in result.outcomes for r in o.refusals)
    figures = {
        "applicants": args.applicants,
        "places": args.places,
        "seats": seats,
        "choices_per_applicant": MAX_CHOICES,
        "seed": SEED,
        "generate_s": round(generated, 2),
        "allocate_s": [round(t, 3) for t in times],
        "allocate_median_s": round(statistics.median(times), 3),
        "allocate_cpu_s": [round(t, 3) for t in cpu_times],
        "allocate_cpu_median_s": round(statistics.median(cpu_times), 3),
        "load_average_1min": round(load_before, 1),
        "assigned": len(placed),
        "assigned_share": round(len(placed) / args.applicants, 4),
        "full_places": sum(1 for p in result.places if p.full),
        "choice_distribution": {str(k): by_choice.get(k, 0) for k in range(1, MAX_CHOICES + 1)},
        "unassigned": args.applicants - len(placed),
        "refusal_reasons": dict(reasons),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(
        f"{args.applicants:,} applicants, {args.places:,} places ({seats:,} seats), "
        f"{MAX_CHOICES} choices; generated in {generated:.1f} s"
    )
    print(
        f"allocate: median {figures['allocate_median_s']:.2f} s wall, "
        f"{figures['allocate_cpu_median_s']:.2f} s CPU over {args.runs} runs "
        f"(load average {load_before:.1f} before)"
    )
    print(f"placed: {len(placed):,} ({100 * len(placed) / args.applicants:.1f} %)")
    print("| choice | applicants | share |")
    print("|---|---:|---:|")
    for k in range(1, MAX_CHOICES + 1):
        n = by_choice.get(k, 0)
        print(f"| {k} | {n:,} | {100 * n / args.applicants:.1f} % |")
    n = figures["unassigned"]
    print(f"| none | {n:,} | {100 * n / args.applicants:.1f} % |")
    print(f"refusals: {dict(reasons)}; full places: {figures['full_places']:,}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
