"""Matching quality on the team's labelled evaluation set: baselines, the engine, an ablation.

    .venv/bin/pip install -e ".[dev,bench]"
    .venv/bin/python benchmarks/matching_quality.py               # everything
    .venv/bin/python benchmarks/matching_quality.py --no-engine   # baselines only

Loads benchmarks/data/matching/ (see its README), runs every system on every query under the
same hard rules (other country only, never the organisation itself or its own items, only
published and unexpired items), and reports nDCG@10, MRR and recall@50 overall, per query type
and per hard-case category. Writes benchmarks/results/matching-quality.json. Deterministic.

Systems: TF-IDF cosine over profile text + tags (scikit-learn), BM25 alone (bm25s), tag overlap
alone (Jaccard, the usual event-platform "AI matchmaking"), reciprocal TF-IDF and BM25 (one
side's needs against the other's offers plus the other way round; the engine's target is to be
at least 0.03 nDCG@10 above the better of the two on each held-out half, the even-numbered
queries being the development half), and the engine with its default
weights, then with each signal switched off. A second table repeats the comparison with the
collaboration history given to the engine: there, organisations that already collaborated are
taken out of every system's results and of the judgements, because the product never suggests
existing partners again.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "matching"
RESULTS = ROOT / "benchmarks" / "results"
TAXONOMY = ROOT / "src" / "silkbridge" / "directory" / "seed" / "taxonomy.py"
K_NDCG, K_RECALL = 10, 50
RELEVANT = 2  # grade from which a candidate counts for MRR and recall


# --- data -----------------------------------------------------------------------------------
def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class EvalSet:
    orgs: dict[str, dict]
    items: dict[str, dict]
    queries: list[dict]
    history: list[dict]
    as_of: str
    org_items: dict[str, list[str]] = field(default_factory=dict)

    def eligible(self, item: dict) -> bool:
        return item["status"] == "published" and item["expires_on"] >= self.as_of

    def country_of(self, source: str) -> str:
        if source in self.orgs:
            return self.orgs[source]["country"]
        return self.orgs[self.items[source]["org_id"]]["country"]


def load() -> EvalSet:
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    orgs = {o["id"]: o for o in read_jsonl(DATA / "organisations.jsonl")}
    items = {i["id"]: i for i in read_jsonl(DATA / "items.jsonl")}
    data = EvalSet(
        orgs,
        items,
        read_jsonl(DATA / "queries.jsonl"),
        read_jsonl(DATA / "history.jsonl"),
        manifest["as_of"],
    )
    for item in items.values():
        if data.eligible(item):
            data.org_items.setdefault(item["org_id"], []).append(item["id"])
    return data


def taxonomy_labels() -> tuple[dict[str, str], dict[str, list[str]]]:
    """English labels and ru/kk/ur aliases of every term, read from the seed file without Django."""
    tree = ast.parse(TAXONOMY.read_text(encoding="utf-8"))
    names = {"SECTORS": "sector", "TECHNOLOGIES": "technology", "SERVICES": "service"}
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for node in tree.body:
        target = (
            node.target
            if isinstance(node, ast.AnnAssign)
            else (node.targets[0] if isinstance(node, ast.Assign) else None)
        )
        vocab = names.get(getattr(target, "id", ""))
        if vocab:
            for slug, en, ru, kk, ur in ast.literal_eval(node.value):
                labels[f"{vocab}:{slug}"] = en
                aliases[f"{vocab}:{slug}"] = [ru, kk, ur]
    return labels, aliases


LABELS, ALIASES = taxonomy_labels()


def tags_of(x: dict) -> set[str]:
    return (
        {f"sector:{s}" for s in x.get("sectors", [])}
        | {f"technology:{s}" for s in x.get("technologies", [])}
        | {f"service:{s}" for s in x.get("services", [])}
    )


def tag_text(tags: Iterable[str]) -> str:
    return " ".join(LABELS.get(t, t.split(":", 1)[1]) for t in sorted(tags))


def org_text(data: EvalSet, org: dict) -> str:
    """Profile text + tags: the description, its published items and the English tag labels."""
    parts = [org["description"]]
    tags = tags_of(org)
    for iid in data.org_items.get(org["id"], []):
        item = data.items[iid]
        parts.append(f"{item['title']}. {item['summary']}")
        tags |= tags_of(item)
    return " ".join([*parts, tag_text(tags)])


def item_text(item: dict) -> str:
    return f"{item['title']}. {item['summary']} {tag_text(tags_of(item))}"


# --- the hard rules, shared by every baseline -------------------------------------------------
@dataclass
class Pools:
    """Who may be ranked for a query: the other country, not itself, not its own items,
    eligible items only, and (with history) not an existing partner."""

    data: EvalSet
    partners: dict[str, set[str]] = field(default_factory=dict)

    def orgs_for(self, source: str) -> list[str]:
        country = self.data.country_of(source)
        owner = source if source in self.data.orgs else self.data.items[source]["org_id"]
        banned = self.partners.get(owner, set())
        return [
            o
            for o in self.data.orgs
            if self.data.orgs[o]["country"] != country and o != owner and o not in banned
        ]

    def items_for(self, org_id: str) -> list[str]:
        country = self.data.orgs[org_id]["country"]
        banned = self.partners.get(org_id, set())
        out = []
        for iid, item in self.data.items.items():
            owner = self.data.orgs[item["org_id"]]
            if (
                owner["country"] == country
                or not self.data.eligible(item)
                or item["org_id"] in banned
            ):
                continue
            if item["target_country"] and item["target_country"] != country:
                continue
            out.append(iid)
        return out

    def pool(self, query: dict) -> list[str]:
        if query["type"] == "opportunities_for":
            return self.items_for(query["source"])
        return self.orgs_for(query["source"])


def existing_partners(history: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for e in history:
        out[e["a"]].add(e["b"])
        out[e["b"]].add(e["a"])
    return out


def rank(scores: dict[str, float], k: int) -> list[str]:
    """Best first, ties by id, only positive scores: deterministic."""
    return [c for c, s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])) if s > 0][:k]


# --- baselines --------------------------------------------------------------------------------
class TfidfBaseline:
    name = "tfidf"

    def __init__(self, data: EvalSet) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.data = data
        self.keys = [*data.orgs, *data.items]
        texts = [org_text(data, o) for o in data.orgs.values()]
        texts += [item_text(i) for i in data.items.values()]
        words = r"(?u)\b\w\w+\b"  # any script, as the engine tokenises
        self.vec = TfidfVectorizer(sublinear_tf=True, token_pattern=words)
        self.matrix = self.vec.fit_transform(texts)  # rows are L2-normalised
        self.row = {k: i for i, k in enumerate(self.keys)}

    def scores(self, source: str, pool: list[str]) -> dict[str, float]:
        q = self.matrix[self.row[source]]
        rows = [self.row[c] for c in pool]
        sims = (self.matrix[rows] @ q.T).toarray().ravel()
        return dict(zip(pool, sims.tolist(), strict=True))


class Bm25Baseline:
    name = "bm25"

    def __init__(self, data: EvalSet) -> None:
        import bm25s

        self.data = data
        self.bm25s = bm25s
        self.texts = {o: org_text(data, data.orgs[o]) for o in data.orgs}
        self.texts |= {i: item_text(data.items[i]) for i in data.items}
        self.indexes: dict[str, tuple] = {}
        for kind, keys in (("orgs", list(data.orgs)), ("items", list(data.items))):
            tokens = bm25s.tokenize(
                [self.texts[k] for k in keys], stopwords="en", show_progress=False
            )
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
            self.indexes[kind] = (retriever, tokens.vocab, {k: i for i, k in enumerate(keys)})

    def scores(self, source: str, pool: list[str]) -> dict[str, float]:
        kind = "items" if pool and pool[0] in self.data.items else "orgs"
        retriever, vocab, row = self.indexes[kind]
        words = self.bm25s.tokenize(
            self.texts[source], stopwords="en", return_ids=False, show_progress=False
        )[0]
        words = [w for w in words if w in vocab]
        if not words:
            return {}
        all_scores = retriever.get_scores(words)
        return {c: float(all_scores[row[c]]) for c in pool}


class TagBaseline:
    name = "tags-jaccard"

    def __init__(self, data: EvalSet) -> None:
        self.tags: dict[str, set[str]] = {}
        for oid, org in data.orgs.items():
            t = tags_of(org)
            for iid in data.org_items.get(oid, []):
                t |= tags_of(data.items[iid])
            self.tags[oid] = t
        for iid, item in data.items.items():
            self.tags[iid] = tags_of(item)

    def scores(self, source: str, pool: list[str]) -> dict[str, float]:
        mine = self.tags[source]
        out = {}
        for c in pool:
            theirs = self.tags[c]
            union = mine | theirs
            out[c] = len(mine & theirs) / len(union) if union else 0.0
        return out


# --- reciprocal baselines: offers of one side against needs of the other, and back ------------
def need_text(data: EvalSet, org: dict) -> str:
    """What an organisation asks for: its published requests; without any, its whole profile
    (a plain baseline cannot tell a need written in a description from an offer)."""
    needs = [
        item_text(data.items[i])
        for i in data.org_items.get(org["id"], [])
        if data.items[i]["direction"] in ("request", "need")
    ]
    return " ".join(needs) if needs else org_text(data, org)


def offer_text(data: EvalSet, org: dict) -> str:
    """What an organisation offers: its description, profile tags and published offers."""
    parts = [org["description"]]
    tags = tags_of(org)
    for iid in data.org_items.get(org["id"], []):
        item = data.items[iid]
        if item["direction"] not in ("request", "need"):
            parts.append(f"{item['title']}. {item['summary']}")
            tags |= tags_of(item)
    return " ".join([*parts, tag_text(tags)])


class ReciprocalBaseline:
    """A query side's need against a candidate's offer plus the candidate's need against the
    query side's offer. Documents: every organisation's need text and offer text, and every
    item; `similarity(query_doc, target_doc)` is the plain text score of the subclass.

    partners_for(A): sim(need A, offer B) + sim(need B, offer A).
    opportunities_for(A), item I of B: the item's own direction (an offer I: sim(need A, I);
    a request I: sim(I, offer A)) plus the other direction between the two organisations.
    candidates_for(I of A): the same with the roles swapped.
    """

    def __init__(self, data: EvalSet) -> None:
        self.data = data
        self.keys: list[str] = []
        texts: list[str] = []
        for oid, org in data.orgs.items():
            self.keys += [f"need:{oid}", f"offer:{oid}"]
            texts += [need_text(data, org), offer_text(data, org)]
        for iid, item in data.items.items():
            self.keys.append(f"item:{iid}")
            texts.append(item_text(item))
        self.row = {k: n for n, k in enumerate(self.keys)}
        self.sim = self.similarity_matrix(texts)

    def similarity_matrix(self, texts: list[str]):  # rows: query documents, columns: targets
        raise NotImplementedError

    def _s(self, query: str, target: str) -> float:
        return float(self.sim[self.row[query], self.row[target]])

    def _is_need(self, iid: str) -> bool:
        return self.data.items[iid]["direction"] in ("request", "need")

    #: Scale each direction by its best value over the pool before the sum (BM25 scores have no
    #: common scale; cosines do). Chosen per baseline on the development halves.
    scale_each_side = False

    def scores(self, source: str, pool: list[str]) -> dict[str, float]:
        pairs = [self._directions(source, c) for c in pool]
        if not self.scale_each_side:
            return {c: p[0] + p[1] for c, p in zip(pool, pairs, strict=True)}
        tops = [max((p[k] for p in pairs), default=0.0) or 1.0 for k in (0, 1)]
        return {c: p[0] / tops[0] + p[1] / tops[1] for c, p in zip(pool, pairs, strict=True)}

    def _directions(self, source: str, c: str) -> tuple[float, float]:
        """(the source side's fit, the other side's fit) for candidate `c`."""
        if source in self.data.orgs:
            a = source
            if c in self.data.items:  # opportunities_for: item c of organisation b
                b = self.data.items[c]["org_id"]
                if self._is_need(c):
                    return self._s(f"item:{c}", f"offer:{a}"), self._s(f"need:{a}", f"offer:{b}")
                return self._s(f"need:{a}", f"item:{c}"), self._s(f"need:{b}", f"offer:{a}")
            return self._s(f"need:{a}", f"offer:{c}"), self._s(f"need:{c}", f"offer:{a}")
        a = self.data.items[source]["org_id"]  # candidates_for an item of a; c is an org
        if self._is_need(source):
            return self._s(f"item:{source}", f"offer:{c}"), self._s(f"need:{c}", f"offer:{a}")
        return self._s(f"need:{c}", f"item:{source}"), self._s(f"need:{a}", f"offer:{c}")


class ReciprocalTfidf(ReciprocalBaseline):
    name = "tfidf-reciprocal"

    def similarity_matrix(self, texts: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        words = r"(?u)\b\w\w+\b"  # any script, as the engine tokenises
        matrix = TfidfVectorizer(sublinear_tf=True, token_pattern=words).fit_transform(texts)
        return (matrix @ matrix.T).toarray()


class ReciprocalBm25(ReciprocalBaseline):
    name = "bm25-reciprocal"
    scale_each_side = True

    def similarity_matrix(self, texts: list[str]):
        import bm25s
        import numpy as np

        tokens = bm25s.tokenize(texts, stopwords="en", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        words = bm25s.tokenize(texts, stopwords="en", return_ids=False, show_progress=False)
        out = np.zeros((len(texts), len(texts)), dtype=np.float32)
        for n, query in enumerate(words):
            known = [w for w in query if w in tokens.vocab]
            if known:
                out[n] = retriever.get_scores(known)
        return out


BASELINES = (TfidfBaseline, Bm25Baseline, TagBaseline, ReciprocalTfidf, ReciprocalBm25)


# --- the engine -------------------------------------------------------------------------------
class EngineSystem:
    """The matching engine through its public API; string ids are mapped to ints."""

    def __init__(self, data: EvalSet, weights=None, history: bool = False, name: str = "engine"):
        from silkbridge.engines.matching import HistoryEdge, Item, MatchIndex, Profile, Rules

        self.name = name
        self.data = data
        self.org_int = {o: n for n, o in enumerate(sorted(data.orgs), start=1)}
        self.item_int = {i: 100_000 + n for n, i in enumerate(sorted(data.items), start=1)}
        self.back = {v: k for k, v in self.org_int.items()} | {
            v: k for k, v in self.item_int.items()
        }
        profiles = [
            Profile(
                id=self.org_int[o["id"]],
                country=o["country"],
                kind=o["kind"],
                size=o["size"],
                languages=tuple(o["languages"]),
                sectors=tuple(o["sectors"]),
                technologies=tuple(o["technologies"]),
                services=tuple(o["services"]),
                description=o["description"],
                name=o["name"],
            )
            for o in data.orgs.values()
        ]
        items = [
            Item(
                id=self.item_int[i["id"]],
                owner_id=self.org_int[i["org_id"]],
                direction=i["direction"],
                text=i["summary"],
                title=i["title"],
                sectors=tuple(i["sectors"]),
                technologies=tuple(i["technologies"]),
                kind=i["type"],
                partner_kinds=tuple(i["partner_kinds"]),
                target_country=i["target_country"],
                languages=tuple(i["languages"]),
                open=data.eligible(i),
            )
            for i in data.items.values()
        ]
        edges = (
            [
                HistoryEdge(
                    self.org_int[e["a"]],
                    self.org_int[e["b"]],
                    date.fromisoformat(e["date"]),
                    e["kind"],
                )
                for e in data.history
            ]
            if history
            else []
        )
        kw = {"weights": weights} if weights is not None else {}
        self.index = MatchIndex.build(
            profiles, items, edges, taxonomy_labels=LABELS, taxonomy_aliases=ALIASES, **kw
        )
        # Without history there are no existing partners to exclude; with it, the product rule.
        self.rules = Rules(exclude_existing_partners=history)

    def ranked(self, query: dict, k: int) -> list[str]:
        src = query["source"]
        if query["type"] == "partners_for":
            out = self.index.partners_for(self.org_int[src], k=k, rules=self.rules)
        elif query["type"] == "opportunities_for":
            out = self.index.opportunities_for(self.org_int[src], k=k, rules=self.rules)
        else:
            out = self.index.candidates_for(self.item_int[src], k=k, rules=self.rules)
        return [self.back[s.target_id] for s in out]


# --- metrics ----------------------------------------------------------------------------------
def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def metrics(ranked: list[str], judgements: dict[str, int]) -> dict[str, float]:
    gains = [judgements.get(c, 0) for c in ranked[:K_NDCG]]
    ideal = dcg(sorted(judgements.values(), reverse=True)[:K_NDCG])
    relevant = {c for c, g in judgements.items() if g >= RELEVANT}
    rr = next((1.0 / (i + 1) for i, c in enumerate(ranked) if c in relevant), 0.0)
    found = len(relevant & set(ranked[:K_RECALL]))
    return {
        "ndcg@10": dcg(gains) / ideal if ideal else 0.0,
        "mrr": rr,
        "recall@50": found / len(relevant) if relevant else 0.0,
    }


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def bootstrap_diff(a: list[float], b: list[float], seed: int = 7, n: int = 2000) -> list[float]:
    """95 % interval of mean(a - b) over queries (paired bootstrap, fixed seed)."""
    rng = random.Random(seed)
    d = [x - y for x, y in zip(a, b, strict=True)]
    means = sorted(mean([d[rng.randrange(len(d))] for _ in d]) for _ in range(n))
    return [round(means[int(0.025 * n)], 4), round(means[int(0.975 * n)], 4)]


# --- running ----------------------------------------------------------------------------------
def usable_queries(data: EvalSet, pools: Pools) -> list[tuple[dict, dict[str, int], list[str]]]:
    """Each query with its judgements restricted to its pool; queries left with nothing relevant
    (possible once existing partners are removed) are skipped for every system alike."""
    out = []
    for q in data.queries:
        pool = pools.pool(q)
        allowed = set(pool)
        judged = {c: g for c, g in q["judgements"].items() if c in allowed}
        if any(g >= RELEVANT for g in judged.values()):
            out.append((q, judged, pool))
    return out


def evaluate(name: str, run: Callable[[dict, list[str]], list[str]], queries) -> dict:
    """Runs every query; results outside the query's pool are hard-rule violations: counted,
    reported, and scored as they are (they earn nothing, having no judgement)."""
    per_query = []
    violations: list[str] = []
    started = time.perf_counter()
    for q, judged, pool in queries:
        ranked = run(q, pool)
        allowed = set(pool)
        violations += [f"{q['id']}:{c}" for c in ranked if c not in allowed]
        assert len(ranked) == len(set(ranked)), f"{name} repeated a result on {q['id']}"
        per_query.append({"id": q["id"], **metrics(ranked, judged)})
    if violations:
        print(
            f"WARNING: {name} returned {len(violations)} results that break a hard rule, "
            f"e.g. {violations[:3]}",
            file=sys.stderr,
        )
    return {
        "system": name,
        "seconds": round(time.perf_counter() - started, 2),
        "per_query": per_query,
        "hard_rule_violations": len(violations),
        "violation_examples": violations[:10],
    }


def summarise(result: dict, queries) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    meta = {q["id"]: q for q, _, _ in queries}
    for row in result["per_query"]:
        q = meta[row["id"]]
        groups["all"].append(row)
        groups[f"type:{q['type']}"].append(row)
        groups[f"country:{q['country']}"].append(row)
        for c in q["categories"]:
            groups[f"cat:{c}"].append(row)
    return {
        g: {
            "n": len(rows),
            **{m: round(mean([r[m] for r in rows]), 4) for m in ("ndcg@10", "mrr", "recall@50")},
        }
        for g, rows in sorted(groups.items())
    }


def team_half(query: dict) -> str:
    """The team set's halves: even-numbered queries for development, odd ones held out."""
    return "development" if int(query["id"].split("-")[1]) % 2 == 0 else "held_out"


def halves_vs_reciprocal(results: list[dict], queries, half_of: Callable[[dict], str]) -> dict:
    """Per half: nDCG@10 of the engine and of both reciprocal baselines, and the engine minus
    the better of the two on that half with its paired 95 % interval."""
    meta = {q["id"]: q for q, _, _ in queries}
    by_name = {r["system"]: r["per_query"] for r in results}
    out = {}
    for half in ("development", "held_out"):
        scores = {
            name: [x["ndcg@10"] for x in by_name[name] if half_of(meta[x["id"]]) == half]
            for name in ("engine", ReciprocalBm25.name, ReciprocalTfidf.name)
        }
        best = max((ReciprocalBm25.name, ReciprocalTfidf.name), key=lambda n: mean(scores[n]))
        eng, base = scores["engine"], scores[best]
        out[half] = {
            "queries": len(eng),
            **{name: round(mean(v), 4) for name, v in scores.items()},
            "best_reciprocal": best,
            "engine_minus_best": round(mean(eng) - mean(base), 4),
            "ci95": bootstrap_diff(eng, base),
            "queries_engine_better": sum(e > b + 1e-9 for e, b in zip(eng, base, strict=True)),
            "queries_engine_worse": sum(e < b - 1e-9 for e, b in zip(eng, base, strict=True)),
        }
    return out


def print_halves(halves: dict) -> None:
    print(f"{'half':12}{'n':>5}{'engine':>8}{'BM25 r.':>9}{'TF-IDF r.':>10}{'diff':>8}  95% CI")
    for half, row in halves.items():
        print(
            f"{half:12}{row['queries']:5}{row['engine']:8.3f}{row[ReciprocalBm25.name]:9.3f}"
            f"{row[ReciprocalTfidf.name]:10.3f}{row['engine_minus_best']:+8.3f}  {row['ci95']}"
        )


def baseline_runner(system) -> Callable[[dict, list[str]], list[str]]:
    return lambda q, pool: rank(system.scores(q["source"], pool), K_RECALL)


def engine_runner(system: EngineSystem) -> Callable[[dict, list[str]], list[str]]:
    return lambda q, pool: system.ranked(q, K_RECALL)


def ablations() -> list[tuple[str, dict]]:
    """Each signal switched off through the engine's Weights."""
    from silkbridge.engines.matching import Weights

    names = {f.name for f in Weights.__dataclass_fields__.values()}
    wanted = [
        ("one side only (no reciprocity bonus)", {"reciprocal_bonus": 0.0}),
        ("-profile_similarity", {"profile_similarity": 0.0}),
        ("-kind", {"kind": 0.0}),
        ("-language", {"language": 0.0, "language_penalty": 1.0}),
        ("-partner_kind_penalty", {"partner_kind_penalty": 1.0}),
        ("-item_fit", {"item_fit": 0.0}),
        ("-activity", {"activity": 0.0}),
    ]
    return [(label, kw) for label, kw in wanted if set(kw) <= names]


def table(rows: list[tuple[str, dict]], groups: list[str]) -> str:
    head = f"{'system':28}" + "".join(f"{g[:22]:>24}" for g in groups)
    lines = [head, f"{'':28}" + "".join(f"{'nDCG  MRR   R@50':>24}" for _ in groups)]
    for name, summary in rows:
        cells = []
        for g in groups:
            s = summary.get(g)
            cells.append(
                f"{s['ndcg@10']:.3f} {s['mrr']:.3f} {s['recall@50']:.3f}".rjust(24)
                if s
                else f"{'-':>24}"
            )
        lines.append(f"{name:28}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-engine", action="store_true", help="baselines only")
    parser.add_argument("--no-ablation", action="store_true", help="skip the ablation runs")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    data = load()
    report: dict = {
        "data": {
            "organisations": len(data.orgs),
            "items": len(data.items),
            "queries": len(data.queries),
            "history_edges": len(data.history),
        },
        "metrics": {
            "ndcg@10": "gain 2^g - 1, ideal from all judgements",
            "mrr": f"first result with grade >= {RELEVANT}",
            "recall@50": f"share of grade >= {RELEVANT} in the top 50",
        },
        "settings": {},
    }
    for setting, with_history in (("content", False), ("with_history", True)):
        if with_history and args.no_engine:
            break
        pools = Pools(data, existing_partners(data.history) if with_history else {})
        queries = usable_queries(data, pools)
        results = []
        for cls in BASELINES:
            system = cls(data)
            results.append(evaluate(system.name, baseline_runner(system), queries))
        if not args.no_engine:
            engine = EngineSystem(data, history=with_history)
            results.append(evaluate("engine", engine_runner(engine), queries))
            if not args.no_ablation:
                from silkbridge.engines.matching import Weights

                runs = ablations()
                if with_history:
                    runs = [("-history", {"history": 0.0}), *runs]
                for label, kw in runs:
                    sysm = EngineSystem(
                        data, Weights(**kw) if kw else None, with_history, f"engine {label}"
                    )
                    results.append(evaluate(sysm.name, engine_runner(sysm), queries))
        summaries = [(r["system"], summarise(r, queries)) for r in results]
        best_baseline = max(summaries[: len(BASELINES)], key=lambda s: s[1]["all"]["ndcg@10"])
        comparison = {}
        if not args.no_engine:
            by_name = {r["system"]: [x["ndcg@10"] for x in r["per_query"]] for r in results}
            base = by_name[best_baseline[0]]
            eng = by_name["engine"]
            comparison = {
                "best_baseline": best_baseline[0],
                "engine_minus_best_ndcg@10_ci95": bootstrap_diff(eng, base),
                "queries_engine_better": sum(e > b + 1e-9 for e, b in zip(eng, base, strict=True)),
                "queries_engine_worse": sum(e < b - 1e-9 for e, b in zip(eng, base, strict=True)),
                "halves_vs_best_reciprocal": halves_vs_reciprocal(results, queries, team_half),
            }
        groups = ["all", "type:partners_for", "type:candidates_for", "type:opportunities_for"]
        cats = sorted(k for k in summaries[0][1] if k.startswith(("cat:", "country:")))
        print(f"\n== {setting}: {len(queries)} queries ==")
        print(table(summaries, groups))
        print()
        for i in range(0, len(cats), 4):
            print(table(summaries, cats[i : i + 4]))
            print()
        if comparison:
            halves = comparison.pop("halves_vs_best_reciprocal")
            print("engine vs", comparison["best_baseline"], json.dumps(comparison))
            print_halves(halves)
            comparison["halves_vs_best_reciprocal"] = halves
        report["settings"][setting] = {
            "queries": len(queries),
            "comparison": comparison,
            "systems": {
                r["system"]: {
                    "seconds": r["seconds"],
                    "hard_rule_violations": r["hard_rule_violations"],
                    "violation_examples": r["violation_examples"],
                    "summary": s,
                }
                for r, (_, s) in zip(results, summaries, strict=True)
            },
            "per_query": {r["system"]: r["per_query"] for r in results},
        }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "matching-quality.json"
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
