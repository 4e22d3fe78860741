"""The matching evaluation set in benchmarks/data/matching is well formed (no database needed)."""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "matching"
TAXONOMY = Path(__file__).resolve().parents[2] / "src/silkbridge/directory/seed/taxonomy.py"
KINDS = {"company", "authority", "academic", "association"}
SIZES = {"micro", "small", "medium", "large", "enterprise"}
QUERY_TYPES = {"partners_for", "candidates_for", "opportunities_for"}


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def data() -> dict:
    orgs = {o["id"]: o for o in _read("organisations.jsonl")}
    items = {i["id"]: i for i in _read("items.jsonl")}
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    return {
        "orgs": orgs,
        "items": items,
        "queries": _read("queries.jsonl"),
        "history": _read("history.jsonl"),
        "annotations": {a["id"]: a for a in _read("annotations.jsonl")},
        "as_of": manifest["as_of"],
    }


def _slugs() -> dict[str, set[str]]:
    """Slugs per vocabulary, read from the seed file with `ast` (the module imports Django)."""
    names = {"SECTORS": "sectors", "TECHNOLOGIES": "technologies", "SERVICES": "services"}
    out: dict[str, set[str]] = {}
    for node in ast.parse(TAXONOMY.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") in names:
            out[names[node.target.id]] = {row[0] for row in ast.literal_eval(node.value)}
    return out


def _eligible(item: dict, as_of: str) -> bool:
    return item["status"] == "published" and item["expires_on"] >= as_of


def test_organisations_are_complete_and_use_the_taxonomy(data):
    slugs = _slugs()
    assert len(slugs["sectors"]) >= 15 and "fintech" in slugs["sectors"]
    countries = Counter(o["country"] for o in data["orgs"].values())
    assert set(countries) == {"KZ", "PK"} and min(countries.values()) >= 200
    for org in data["orgs"].values():
        assert org["kind"] in KINDS, org["id"]
        assert org["size"] in SIZES, org["id"]
        assert org["languages"] and org["description"].strip(), org["id"]
        for vocab in ("sectors", "technologies", "services"):
            assert set(org[vocab]) <= slugs[vocab], (org["id"], vocab)
        if org["kind"] == "company":
            assert org["fictional"], f"{org['id']}: companies in the set are invented"
    kinds = Counter((o["country"], o["kind"]) for o in data["orgs"].values())
    assert all(kinds[(c, k)] >= 3 for c in ("KZ", "PK") for k in KINDS)


def test_items_belong_to_organisations(data):
    slugs = _slugs()
    for item in data["items"].values():
        assert item["org_id"] in data["orgs"], item["id"]
        assert item["direction"] in {"offer", "request"}
        assert item["status"] in {"published", "expired", "closed", "draft"}
        assert set(item["partner_kinds"]) <= KINDS
        assert set(item["sectors"]) <= slugs["sectors"]
        assert set(item["technologies"]) <= slugs["technologies"]
        assert item["title"].strip() and item["summary"].strip()


def test_at_least_200_queries_of_every_type_and_both_countries(data):
    queries = data["queries"]
    assert len(queries) >= 200
    assert len({q["id"] for q in queries}) == len(queries)
    assert {q["type"] for q in queries} == QUERY_TYPES
    assert {q["country"] for q in queries} == {"KZ", "PK"}
    cats = Counter(c for q in queries for c in q["categories"])
    for needed in (
        "synonym",
        "one_sided_vs_two_sided",
        "cross_kind",
        "academic_peer",
        "non_english_query",
        "tag_distractors",
        "handwritten",
    ):
        assert cats[needed] >= 5, needed


def test_judgements_reference_admissible_candidates_with_grades_in_range(data):
    orgs, items, as_of = data["orgs"], data["items"], data["as_of"]
    for q in data["queries"]:
        if q["type"] == "candidates_for":
            source = items[q["source"]]
            assert _eligible(source, as_of), q["id"]
            country, owner = orgs[source["org_id"]]["country"], source["org_id"]
        else:
            country, owner = orgs[q["source"]]["country"], q["source"]
        assert q["country"] == country
        assert q["judgements"], q["id"]
        assert any(g >= 2 for g in q["judgements"].values()), q["id"]
        for cid, grade in q["judgements"].items():
            assert isinstance(grade, int) and 0 <= grade <= 3, (q["id"], cid)
            if q["type"] == "opportunities_for":
                item = items[cid]
                assert _eligible(item, as_of), (q["id"], cid)
                assert orgs[item["org_id"]]["country"] != country, (q["id"], cid)
            else:
                assert cid in orgs and cid != owner, (q["id"], cid)
                assert orgs[cid]["country"] != country, (q["id"], cid)


def test_history_and_annotations_are_consistent(data):
    orgs = data["orgs"]
    for edge in data["history"]:
        assert edge["a"] in orgs and edge["b"] in orgs and edge["a"] < edge["b"]
        assert edge["date"] < data["as_of"]
        assert edge["kind"] in {"introduction", "meeting", "venture"}
    assert set(data["annotations"]) == set(orgs) | set(data["items"])
