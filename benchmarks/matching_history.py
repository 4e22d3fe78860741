"""Collaboration history on real data: who will become a new cross-border partner?

    .venv/bin/python benchmarks/matching_history.py                    # data in ../shared/data
    .venv/bin/python benchmarks/matching_history.py --data DIR         # or SILKBRIDGE_COLLAB_DATA
    .venv/bin/python benchmarks/matching_history.py --no-index         # skip the full engine

Protocol (the data set's README): EU Horizon 2020 participations (CORDIS). History = projects
starting 2014–2016 with at most 60 organisations (every pair of a project's parties is an
edge dated at the project's start). Queries = organisations of that history which first share a
project with an organisation of another country in 2017–2018; the answers = those new partners,
among organisations known to the history (the others cannot be ranked by any method here). The
queries are split in two halves by a fixed seed: the history model's coefficients and the
combination weight are chosen on the development half; figures are reported on the held-out
half (and, for reference, the development half).

Every method ranks every organisation of another country that is not yet a partner; ties count
as the average of their positions. Baselines: popularity (number of partners), common
neighbours, Adamic–Adar, resource allocation (binary graph). The engine's history model
(`engines/matching/history.py`: recency-weighted two- and three-step paths, classic
Adamic-Adar, popularity and the topic cosine of the organisations' programme parts, one
logistic model whose input set is chosen by cross-validation on the development half) ranks
the same candidates. With `--index` (default) the whole engine (`MatchIndex`) is
also asked, once with history only and once with history and content (kind, and the projects'
programme parts as sectors: the only content this data has); it returns only its pooled
candidates, so a new partner outside the pool counts as not found there.

Prints a table and writes benchmarks/results/matching-history.json. Deterministic.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from silkbridge.engines.matching import HistoryEdge, MatchIndex, Profile, Rules, Weights  # noqa: E402
from silkbridge.engines.matching.history import (  # noqa: E402
    HISTORY_INPUTS,
    HistoryGraph,
    fit_logistic,
    history_inputs,
)
from silkbridge.engines.matching.model import HISTORY_MODEL  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "collaboration"
RESULTS = ROOT / "benchmarks" / "results"
SEED = 13
MAX_PROJECT = 60
COUNTRY_FIX = {"GB": "UK", "GR": "EL"}
KINDS = {"HES": "academic", "REC": "academic", "PRC": "company", "PUB": "authority"}
CROSS_VALIDATION: list[dict] = []  # development MRR of every input set tried
NEGATIVES_PER_QUERY = 400  # unreachable candidates sampled per development query (calibration)


# --- data ---------------------------------------------------------------------------------------
def load(data: Path) -> tuple[dict, dict, dict]:
    """(projects: rcn -> (start date, members), org country, org kind), programme parts."""
    projects: dict[str, tuple[date, set[int]]] = {}
    countries: dict[int, Counter] = defaultdict(Counter)
    kinds: dict[int, Counter] = defaultdict(Counter)
    with gzip.open(data / "cordis_h2020_participations_2014_2018.csv.gz", "rt") as fh:
        for row in csv.DictReader(fh):
            pic = int(row["pic"])
            start = date.fromisoformat(row["start_date"])
            projects.setdefault(row["rcn"], (start, set()))[1].add(pic)
            countries[pic][COUNTRY_FIX.get(row["country"], row["country"])] += 1
            kinds[pic][row["type"]] += 1
    parts: dict[str, set[str]] = defaultdict(set)
    with gzip.open(data / "cordis_h2020_programme_parts_2014_2018.csv.gz", "rt") as fh:
        for row in csv.DictReader(fh):
            parts[row["rcn"]].add(row["programme_part"].strip().lower())
    country = {pic: c.most_common(1)[0][0] for pic, c in countries.items()}
    kind = {pic: KINDS.get(k.most_common(1)[0][0], "association") for pic, k in kinds.items()}
    return projects, {"country": country, "kind": kind}, parts


def split(projects: dict, orgs: dict) -> dict:
    history: list[HistoryEdge] = []
    pairs: set[tuple[int, int]] = set()
    for rcn, (start, members) in sorted(projects.items()):
        if start.year > 2016 or len(members) > MAX_PROJECT:
            continue
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                history.append(HistoryEdge(a, b, start, "project", f"{rcn}:{a}:{b}"))
                pairs.add((a, b))
    known = sorted({x for e in history for x in (e.a, e.b)})
    known_set = set(known)
    answers: dict[int, set[int]] = defaultdict(set)
    for _rcn, (start, members) in projects.items():
        if start.year not in (2017, 2018) or len(members) > MAX_PROJECT:
            continue
        inside = sorted(m for m in members if m in known_set)
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                if (a, b) in pairs or orgs["country"][a] == orgs["country"][b]:
                    continue
                answers[a].add(b)
                answers[b].add(a)
    return {"history": history, "known": known, "answers": answers}


def halves(queries: list[int]) -> tuple[list[int], list[int]]:
    shuffled = sorted(queries)
    random.Random(SEED).shuffle(shuffled)
    middle = len(shuffled) // 2
    return sorted(shuffled[:middle]), sorted(shuffled[middle:])


# --- ranking measures ------------------------------------------------------------------------
def first_rank(scores: np.ndarray, candidates: np.ndarray, relevant: np.ndarray) -> float:
    """Rank of the best relevant candidate, ties counted at their average position."""
    pool = scores[candidates]
    best = float("inf")
    for r in relevant:
        s = scores[r]
        rank = 1 + np.count_nonzero(pool > s) + (np.count_nonzero(pool == s) - 1) / 2
        best = min(best, rank)
    return best


def summarise(ranks: list[float]) -> dict:
    arr = np.asarray(ranks, dtype=float)
    return {
        "queries": len(arr),
        "mrr": round(float(np.mean(1.0 / arr)), 4),
        "hits@10": round(float(np.mean(arr <= 10)), 4),
        "hits@50": round(float(np.mean(arr <= 50)), 4),
    }


class Graph:
    """The history as index arrays, for the baselines and the candidate masks."""

    def __init__(self, setup: dict, orgs: dict, graph: HistoryGraph) -> None:
        self.ids = graph.ids
        self.pos = {int(o): i for i, o in enumerate(self.ids.tolist())}
        binary = graph.matrix.copy()
        binary.data[:] = 1.0
        self.binary = binary.tocsr()
        self.degree = np.asarray(self.binary.sum(axis=1)).ravel()
        self.country = np.asarray([orgs["country"][int(o)] for o in self.ids])
        self.inv_log = 1.0 / np.log(np.maximum(self.degree, 2))
        self.inv_deg = 1.0 / np.maximum(self.degree, 1)

    def candidates(self, q: int) -> np.ndarray:
        mask = self.country != self.country[q]
        mask[self.binary.indices[self.binary.indptr[q] : self.binary.indptr[q + 1]]] = False
        mask[q] = False
        return np.flatnonzero(mask)

    def baseline(self, q: int, name: str) -> np.ndarray:
        if name == "popularity":
            return self.degree.astype(float)
        row = self.binary[q]
        if name == "common neighbours":
            weighted = row
        elif name == "Adamic-Adar":
            weighted = row.multiply(self.inv_log[np.newaxis, :]).tocsr()
        else:  # resource allocation
            weighted = row.multiply(self.inv_deg[np.newaxis, :]).tocsr()
        return np.asarray((weighted @ self.binary).todense()).ravel()


def topics_of(projects: dict, parts: dict) -> dict[int, list[str]]:
    """Each organisation's programme parts, once per history project: the only content here
    (a multiset, so an organisation's main programme weighs more)."""
    topics: dict[int, list[str]] = defaultdict(list)
    for rcn, (start, members) in sorted(projects.items()):
        if start.year <= 2016 and len(members) <= MAX_PROJECT:
            for m in members:
                topics[m] += sorted(parts.get(rcn, ()))
    return topics


def engine_scores(graph: HistoryGraph, g: Graph, q: int) -> np.ndarray:
    """Dense inputs of the history model (`HISTORY_INPUTS`, columns) for every organisation
    as candidate of query row `q` (zeros where no path reaches)."""
    result = graph.scores(int(g.ids[q]))
    columns = np.zeros((5, len(g.ids)))
    rows = np.searchsorted(g.ids, result.ids)
    for k, values in enumerate((result.two, result.three, result.adamic_adar, result.topic)):
        if values is not None:
            columns[k][rows] = values
    two, three, aa, topic = columns[:4]
    if graph.topics:  # the topic input also counts for organisations no path reaches
        topic = (graph._topics @ graph._topics[q].T).toarray().ravel()
        topic[q] = 0.0
    return history_inputs(two, three, g.degree, aa, topic)


#: Input sets compared by cross-validation on the development half (columns of
#: `HISTORY_INPUTS`; three-step paths always count a tenth of two-step ones, see below).
INPUT_SETS = {
    "paths + popularity": (0, 2),
    "paths + popularity + Adamic-Adar": (0, 2, 3),
    "paths + popularity + Adamic-Adar + topic": (0, 2, 3, 4),
}
THREE_STEP_SHARE = 0.1
HARD_CANDIDATES = 400  # per development query: the strongest by paths, and the new partners


def _combined(x: np.ndarray, inputs: tuple[int, ...]) -> np.ndarray:
    """Columns of a fit: two-step and (a tenth of) three-step paths as one, then the rest."""
    cols = [x[:, 0] + THREE_STEP_SHARE * x[:, 1]]
    cols += [x[:, k] for k in inputs[1:]]
    return np.column_stack(cols)


def _coefficients(beta: np.ndarray, inputs: tuple[int, ...]) -> np.ndarray:
    """Coefficients of a fit on `_combined` columns, per `HISTORY_INPUTS`."""
    out = np.zeros(5)
    out[0], out[1] = beta[0], THREE_STEP_SHARE * beta[0]
    for k, value in zip(inputs[1:], beta[1:], strict=True):
        out[k] = value
    return out


def _reranked_mrr(cached: list, inputs: tuple[int, ...], beta: np.ndarray) -> float:
    """MRR when `beta` re-ranks each query's hard candidates (a query whose new partners are
    all outside them keeps its rank by paths, which is below all of them)."""
    rr = []
    for x, rel, outside_rank in cached:
        if not rel.any():
            rr.append(1.0 / outside_rank)
            continue
        score = _combined(x, inputs) @ beta
        best = score[rel].max()
        rr.append(
            1.0 / (1 + np.count_nonzero(score > best) + (np.count_nonzero(score == best) - 1) / 2)
        )
    return float(np.mean(rr))


def fit_history_model(graph: HistoryGraph, g: Graph, dev: list[int], answers: dict) -> tuple:
    """The history model, fitted on the development half only.

    Ranking: a logistic regression that tells new partners from the other candidates among the
    ones the paths rank highest for each query (`HARD_CANDIDATES`), for each input set of
    `INPUT_SETS`; the set is chosen by two-fold cross-validation within the half (even and odd
    queries). Three-step
    paths keep a fixed tenth of the two-step weight: between two countries whose collaborations
    mostly cross the border, the other country's organisations are three steps away, which
    thirty countries here do not show. Calibration: the same linear score scaled by one more
    logistic fit on every reached candidate and a weighted sample of the rest, so that the
    probability holds for all candidates, not only the strongest.
    """
    rng = np.random.default_rng(SEED)
    cached, calibration = [], []
    for n, org in enumerate(dev):
        if n % 500 == 0:
            print(f"  fitting: {n}/{len(dev)}", flush=True)
        q = g.pos[org]
        x = engine_scores(graph, g, q)
        cand = g.candidates(q)
        rel = np.isin(cand, [g.pos[a] for a in answers[org]])
        paths = x[cand, 0] + THREE_STEP_SHARE * x[cand, 1]
        top = np.argsort(-paths, kind="stable")[:HARD_CANDIDATES]
        best = paths[rel].max()
        outside = 1 + np.count_nonzero(paths > best) + (np.count_nonzero(paths == best) - 1) / 2
        cached.append((x[cand[top]], rel[top], outside))
        reached = (x[cand, 0] > 0) | (x[cand, 1] > 0) | rel
        rest = np.flatnonzero(~reached)
        sample = rng.choice(rest, size=min(NEGATIVES_PER_QUERY, len(rest)), replace=False)
        for picked, weight in (
            (np.flatnonzero(reached), 1.0),
            (sample, len(rest) / max(len(sample), 1)),
        ):
            calibration.append((x[cand[picked]], rel[picked], np.full(len(picked), weight)))

    def fit(part: list, inputs: tuple[int, ...]) -> np.ndarray:
        xs = np.vstack([_combined(x, inputs) for x, _, _ in part])
        ys = np.concatenate([rel for _, rel, _ in part])
        return np.asarray(fit_logistic(xs, ys)[1:])

    even, odd = cached[0::2], cached[1::2]
    chosen, best_mrr = None, -1.0
    for name, inputs in INPUT_SETS.items():
        folds = (
            _reranked_mrr(odd, inputs, fit(even, inputs)),
            _reranked_mrr(even, inputs, fit(odd, inputs)),
        )
        mrr = float(np.mean(folds))
        CROSS_VALIDATION.append(
            {"inputs": name, "mrr": round(mrr, 4), "folds": [round(f, 4) for f in folds]}
        )
        print(f"  cross-validation, {name}: MRR {mrr:.4f}", flush=True)
        if mrr > best_mrr + 1e-4:  # a richer set must earn its place
            chosen, best_mrr = inputs, mrr
    coefficients = _coefficients(fit(cached, chosen), chosen)
    score = np.concatenate([x @ coefficients for x, _, _ in calibration])
    intercept, scale = fit_logistic(
        score[:, None],
        np.concatenate([rel for _, rel, _ in calibration]),
        sample_weight=np.concatenate([w for _, _, w in calibration]),
    )
    return (intercept, *(scale * coefficients).tolist())


def evaluate_history(setup: dict, orgs: dict, queries: dict, model: tuple, topics: dict) -> dict:
    graph = HistoryGraph(setup["history"], 3.0, model, topics)
    g = Graph(setup, orgs, graph)
    out: dict[str, dict] = {}
    for half, members in queries.items():
        ranks: dict[str, list[float]] = defaultdict(list)
        for n, org in enumerate(members):
            if n % 500 == 0:
                print(f"  {half}: {n}/{len(members)}", flush=True)
            q = g.pos[org]
            cand = g.candidates(q)
            relevant = np.asarray(sorted(g.pos[a] for a in setup["answers"][org]))
            for name in ("popularity", "common neighbours", "Adamic-Adar", "resource allocation"):
                ranks[name].append(first_rank(g.baseline(q, name), cand, relevant))
            x = engine_scores(graph, g, q)
            ranks["engine history model"].append(
                first_rank(x @ np.asarray(model[1:]), cand, relevant)
            )
            ranks["engine paths only (2+3 steps)"].append(
                first_rank(x[:, 0] + 1e-3 * x[:, 1], cand, relevant)
            )
        out[half] = {name: summarise(r) for name, r in ranks.items()}
    return out


# --- the whole engine ------------------------------------------------------------------------
def build_index(
    setup: dict, orgs: dict, model: tuple, content: bool, projects, parts
) -> MatchIndex:
    sectors: dict[int, set[str]] = defaultdict(set)
    if content:
        for rcn, (start, members) in projects.items():
            if start.year <= 2016 and len(members) <= MAX_PROJECT:
                for m in members:
                    sectors[m] |= parts.get(rcn, set())
    profiles = [
        Profile(
            id=o,
            country=orgs["country"][o],
            kind=orgs["kind"][o] if content else "company",
            sectors=tuple(sorted(sectors[o])),
        )
        for o in setup["known"]
    ]
    weights = Weights(history_model=model)
    return MatchIndex.build(profiles, [], setup["history"], weights=weights)


def engine_signals(index: MatchIndex, members: list[int]) -> dict[int, list[tuple]]:
    """Every pooled candidate's (id, score without history, history signal) per query."""
    out = {}
    w = index.weights
    for org in members:
        rows = []
        for score, target, signals, _ev in index._partner_scores(org, Rules()):
            history = signals.get("history", 0.0)
            rows.append((target, score - w.history * history, history))
        out[org] = rows
    return out


def rank_from_pool(rows: list[tuple], answers: set[int], weight: float) -> float:
    if not rows:
        return float("inf")
    ids = np.asarray([r[0] for r in rows])
    score = np.asarray([r[1] + weight * r[2] for r in rows])
    hit = np.isin(ids, list(answers))
    if not hit.any():
        return float("inf")
    best = float("inf")
    for s in score[hit]:
        best = min(best, 1 + np.count_nonzero(score > s) + (np.count_nonzero(score == s) - 1) / 2)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    env = os.environ.get("SILKBRIDGE_COLLAB_DATA")
    parser.add_argument("--data", type=Path, default=Path(env) if env else DEFAULT_DATA)
    parser.add_argument("--no-index", action="store_true", help="skip the full engine runs")
    parser.add_argument(
        "--per-half", type=int, default=0, help="use this many queries of each half (0: all)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "matching-history.json")
    args = parser.parse_args()

    started = time.perf_counter()
    projects, orgs, parts = load(args.data)
    setup = split(projects, orgs)
    queries = sorted(o for o, a in setup["answers"].items() if a)
    dev, test = halves(queries)
    if args.per_half:  # a seeded sample of each half, for a quick run
        rng = random.Random(SEED + 1)
        dev = sorted(rng.sample(dev, min(args.per_half, len(dev))))
        test = sorted(rng.sample(test, min(args.per_half, len(test))))
    print(
        f"history: {len(setup['known'])} organisations, {len(setup['history'])} edges; "
        f"queries: {len(queries)} (used: development {len(dev)}, held out {len(test)})"
    )
    topics = topics_of(projects, parts)
    graph = HistoryGraph(setup["history"], 3.0, HISTORY_MODEL, topics)
    g = Graph(setup, orgs, graph)
    model = fit_history_model(graph, g, dev, setup["answers"])
    print("history model fitted on the development half:", [round(c, 4) for c in model])
    results = evaluate_history(setup, orgs, {"held out": test, "development": dev}, model, topics)
    report: dict = {
        "protocol": "history 2014-2016 (projects <= 60 organisations), new cross-border "
        "partners 2017-2018 among organisations of the history",
        "organisations": len(setup["known"]),
        "edges": len(setup["history"]),
        "queries": {"development": len(dev), "held out": len(test)},
        "history_model": [round(c, 4) for c in model],
        "history_inputs": list(HISTORY_INPUTS),
        "development_cross_validation": CROSS_VALIDATION,
        "full_ranking": results,
    }
    if not args.no_index:
        report["engine"] = run_index(setup, orgs, model, dev, test, projects, parts)
    print_table(report)
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


def run_index(setup, orgs, model, dev, test, projects, parts) -> dict:
    out: dict = {}
    answers = setup["answers"]
    grid = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 10000.0)
    for content in (False, True):
        label = "history + content" if content else "history only"
        t0 = time.perf_counter()
        index = build_index(setup, orgs, model, content, projects, parts)
        pools = {half: engine_signals(index, m) for half, m in (("dev", dev), ("test", test))}
        # The combination weight is chosen on the development half, reported on the other.
        best_w, best_mrr = grid[0], -1.0
        tried = {}
        for weight in grid:
            ranks = [rank_from_pool(pools["dev"][o], answers[o], weight) for o in dev]
            mrr = float(np.mean(1.0 / np.asarray(ranks)))
            tried[str(weight)] = round(mrr, 4)
            if mrr > best_mrr + 1e-9:
                best_w, best_mrr = weight, mrr
        entry = {"history_weight": best_w, "development_grid": tried}
        for half, members in (("held out", test), ("development", dev)):
            pool = pools["dev" if half == "development" else "test"]
            entry[half] = summarise([rank_from_pool(pool[o], answers[o], best_w) for o in members])
        entry["seconds"] = round(time.perf_counter() - t0, 1)
        out[label] = entry
        print(f"{label}: weight {best_w} ({entry['seconds']} s); development MRR {tried}")
    return out


def print_table(report: dict) -> None:
    print(f"\n{'method':38} {'half':12} {'MRR':>7} {'hits@10':>8} {'hits@50':>8}")
    for half in ("held out", "development"):
        for name, row in report["full_ranking"][half].items():
            print(
                f"{name:38} {half:12} {row['mrr']:7.4f} {row['hits@10']:8.4f} {row['hits@50']:8.4f}"
            )
        for name, entry in report.get("engine", {}).items():
            row = entry[half]
            label = f"MatchIndex, {name} (w={entry['history_weight']})"
            print(
                f"{label:38} {half:12} {row['mrr']:7.4f} "
                f"{row['hits@10']:8.4f} {row['hits@50']:8.4f}"
            )


if __name__ == "__main__":
    main()
