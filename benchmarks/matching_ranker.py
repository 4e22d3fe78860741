"""Fit the calibrated ranker of the matching engine and measure it on the held-out halves.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/matching_ranker.py    # fit, report
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/matching_ranker.py --per-half 300
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/matching_ranker.py --no-write  # no file

Examples (pair features of `engines/matching/ranker.py`, label "good match"):
- the team's judged set (benchmarks/data/matching; development = even-numbered queries, held
  out = odd) and the multilingual set (its own "half" field): the engine's top 50 per query,
  without history; a pair is positive when judged 2 or 3;
- real collaboration history (`matching_history.py`'s protocol, a seeded sample of `--per-half`
  queries of each half): every candidate the engine pools, with history and content; positive
  when it became a new partner in 2017–2018.

Logistic regression with an L2 penalty (numpy + scipy L-BFGS-B; main signals bounded to be
non-negative, the penalty feature non-positive), its strength chosen by 5-fold cross-validation
over development queries (log loss). Held-out halves are only reported: Brier score, a
reliability table per decile, and ranking by probability against today's ranking (paired
difference of nDCG@10 / MRR with its standard error). Fit-label thresholds: the lowest
probability at which the development rows above it reach precision 0.6 ("strong") and 0.3
("good").

Writes src/silkbridge/engines/matching/data/ranker.json (unless --no-write) and
benchmarks/results/matching-ranker.json. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import matching_history as mh  # noqa: E402
import matching_quality as mq  # noqa: E402

from silkbridge.engines.matching import Rules  # noqa: E402
from silkbridge.engines.matching import ranker as rk  # noqa: E402
from silkbridge.engines.matching.model import HISTORY_MODEL  # noqa: E402

OUT_MODEL = ROOT / "src" / "silkbridge" / "engines" / "matching" / "data" / "ranker.json"
OUT_RESULTS = ROOT / "benchmarks" / "results" / "matching-ranker.json"
TOP = 50
FOLDS = 5
LAMBDAS = (0.01, 0.1, 1.0, 10.0, 100.0)
PRECISION = {"strong": 0.6, "good": 0.3}
#: Sign bounds per feature (None: free).
BOUNDS = {
    "penalised": (None, 0.0),
    "has_history": (None, None),
}


# --- examples -----------------------------------------------------------------------------------
def judged_rows(name: str, folder: Path, half_of) -> tuple[list[dict], dict]:
    """Top-50 suggestions of every usable query of a judged set, with features and grade."""
    mq.DATA = folder
    data = mq.load()
    queries = mq.usable_queries(data, mq.Pools(data))
    engine = mq.EngineSystem(data)
    index, rows = engine.index, []
    for q, judged, _pool in queries:
        src = q["source"]
        if q["type"] == "partners_for":
            found = index.partners_for(engine.org_int[src], k=TOP, rules=engine.rules)
        elif q["type"] == "opportunities_for":
            found = index.opportunities_for(engine.org_int[src], k=TOP, rules=engine.rules)
        else:
            found = index.candidates_for(engine.item_int[src], k=TOP, rules=engine.rules)
        for s in found:
            raw = index._unpenalised(s.signals)
            target = engine.back[s.target_id]
            rows.append(
                {
                    "set": name,
                    "half": half_of(q),
                    "query": f"{name}:{q['id']}",
                    "score": s.score,
                    "x": rk.features(s.signals, s.score / raw if raw > 0 else 1.0),
                    "grade": judged.get(target, 0),
                    "y": int(judged.get(target, 0) >= mq.RELEVANT),
                    "language": q.get("language", ""),
                }
            )
    return rows, {f"{name}:{q['id']}": judged for q, judged, _ in queries}


def history_rows(per_half: int) -> tuple[list[dict], dict]:
    projects, orgs, parts = mh.load(mh.DEFAULT_DATA)
    setup = mh.split(projects, orgs)
    queries = sorted(o for o, a in setup["answers"].items() if a)
    dev, test = mh.halves(queries)
    if per_half:
        rng = random.Random(mh.SEED + 1)
        dev = sorted(rng.sample(dev, min(per_half, len(dev))))
        test = sorted(rng.sample(test, min(per_half, len(test))))
    index = mh.build_index(setup, orgs, HISTORY_MODEL, True, projects, parts)
    rows = []
    for half, members in (("development", dev), ("held_out", test)):
        for org in members:
            answers = setup["answers"][org]
            for score, target, signals, _ev in index._partner_scores(org, Rules()):
                raw = index._unpenalised(signals)
                rows.append(
                    {
                        "set": "history",
                        "half": half,
                        "query": f"history:{org}",
                        "score": score,
                        "x": rk.features(signals, score / raw if raw > 0 else 1.0),
                        "y": int(target in answers),
                        "target": target,
                    }
                )
    return rows, {"development": len(dev), "held_out": len(test)}


# --- the fit ------------------------------------------------------------------------------------
def fit(x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """L2-penalised logistic regression; returns (intercept, *coefficients)."""
    n, d = x.shape
    xb = np.hstack([np.ones((n, 1)), x])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = xb @ w
        p = 1.0 / (1.0 + np.exp(-z))
        value = np.sum(np.logaddexp(0.0, z) - y * z) + lam * np.sum(w[1:] ** 2)
        grad = xb.T @ (p - y)
        grad[1:] += 2 * lam * w[1:]
        return float(value), grad

    bounds = [(None, None)] + [BOUNDS.get(f, (0.0, None)) for f in rk.FEATURES]
    result = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return result.x


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:])))


def cross_validate(x, y, groups) -> tuple[float, dict]:
    keys = sorted(set(groups))
    random.Random(7).shuffle(keys)
    fold_of = {k: i % FOLDS for i, k in enumerate(keys)}
    folds = np.asarray([fold_of[g] for g in groups])
    scores = {}
    for lam in LAMBDAS:
        total = 0.0
        for f in range(FOLDS):
            train, test = folds != f, folds == f
            p = np.clip(predict(fit(x[train], y[train], lam), x[test]), 1e-9, 1 - 1e-9)
            total -= float(np.sum(y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p)))
        scores[str(lam)] = round(total / len(y), 5)
    best = min(LAMBDAS, key=lambda lam: scores[str(lam)])
    return best, scores


def threshold(p: np.ndarray, y: np.ndarray, precision: float) -> float:
    """Lowest probability at which the rows at or above it reach `precision`."""
    order = np.argsort(-p, kind="stable")
    hits = np.cumsum(y[order]) / np.arange(1, len(y) + 1)
    ok = np.flatnonzero(hits >= precision)
    if not len(ok):
        return round(float(p.max()), 3)
    return round(float(p[order][ok[-1]]), 3)


# --- held-out measures --------------------------------------------------------------------------
def reliability(p: np.ndarray, y: np.ndarray) -> list[dict]:
    order = np.argsort(p, kind="stable")
    out = []
    for i, part in enumerate(np.array_split(order, 10)):
        if len(part):
            out.append(
                {
                    "decile": i + 1,
                    "n": len(part),
                    "mean_predicted": round(float(p[part].mean()), 4),
                    "observed": round(float(y[part].mean()), 4),
                }
            )
    return out


def paired(a: list[float], b: list[float]) -> dict:
    diff = np.asarray(b) - np.asarray(a)
    se = float(diff.std(ddof=1) / math.sqrt(len(diff))) if len(diff) > 1 else 0.0
    return {
        "today": round(float(np.mean(a)), 4),
        "probability": round(float(np.mean(b)), 4),
        "difference": round(float(diff.mean()), 4),
        "se": round(se, 4),
        "queries": len(diff),
    }


def by_query(rows: list[dict], p: np.ndarray) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for i, r in enumerate(rows):
        out.setdefault(r["query"], []).append((r, float(p[i])))
    return out


def first_rank(values: list[float], hits: list[int]) -> float:
    arr = np.asarray(values)
    best = math.inf
    for v, h in zip(values, hits, strict=True):
        if h:
            best = min(best, 1 + np.count_nonzero(arr > v) + (np.count_nonzero(arr == v) - 1) / 2)
    return best


def ranking(rows: list[dict], p: np.ndarray, judged: dict) -> dict:
    """Today's order against the order by probability (ties: today's order)."""
    out = {}
    grouped = by_query(rows, p)
    for name in ("matching", "multilingual"):
        today, new = [], []
        for q, pairs in grouped.items():
            if not q.startswith(name + ":"):
                continue
            targets = list(range(len(pairs)))  # rows are in today's order
            grades = [r["grade"] for r, _ in pairs]
            by_p = sorted(targets, key=lambda i: (-pairs[i][1], i))
            ideal = mq.dcg(sorted(judged[q].values(), reverse=True)[: mq.K_NDCG])
            today.append(mq.dcg(grades[: mq.K_NDCG]) / ideal if ideal else 0.0)
            new.append(mq.dcg([grades[i] for i in by_p[: mq.K_NDCG]]) / ideal if ideal else 0.0)
        if today:
            out[f"{name} nDCG@10"] = paired(today, new)
    today, new = [], []
    for q, pairs in grouped.items():
        if q.startswith("history:"):
            hits = [r["y"] for r, _ in pairs]
            today.append(1 / first_rank([r["score"] for r, _ in pairs], hits))
            new.append(1 / first_rank([v for _, v in pairs], hits))
    if today:
        out["history MRR"] = paired(today, new)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-half", type=int, default=300, help="history queries per half")
    parser.add_argument("--no-write", action="store_true", help="do not write ranker.json")
    args = parser.parse_args()
    started = time.perf_counter()

    def team_half(q: dict) -> str:
        return "development" if int(q["id"].split("-")[1]) % 2 == 0 else "held_out"

    rows, judged = judged_rows("matching", mq.DATA, team_half)
    more, judged_ml = judged_rows(
        "multilingual", ROOT / "benchmarks" / "data" / "matching_multilingual", lambda q: q["half"]
    )
    rows += more
    judged |= judged_ml
    print(f"judged sets: {len(rows)} pairs ({time.perf_counter() - started:.0f} s)", flush=True)
    hist, hist_queries = history_rows(args.per_half)
    rows += hist
    print(f"history: {len(hist)} pairs ({time.perf_counter() - started:.0f} s)", flush=True)

    x = np.asarray([r["x"] for r in rows], dtype=float)
    y = np.asarray([r["y"] for r in rows], dtype=float)
    dev = np.asarray([r["half"] == "development" for r in rows])
    groups = [r["query"] for r, d in zip(rows, dev, strict=True) if d]
    lam, cv = cross_validate(x[dev], y[dev], groups)
    w = fit(x[dev], y[dev], lam)
    p = predict(w, x)
    thresholds = {k: threshold(p[dev], y[dev], v) for k, v in PRECISION.items()}
    thresholds["good"] = min(thresholds["good"], thresholds["strong"])

    held = ~dev
    report: dict = {
        "command": "OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/matching_ranker.py "
        f"--per-half {args.per_half}",
        "pairs": {"development": int(dev.sum()), "held_out": int(held.sum())},
        "history_queries": hist_queries,
        "cross_validation_log_loss": cv,
        "lambda": lam,
        "intercept": round(float(w[0]), 4),
        "coefficients": {f: round(float(c), 4) for f, c in zip(rk.FEATURES, w[1:], strict=True)},
        "thresholds": thresholds,
        "held_out": {},
    }
    sets = np.asarray([r["set"] for r in rows])
    for name in ("all", "matching", "multilingual", "history"):
        mask = held & ((sets == name) if name != "all" else True)
        if not mask.any():
            continue
        ph, yh = p[mask], y[mask]
        labels = {}
        for label, lo, hi in (
            ("strong", thresholds["strong"], 2.0),
            ("good", thresholds["good"], thresholds["strong"]),
            ("possible", -1.0, thresholds["good"]),
        ):
            m = (ph >= lo) & (ph < hi)
            labels[label] = {
                "n": int(m.sum()),
                "precision": round(float(yh[m].mean()), 4) if m.any() else None,
            }
        report["held_out"][name] = {
            "pairs": int(mask.sum()),
            "positives": int(yh.sum()),
            "brier": round(float(np.mean((ph - yh) ** 2)), 5),
            "brier_of_base_rate": round(float(np.mean((yh.mean() - yh) ** 2)), 5),
            "labels": labels,
            "reliability": reliability(ph, yh),
        }
    held_rows = [r for r, h in zip(rows, held, strict=True) if h]
    report["held_out_ranking"] = ranking(held_rows, p[held], judged)
    dev_rows = [r for r, d in zip(rows, dev, strict=True) if d]
    report["development_ranking"] = ranking(dev_rows, p[dev], judged)
    report["seconds"] = round(time.perf_counter() - started, 1)

    print(json.dumps({k: report[k] for k in ("lambda", "intercept", "coefficients")}, indent=1))
    print("thresholds", thresholds, "cv", cv)
    for name, entry in report["held_out"].items():
        print(f"held out {name}: brier {entry['brier']} (base {entry['brier_of_base_rate']})")
        print("  labels", entry["labels"])
    for name, entry in report["held_out_ranking"].items():
        print(f"held out ranking {name}: {entry}")
    OUT_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    OUT_RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if not args.no_write:
        model = {
            "features": list(rk.FEATURES),
            "intercept": round(float(w[0]), 6),
            "coefficients": [round(float(c), 6) for c in w[1:]],
            "thresholds": thresholds,
            "fitted_by": report["command"],
            "lambda": lam,
        }
        OUT_MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT_MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
