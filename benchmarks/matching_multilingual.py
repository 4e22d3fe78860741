"""Language parity of matching: nDCG@10 of Russian/Kazakh/Urdu queries against English ones.

    .venv/bin/python benchmarks/matching_multilingual.py            # held-out half (reported)
    .venv/bin/python benchmarks/matching_multilingual.py --half development

Reads benchmarks/data/matching_multilingual/ (see its README) with the loader, hard rules,
baselines and metrics of matching_quality.py, runs the engine and the baselines on the chosen
half, and prints nDCG@10 for English and non-English queries and the gap between them, and the
engine minus the better reciprocal baseline (TF-IDF or BM25, needs against offers both ways)
with a paired 95 % interval. Writes
benchmarks/results/matching-multilingual.json. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import matching_quality as mq

DATA = mq.ROOT / "benchmarks" / "data" / "matching_multilingual"


class OrgBm25(mq.Bm25Baseline):
    """matching_quality's BM25 over profile text, indexing organisations only (no items here)."""

    def __init__(self, data: mq.EvalSet) -> None:
        import bm25s

        self.data = data
        self.bm25s = bm25s
        keys = list(data.orgs)
        self.texts = {o: mq.org_text(data, data.orgs[o]) for o in keys}
        tokens = bm25s.tokenize([self.texts[k] for k in keys], stopwords="en", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        self.indexes = {"orgs": (retriever, tokens.vocab, {k: i for i, k in enumerate(keys)})}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("held_out", "development", "all"), default="held_out")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(mq.ROOT / "src"))
    mq.DATA = DATA
    data = mq.load()
    data.queries = [q for q in data.queries if args.half in ("all", q["half"])]
    queries = mq.usable_queries(data, mq.Pools(data))
    systems = [OrgBm25(data), mq.ReciprocalBm25(data), mq.ReciprocalTfidf(data)]
    runs = [mq.evaluate(s.name, mq.baseline_runner(s), queries) for s in systems]
    engine = mq.EngineSystem(data)
    runs.append(mq.evaluate("engine", mq.engine_runner(engine), queries))
    language = {q["id"]: q["language"] for q, _, _ in queries}
    report: dict = {"half": args.half, "queries": len(queries), "systems": {}}
    print(f"{args.half}: {len(queries)} queries")
    print(f"{'system':18}{'all':>8}{'English':>9}{'other':>8}{'gap':>8}   ru / kk / ur")
    for run in runs:
        rows = run["per_query"]

        def ndcg(langs: set[str], rows: list[dict] = rows) -> float:
            return mq.mean([r["ndcg@10"] for r in rows if language[r["id"]] in langs])

        en, other = ndcg({"en"}), ndcg({"ru", "kk", "ur"})
        per = {lang: round(ndcg({lang}), 4) for lang in ("ru", "kk", "ur")}
        summary = {
            "all": round(ndcg({"en", "ru", "kk", "ur"}), 4),
            "english": round(en, 4),
            "non_english": round(other, 4),
            "gap": round(en - other, 4),
            **per,
        }
        report["systems"][run["system"]] = {"summary": summary, "per_query": rows}
        print(
            f"{run['system']:18}{summary['all']:8.3f}{en:9.3f}{other:8.3f}{en - other:8.3f}   "
            + " / ".join(f"{v:.3f}" for v in per.values())
        )
    # The engine against the better reciprocal baseline on this half, paired over queries.
    by_name = {run["system"]: [r["ndcg@10"] for r in run["per_query"]] for run in runs}
    names = (mq.ReciprocalBm25.name, mq.ReciprocalTfidf.name)
    best = max(names, key=lambda n: mq.mean(by_name[n]))
    diff = mq.mean(by_name["engine"]) - mq.mean(by_name[best])
    ci = mq.bootstrap_diff(by_name["engine"], by_name[best])
    report["engine_minus_best_reciprocal"] = {
        "baseline": best,
        "ndcg@10": round(diff, 4),
        "ci95": ci,
    }
    print(f"engine - {best}: {diff:+.3f} nDCG@10, 95% CI {ci}")
    mq.RESULTS.mkdir(exist_ok=True)
    out = mq.RESULTS / "matching-multilingual.json"
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
