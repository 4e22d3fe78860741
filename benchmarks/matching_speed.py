"""Speed and memory of the matching engine at 10,000 – 100,000 organisations.

    .venv/bin/python benchmarks/matching_speed.py                 # 10k, 30k and 100k
    .venv/bin/python benchmarks/matching_speed.py --sizes 10000   # one size

Profiles and opportunities (about three per organisation) are generated synthetically here,
from the real taxonomy (read from `directory/seed/taxonomy.py` without importing Django), so
the engine is measured alone. Each size runs in a fresh subprocess so that its peak memory
(ru_maxrss) is its own. Prints a table and writes benchmarks/results/matching-speed.json.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from silkbridge.engines.matching import Item, MatchIndex, Profile  # noqa: E402

TAXONOMY = ROOT / "src" / "silkbridge" / "directory" / "seed" / "taxonomy.py"
RESULTS = ROOT / "benchmarks" / "results" / "matching-speed.json"
QUERY_SAMPLE = 300
ALL_ORGS_SAMPLE = 500
#: Organisations timed through the batch path (`partners_for_all`, all usable CPUs): 32 blocks.
BATCH_SAMPLE = 2048
UPDATES = 200

VERBS_OFFER = ["We provide", "We offer", "Our team delivers", "Available:", "We build"]
VERBS_NEED = ["We seek", "Looking for", "Need a partner for", "Request:", "We want"]
FILLER = [
    "platform",
    "integration",
    "solution",
    "service",
    "pilot",
    "project",
    "clients",
    "banks",
    "ministries",
    "hospitals",
    "universities",
    "farmers",
    "logistics",
    "customers",
    "cloud",
    "mobile",
    "secure",
    "scalable",
    "regional",
    "export",
    "partnership",
    "local",
    "market",
    "experience",
    "certified",
    "team",
    "support",
    "training",
    "deployment",
    "data",
]


def read_taxonomy() -> dict[str, list[tuple[str, ...]]]:
    """SECTORS, TECHNOLOGIES and SERVICES as literal lists, without importing Django."""
    tree = ast.parse(TAXONOMY.read_text(encoding="utf-8"))
    wanted = {"SECTORS", "TECHNOLOGIES", "SERVICES"}
    out = {}
    for node in tree.body:
        target = getattr(node, "target", None) or (getattr(node, "targets", [None]) or [None])[0]
        name = getattr(target, "id", None)
        if name in wanted and node.value is not None:
            out[name] = ast.literal_eval(node.value)
    return out


def generate(n_orgs: int, seed: int = 7):
    """Synthetic profiles and ~3 opportunities each, with taxonomy labels for explanations."""
    rng = random.Random(seed)
    tax = read_taxonomy()
    sectors, techs, services = tax["SECTORS"], tax["TECHNOLOGIES"], tax.get("SERVICES", [])
    labels, aliases = {}, {}
    for vocabulary, rows in (("sector", sectors), ("technology", techs), ("service", services)):
        for slug, en, *others in rows:
            labels[f"{vocabulary}:{slug}"] = en
            aliases[f"{vocabulary}:{slug}"] = tuple(others)
    kinds = ["company"] * 80 + ["academic"] * 8 + ["authority"] * 5 + ["association"] * 7
    sizes = ["micro", "small", "medium", "large", "enterprise", ""]
    item_kinds = ["business", "technology", "research", "egov", "investment", "talent"]
    profiles, items = [], []
    item_id = 1
    for org in range(1, n_orgs + 1):
        country = "KZ" if org % 2 else "PK"
        langs = ["en", "ru"] if country == "KZ" else ["en", "ur"]
        if rng.random() < 0.2:
            langs = [langs[1]]
        s = tuple(r[0] for r in rng.sample(sectors, rng.randint(1, 3)))
        t = tuple(r[0] for r in rng.sample(techs, rng.randint(1, 4)))
        v = tuple(r[0] for r in rng.sample(services, rng.randint(0, 3))) if services else ()
        words = [labels[f"technology:{x}"] for x in t] + rng.sample(FILLER, 6)
        profiles.append(
            Profile(
                id=org,
                country=country,
                kind=rng.choice(kinds),
                size=rng.choice(sizes),
                languages=tuple(langs),
                sectors=s,
                technologies=t,
                services=v,
                description=" ".join(words),
                name=f"Organisation {org}",
            )
        )
        for _ in range(rng.choice([2, 3, 3, 4])):
            direction = rng.choice(["offer", "need"])
            it = tuple(r[0] for r in rng.sample(techs, rng.randint(1, 2)))
            topic = " and ".join(labels[f"technology:{x}"].lower() for x in it)
            verb = rng.choice(VERBS_OFFER if direction == "offer" else VERBS_NEED)
            text = f"{verb} {topic} for {labels[f'sector:{s[0]}'].lower()} " + " ".join(
                rng.sample(FILLER, 8)
            )
            items.append(
                Item(
                    id=item_id,
                    owner_id=org,
                    direction=direction,
                    text=text,
                    title=f"{topic.capitalize()} ({direction})",
                    sectors=s[:1],
                    technologies=it,
                    kind=rng.choice(item_kinds),
                    open=rng.random() > 0.05,
                )
            )
            item_id += 1
    return profiles, items, labels, aliases


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def measure(n_orgs: int) -> dict:
    profiles, items, labels, aliases = generate(n_orgs)
    start = time.perf_counter()
    index = MatchIndex.build(profiles, items, taxonomy_labels=labels, taxonomy_aliases=aliases)
    build_s = time.perf_counter() - start
    rng = random.Random(1)
    org_sample = rng.sample(range(1, n_orgs + 1), QUERY_SAMPLE)
    open_items = [i.id for i in items if i.open]
    for org in org_sample[:10]:  # warm caches (tag labels, lazy vocab)
        index.partners_for(org)
    partners = [timed(index.partners_for, org, 10) for org in org_sample]
    opportunities = [timed(index.opportunities_for, org, 10) for org in org_sample]
    candidates = [timed(index.candidates_for, i, 10) for i in rng.sample(open_items, QUERY_SAMPLE)]
    # Incremental updates: change the text of existing items, add and change profiles.
    updates = []
    for n, item in enumerate(rng.sample(items, UPDATES // 2)):
        changed = Item(**{**_fields(item), "text": item.text + f" revised {n} blockchain audit"})
        updates.append(timed(index.add_or_update_item, changed))
    for n in range(UPDATES // 2):
        base = profiles[rng.randrange(n_orgs)]
        updated = Profile(**{**_fields(base), "description": base.description + f" update {n}"})
        updates.append(timed(index.add_or_update_profile, updated))
    pending = index._lexical.pending
    merge_ms = timed(index.compact)
    # How the platform merges: the slow build in another thread while queries go on, then a
    # short swap under the lock.
    index.auto_compact = False
    for n, item in enumerate(rng.sample(items, UPDATES // 2)):
        index.add_or_update_item(Item(**{**_fields(item), "text": item.text + f" again {n}"}))
    plan = index.begin_compact()
    built: list = []
    worker = threading.Thread(target=lambda: built.append(plan.build()))
    worker.start()
    during: list[float] = []
    while not during or worker.is_alive():
        during.append(timed(index.partners_for, org_sample[len(during) % QUERY_SAMPLE], 10))
    worker.join()
    swap_ms = timed(index.finish_compact, plan, built[0])
    index.auto_compact = True
    all_sample = rng.sample(range(1, n_orgs + 1), ALL_ORGS_SAMPLE)
    start = time.perf_counter()
    for org in all_sample:
        index.partners_for(org, 10)
    per_org = (time.perf_counter() - start) / ALL_ORGS_SAMPLE
    batch_sample = sorted(rng.sample(range(1, n_orgs + 1), min(BATCH_SAMPLE, n_orgs)))
    workers = len(os.sched_getaffinity(0))
    children_before = _cpu(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = sum(1 for _ in index.partners_for_all(10, org_ids=batch_sample, workers=workers))
    batch_wall = time.perf_counter() - start
    batch_cpu = _cpu(resource.RUSAGE_CHILDREN) - children_before
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "organisations": n_orgs,
        "opportunities": len(items),
        "open_opportunities": len(open_items),
        "build_s": round(build_s, 2),
        "partners_ms": _dist(partners),
        "opportunities_ms": _dist(opportunities),
        "candidates_ms": _dist(candidates),
        "update_ms": _dist(updates),
        "updates_pending_before_merge": pending,
        "merge_ms": round(merge_ms, 1),
        "merge_aside_swap_ms": round(swap_ms, 1),
        "partners_during_merge_ms": _dist(during),
        "all_orgs_top10_s_estimated": round(per_org * n_orgs, 1),
        "all_orgs_top10_sample": ALL_ORGS_SAMPLE,
        "batch_all_orgs_top10_s_estimated": round(batch_wall / done * n_orgs, 1),
        "batch_sample": done,
        "batch_workers": workers,
        "batch_cpu_ms_per_org": round(batch_cpu / done * 1000, 2),
        # What the batch costs when its workers have the CPUs to themselves: the workers' CPU
        # time spread over them (the wall-clock figure above grows with the machine's load).
        "batch_all_orgs_top10_cpu_bound_s": round(batch_cpu / done * n_orgs / workers, 1),
        "load_average": os.getloadavg(),
        "peak_rss_mib": round(peak_mib, 1),
        "batch_worker_peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _fields(obj) -> dict:
    return {f: getattr(obj, f) for f in obj.__slots__}


def _dist(values: list[float]) -> dict:
    return {
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "p99": round(percentile(values, 99), 2),
        "mean": round(statistics.fmean(values), 2),
        "n": len(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.sizes[0])))
        return
    rows = []
    for size in args.sizes:
        out = subprocess.run(  # noqa: S603 - runs this very script with fixed arguments
            [sys.executable, __file__, "--child", "--sizes", str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(
            f"{r['organisations']:>7} orgs {r['opportunities']:>7} opps | build {r['build_s']:>6} s"
            f" | partners p50/p95/p99 {r['partners_ms']['p50']}/{r['partners_ms']['p95']}/"
            f"{r['partners_ms']['p99']} ms | opportunities p95 {r['opportunities_ms']['p95']} ms"
            f" | candidates p95 {r['candidates_ms']['p95']} ms | update p95 "
            f"{r['update_ms']['p95']} ms (merge {r['merge_ms']} ms in place; aside: swap "
            f"{r['merge_aside_swap_ms']} ms, partners p95 during "
            f"{r['partners_during_merge_ms']['p95']} ms) | all orgs ≈ "
            f"{r['all_orgs_top10_s_estimated']} s one by one, "
            f"{r['batch_all_orgs_top10_s_estimated']} s batch ({r['batch_workers']} workers; "
            f"{r['batch_cpu_ms_per_org']} ms CPU per organisation, "
            f"{r['batch_all_orgs_top10_cpu_bound_s']} s with the CPUs free; load "
            f"{r['load_average'][0]:.1f})"
            f" | peak {r['peak_rss_mib']} MiB (batch workers {r['batch_worker_peak_rss_mib']})",
            flush=True,
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "command": "python benchmarks/matching_speed.py --sizes "
        + " ".join(str(s) for s in args.sizes),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus_used": "1, except the batch path (batch_workers processes)",
        "note": (
            "Synthetic data generated in the script from the real taxonomy. "
            "all_orgs_top10_s_estimated extrapolates from a random sample of "
            f"{ALL_ORGS_SAMPLE} organisations in one process; batch_all_orgs_top10_s_estimated "
            f"extrapolates the wall time of partners_for_all over {BATCH_SAMPLE} random "
            "organisations (blocks of 64, forked workers) to all of them; batch_cpu_ms_per_org is "
            "the workers' CPU time. peak_rss_mib is ru_maxrss of the subprocess for that size, "
            "data generation included; batch_worker_peak_rss_mib that of the largest worker "
            "(memory shared copy-on-write with the parent counts in both)."
        ),
        "results": rows,
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
