"""Index storage and lifecycle: organisations, offer/need documents, tags, history, persistence.

Every organisation gets a row; every offer or need gets a document row: one per open item, one
implicit offer per organisation (its services, technologies, sectors and description), and one
implicit need when its description says what it seeks (see `text.split_description`).
Rows are never reused; removal marks a row dead, so incremental changes stay O(1) apart from
the lexical delta segment (see `lexical.py`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

import numpy as np

from silkbridge.engines.matching import generations
from silkbridge.engines.matching.concepts import ConceptFinder
from silkbridge.engines.matching.history import HistoryGraph
from silkbridge.engines.matching.jsonl import read_lines, write_lines
from silkbridge.engines.matching.lexical import LexicalIndex, MergePlan, Segment
from silkbridge.engines.matching.model import HistoryEdge, Item, Profile, Weights
from silkbridge.engines.matching.rules import EGOV_TAGS
from silkbridge.engines.matching.text import index_tokens, split_description

OFFER, NEED = 0, 1
FORMAT_VERSION = 6
#: Document key kind of the implicit need taken from a profile description.
PROFILE_NEED = "profile-need"


class UnsupportedFormat(ValueError):
    """A generation saved by a version with another on-disk format (rebuild it)."""


def saved_format(path: str | Path) -> int | None:
    """The format number of the generation under `path` (its small header only), or None."""
    try:
        header = json.loads((generations.resolve(path) / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return header.get("format") if isinstance(header, dict) else None


class _Column:
    """A growable numpy column (amortised O(1) append)."""

    def __init__(self, dtype: type | str, fill: object) -> None:
        self.fill = fill
        self.data = np.full(64, fill, dtype=dtype)
        self.n = 0

    def append(self, value: object) -> int:
        if self.n == len(self.data):
            grown = np.full(2 * len(self.data), self.fill, dtype=self.data.dtype)
            grown[: self.n] = self.data
            self.data = grown
        self.data[self.n] = value
        self.n += 1
        return self.n - 1

    @property
    def view(self) -> np.ndarray:
        return self.data[: self.n]


def _clean_tags(values: Iterable[str], field: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ValueError(f"{field} must be a sequence of tag slugs, not a string")
    return tuple(sorted({str(v).strip() for v in values if str(v).strip()}))


def _check_profile(profile: Profile) -> Profile:
    if not isinstance(profile.id, int) or isinstance(profile.id, bool):
        raise ValueError(f"profile id must be an int, got {profile.id!r}")
    return replace(
        profile,
        country=str(profile.country or "").upper(),
        languages=_clean_tags(profile.languages, "languages"),
        sectors=_clean_tags(profile.sectors, "sectors"),
        technologies=_clean_tags(profile.technologies, "technologies"),
        services=_clean_tags(profile.services, "services"),
        description=profile.description or "",
    )


def _check_item(item: Item) -> Item:
    if not isinstance(item.id, int) or isinstance(item.id, bool):
        raise ValueError(f"item id must be an int, got {item.id!r}")
    direction = {"request": "need"}.get(item.direction, item.direction)
    if direction not in ("offer", "need"):
        raise ValueError(f"item {item.id}: direction must be 'offer' or 'need', got {direction!r}")
    return replace(
        item,
        direction=direction,
        text=item.text or "",
        title=item.title or "",
        sectors=_clean_tags(item.sectors, "sectors"),
        technologies=_clean_tags(item.technologies, "technologies"),
        services=_clean_tags(item.services, "services"),
        partner_kinds=_clean_tags(item.partner_kinds, "partner_kinds"),
        languages=_clean_tags(item.languages, "languages"),
        target_country=str(item.target_country or "").upper(),
    )


class IndexStore:
    """State and lifecycle of a `MatchIndex`; the queries live in `index.py`."""

    #: The saved generation this index was loaded from (None: built in this process).
    source: Path | None = None

    def __init__(
        self,
        *,
        weights: Weights | None = None,
        taxonomy_labels: Mapping[str, str] | None = None,
        taxonomy_aliases: Mapping[str, Sequence[str]] | None = None,
        merge_fraction: float = 0.02,
        merge_always_below: int = 20_000,
    ) -> None:
        self.weights = weights or Weights()
        self.taxonomy_labels: dict[str, str] = dict(taxonomy_labels or {})
        self.taxonomy_aliases: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in (taxonomy_aliases or {}).items()
        }
        self._concepts = ConceptFinder(self.taxonomy_labels, self.taxonomy_aliases, index_tokens)
        self._lexical = LexicalIndex(merge_fraction, merge_always_below)
        self._history = HistoryGraph(
            (), self.weights.history_half_life_years, self.weights.history_model
        )
        self._profiles: dict[int, Profile] = {}
        self._items: dict[int, Item] = {}
        # organisations by row
        self._org_row: dict[int, int] = {}
        self._org_ids: list[int] = []
        self._org_alive = _Column(bool, False)
        self._org_country = _Column(np.int32, -1)
        self._org_tags: list[Counter[int]] = []  # tag -> occurrences in profile and open items
        self._org_item_kinds: list[Counter[str]] = []
        self._org_docs: list[set[int]] = []
        self._countries: dict[str, int] = {}
        # documents by row
        self._doc_owner = _Column(np.int64, -1)
        self._doc_dir = _Column(np.int8, -1)
        self._doc_live = _Column(bool, False)
        self._doc_explicit = _Column(bool, False)
        self._doc_key: list[tuple[str, int]] = []  # ("profile", org id) or ("item", item id)
        self._doc_tags: list[frozenset[int]] = []
        self._item_row: dict[int, int] = {}
        self._implicit_row: dict[int, int] = {}
        self._implicit_need_row: dict[int, int] = {}
        # tags
        self._tag_ids: dict[str, int] = {}
        self._tag_names: list[str] = []
        self._tag_df = _Column(np.int64, 0)
        self._tag_tokens: dict[int, list[str]] = {}
        self._n_alive = 0
        # One object per distinct tag set, tuple or kind: most documents and profiles repeat
        # a few hundred combinations, and every process holds these objects itself.
        self._shared: dict = {}

    # -- tags ------------------------------------------------------------------------------

    def _tag(self, name: str) -> int:
        tag = self._tag_ids.get(name)
        if tag is None:
            tag = self._tag_ids[name] = len(self._tag_names)
            self._tag_names.append(name)
            self._tag_df.append(0)
        return tag

    def tag_label(self, tag: int | str) -> str:
        """English label of a tag for explanations; unknown tags show their slug."""
        name = self._tag_names[tag] if isinstance(tag, int) else tag
        slug = name.split(":", 1)[1]
        return self.taxonomy_labels.get(name) or self.taxonomy_labels.get(slug) or slug

    def _tag_words(self, tag: int) -> list[str]:
        """Tokens of a tag's labels in every language, so text in any language meets it."""
        words = self._tag_tokens.get(tag)
        if words is None:
            name = self._tag_names[tag]
            slug = name.split(":", 1)[1]
            labels = [self.tag_label(tag)]
            labels += self.taxonomy_aliases.get(name, ()) or self.taxonomy_aliases.get(slug, ())
            words = self._tag_tokens[tag] = index_tokens(" ".join(labels))
        return words

    def _tags_of(self, obj: Profile | Item) -> frozenset[int]:
        names = [f"sector:{s}" for s in obj.sectors]
        names += [f"technology:{s}" for s in obj.technologies]
        names += [f"service:{s}" for s in obj.services]
        return frozenset(self._tag(n) for n in names)

    def tag_idf(self) -> np.ndarray:
        """Rarity of each tag across live organisations (BM25-style IDF, always positive)."""
        df = self._tag_df.view.astype(np.float64)
        n = max(self._n_alive, 1)
        return np.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _count_tags(self, org_row: int, tags: Iterable[int], sign: int) -> None:
        counts = self._org_tags[org_row]
        alive = bool(self._org_alive.data[org_row])
        for tag in tags:
            before = counts[tag]
            counts[tag] = before + sign
            if counts[tag] <= 0:
                del counts[tag]
            if alive and (before == 0) != (counts[tag] == 0):
                self._tag_df.data[tag] += sign

    # -- documents -------------------------------------------------------------------------

    def _new_doc(self, key: tuple[str, int], owner_row: int, direction: int, tags: frozenset[int]):
        row = self._doc_owner.append(owner_row)
        self._doc_dir.append(direction)
        self._doc_live.append(True)
        self._doc_explicit.append(key[0] == "item")
        self._doc_key.append(key)
        self._doc_tags.append(self._shared.setdefault(tags, tags))
        self._org_docs[owner_row].add(row)
        return row

    def _kill_doc(self, row: int, *, lexical: bool) -> None:
        self._doc_live.data[row] = False
        self._org_docs[int(self._doc_owner.data[row])].discard(row)
        if lexical:
            self._lexical.remove(row)

    def _doc_tokens(self, row: int) -> list[str]:
        kind, key = self._doc_key[row]
        if kind in ("profile", PROFILE_NEED):
            offers, needs = split_description(self._profiles[key].description)
            text = needs if kind == PROFILE_NEED else offers
        else:
            item = self._items[key]
            text = f"{item.title}\n{item.text}"
        words = index_tokens(text)
        words += self._concepts.find(words)  # taxonomy terms written in the text, any language
        for tag in sorted(self._doc_tags[row], key=self._tag_names.__getitem__):
            # The tag itself as a token (no text token can look like it), then its labels.
            words.append("#" + self._tag_names[tag])
            words.extend(self._tag_words(tag))
        return words

    def _insert_profile(self, profile: Profile) -> list[int]:
        """Register a profile (replacing an old version); returns document rows to tokenise."""
        changed: list[int] = []
        tags = self._tags_of(profile)
        row = self._org_row.get(profile.id)
        if row is None:
            row = self._org_alive.append(True)
            self._org_row[profile.id] = row
            self._org_ids.append(profile.id)
            self._org_country.append(-1)
            self._org_tags.append(Counter())
            self._org_item_kinds.append(Counter())
            self._org_docs.append(set())
            self._n_alive += 1
        else:
            old = self._profiles[profile.id]
            self._count_tags(row, self._tags_of(old), -1)
            self._kill_doc(self._implicit_row.pop(profile.id), lexical=True)
            need_row = self._implicit_need_row.pop(profile.id, None)
            if need_row is not None:
                self._kill_doc(need_row, lexical=True)
        country = self._countries.setdefault(profile.country, len(self._countries))
        self._org_country.data[row] = country
        self._profiles[profile.id] = profile
        self._count_tags(row, tags, +1)
        doc = self._new_doc(("profile", profile.id), row, OFFER, tags)
        self._implicit_row[profile.id] = doc
        changed.append(doc)
        if split_description(profile.description)[1]:
            # Profile tags describe what it does, so the need from its description has none.
            need = self._new_doc((PROFILE_NEED, profile.id), row, NEED, frozenset())
            self._implicit_need_row[profile.id] = need
            changed.append(need)
        return changed

    def _insert_item(self, item: Item) -> list[int]:
        owner_row = self._org_row.get(item.owner_id)
        if owner_row is None or not self._org_alive.data[owner_row]:
            raise ValueError(f"item {item.id}: unknown owner organisation {item.owner_id}")
        self._delete_item(item.id)
        self._items[item.id] = item
        if not item.open:
            return []
        tags = self._tags_of(item)
        self._count_tags(owner_row, tags, +1)
        if item.kind:
            self._org_item_kinds[owner_row][item.kind] += 1
        direction = OFFER if item.direction == "offer" else NEED
        row = self._new_doc(("item", item.id), owner_row, direction, tags)
        self._item_row[item.id] = row
        return [row]

    def _delete_item(self, item_id: int) -> None:
        old = self._items.pop(item_id, None)
        row = self._item_row.pop(item_id, None)
        if old is None or row is None:
            return
        owner_row = int(self._doc_owner.data[row])
        self._count_tags(owner_row, self._doc_tags[row], -1)
        if old.kind:
            kinds = self._org_item_kinds[owner_row]
            kinds[old.kind] -= 1
            if kinds[old.kind] <= 0:
                del kinds[old.kind]
        self._kill_doc(row, lexical=True)

    # -- public lifecycle --------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        profiles: Iterable[Profile],
        items: Iterable[Item] = (),
        history: Iterable[HistoryEdge] = (),
        *,
        taxonomy_labels: Mapping[str, str] | None = None,
        taxonomy_aliases: Mapping[str, Sequence[str]] | None = None,
        weights: Weights | None = None,
        merge_fraction: float = 0.02,
        merge_always_below: int = 20_000,
    ):  # type: ignore[no-untyped-def]
        """Full build; input order does not matter (rows follow ids)."""
        index = cls(
            weights=weights,
            taxonomy_labels=taxonomy_labels,
            taxonomy_aliases=taxonomy_aliases,
            merge_fraction=merge_fraction,
            merge_always_below=merge_always_below,
        )
        checked = sorted((_check_profile(p) for p in profiles), key=lambda p: p.id)
        seen: set[int] = set()
        for p in checked:
            if p.id in seen:
                raise ValueError(f"duplicate profile id {p.id}")
            seen.add(p.id)
            index._insert_profile(p)
        for item in sorted((_check_item(i) for i in items), key=lambda i: i.id):
            if item.id in index._items:
                raise ValueError(f"duplicate item id {item.id}")
            index._insert_item(item)
        index._history = HistoryGraph(
            history,
            index.weights.history_half_life_years,
            index.weights.history_model,
            index._history_topics(),
        )
        index._index_all_text()
        return index

    def _index_all_text(self) -> None:
        rows = np.flatnonzero(self._doc_live.view).tolist()
        self._lexical.bulk_load(rows, [self._doc_tokens(r) for r in rows])

    def add_or_update_profile(self, profile: Profile) -> None:
        """Add a new organisation or replace its profile, without a rebuild."""
        profile = _check_profile(profile)
        row = self._org_row.get(profile.id)
        if row is not None and not self._org_alive.data[row]:
            self._revive(row)
        for doc in self._insert_profile(profile):
            self._lexical.add(doc, self._doc_tokens(doc))

    def _revive(self, row: int) -> None:
        self._org_alive.data[row] = True
        self._n_alive += 1
        for tag in self._org_tags[row]:
            self._tag_df.data[tag] += 1

    def remove_profile(self, profile_id: int) -> None:
        """Remove an organisation and all its items; unknown ids are ignored."""
        row = self._org_row.get(profile_id)
        if row is None or not self._org_alive.data[row]:
            return
        for item_id in [i.id for i in self._items.values() if i.owner_id == profile_id]:
            self._delete_item(item_id)
        self._count_tags(row, self._tags_of(self._profiles[profile_id]), -1)
        self._kill_doc(self._implicit_row.pop(profile_id), lexical=True)
        need_row = self._implicit_need_row.pop(profile_id, None)
        if need_row is not None:
            self._kill_doc(need_row, lexical=True)
        del self._profiles[profile_id]
        self._org_alive.data[row] = False
        self._n_alive -= 1

    def add_or_update_item(self, item: Item) -> None:
        """Add, replace, close or reopen one offer or need, without a rebuild."""
        for doc in self._insert_item(_check_item(item)):
            self._lexical.add(doc, self._doc_tokens(doc))

    def remove_item(self, item_id: int) -> None:
        """Remove one offer or need; unknown ids are ignored."""
        self._delete_item(item_id)

    def add_history(self, edges: Iterable[HistoryEdge]) -> None:
        """Record further collaborations (accepted introductions, meetings, ventures); an edge
        whose `ref` is known replaces the old one."""
        self._history.add(edges)

    def remove_history(self, refs: Iterable[str]) -> None:
        """Forget the collaborations recorded under these refs."""
        self._history.remove(refs)

    def history_changed(self, edges: Iterable[HistoryEdge], gone: Iterable[str]) -> HistoryGraph:
        """The collaboration graph with these changes, built aside (the index is unchanged);
        `use_history` installs it. Edges of organisations not in the index are left out."""
        known = self._profiles
        return self._history.changed((e for e in edges if e.a in known and e.b in known), gone)

    def use_history(self, graph: HistoryGraph) -> None:
        self._history = graph

    def _history_topics(self) -> dict[int, tuple[str, ...]]:
        """The sectors of every organisation, an input of the history model (taken when the
        collaboration graph is built or loaded; a later change counts from the next build)."""
        return {org: p.sectors for org, p in self._profiles.items() if p.sectors}

    @property
    def document_count(self) -> int:
        """Offer and need documents in the word index."""
        return len(self._lexical.tokens)

    def compact(self) -> None:
        """Merge the lexical delta segment now (otherwise it merges when it grows)."""
        self._lexical.merge()

    @property
    def auto_compact(self) -> bool:
        """Whether a change that makes a merge due merges the delta on the spot (the default).
        A server turns this off and merges when it chooses (`compact`, or in the background
        with `begin_compact`), so that no change waits for a merge."""
        return self._lexical.auto_merge

    @auto_compact.setter
    def auto_compact(self, value: bool) -> None:
        self._lexical.auto_merge = value

    @property
    def compaction_due(self) -> bool:
        """The delta has grown enough to merge, and no merge is under way."""
        return self._lexical.merge_due and not self._lexical.merging

    def begin_compact(self) -> MergePlan:
        """Start a merge whose slow part (`plan.build()`) runs outside any lock; queries and
        changes continue meanwhile and `finish_compact` keeps the changes made since."""
        return self._lexical.begin_merge()

    def abandon_compact(self) -> None:
        """Forget a merge that was begun and will not finish."""
        self._lexical.abandon_merge()

    def finish_compact(self, plan: MergePlan, segment: Segment) -> bool:
        """Install the built segment; False if a merge in between made it stale."""
        return self._lexical.finish_merge(plan, segment)

    def has_egov(self, org_row: int) -> bool:
        """Whether an organisation lists e-government among its tags."""
        # The e-government tag ids change only when a new tag name appears.
        cached = self.__dict__.get("_egov_ids")
        if cached is None or cached[0] != len(self._tag_names):
            egov = frozenset(self._tag_ids[name] for name in EGOV_TAGS if name in self._tag_ids)
            cached = self._egov_ids = (len(self._tag_names), egov)
        egov = cached[1]
        return bool(egov) and not egov.isdisjoint(self._org_tags[org_row].keys())

    @property
    def profiles(self) -> Mapping[int, Profile]:
        return self._profiles

    @property
    def items(self) -> Mapping[int, Item]:
        return self._items

    # -- persistence -------------------------------------------------------------------------

    def save(self, path: str | Path, meta: dict | None = None) -> Path:
        """Write the index as a new generation under directory `path` and return its folder:
        a small `index.json`, one JSON Lines file per kind of record, and one NumPy .npy file
        per BM25 array (see `generations.py`; `meta` is stored beside it, for the caller's
        bookkeeping).

        No pickle, so loading an index file cannot run code. The inputs are replayed on load
        in the same row order; the BM25 weights are loaded (memory-mapped), not recomputed.
        Records are written and parsed one line at a time: a single `json.loads` of the whole
        state (~170 MB at 100,000 organisations) would hold the interpreter for seconds, and
        a process that refreshes its index in a thread would answer no query meanwhile.
        """
        header = {
            "format": FORMAT_VERSION,
            "weights": asdict(self.weights),
            "taxonomy_labels": self.taxonomy_labels,
            "taxonomy_aliases": {k: list(v) for k, v in self.taxonomy_aliases.items()},
            "tags": self._tag_names,
            "countries": sorted(self._countries, key=self._countries.__getitem__),
        }
        records = {
            "profiles": (_jsonable(asdict(p)) for p in self._profiles.values()),
            "items": (_jsonable(asdict(i)) for i in self._items.values()),
            "orgs": zip(self._org_ids, self._org_alive.view.tolist(), strict=True),
            "docs": (
                [kind, key, live]
                for (kind, key), live in zip(
                    self._doc_key, self._doc_live.view.tolist(), strict=True
                )
            ),
            "history": (
                {"a": e.a, "b": e.b, "when": e.when.isoformat(), "kind": e.kind, "ref": e.ref}
                for e in self._history.edges
            ),
        }

        def fill(folder: Path) -> None:
            text = json.dumps(header, ensure_ascii=False)
            (folder / "index.json").write_text(text, encoding="utf-8")
            for name, rows in records.items():
                write_lines(folder / f"{name}.jsonl", rows)
            self._lexical.save(folder)

        return generations.write(path, fill, meta)

    @classmethod
    def load(  # type: ignore[no-untyped-def]
        cls, path: str | Path, *, mmap: bool = True, pause: Callable[[], None] | None = None
    ):
        """Read the current generation under `path` (or the generation folder `path`); with
        `mmap` the BM25 arrays are memory-mapped and shared with other processes. Records are
        parsed one line at a time, and `pause` is called every few hundred records, so the
        query threads of the process keep running (see `jsonl.py`)."""
        path = generations.resolve(path)
        state = json.loads((path / "index.json").read_text(encoding="utf-8"))
        if state.get("format") != FORMAT_VERSION:
            raise UnsupportedFormat(f"unsupported index format {state.get('format')!r}")
        index = cls(
            weights=Weights(**state["weights"]),
            taxonomy_labels=state["taxonomy_labels"],
            taxonomy_aliases=state["taxonomy_aliases"],
        )
        for name in state["tags"]:
            index._tag(name)
        for code in state["countries"]:
            index._countries[code] = len(index._countries)
        shared = index._shared
        index._profiles = {
            p["id"]: Profile(**_tupled(p, shared))
            for p in read_lines(path / "profiles.jsonl", pause)
        }
        index._items = {
            i["id"]: Item(**_tupled(i, shared)) for i in read_lines(path / "items.jsonl", pause)
        }
        for org_id, alive in read_lines(path / "orgs.jsonl", pause):
            row = index._org_alive.append(alive)
            index._org_row[org_id] = row
            index._org_ids.append(org_id)
            profile = index._profiles.get(org_id)
            index._org_country.append(index._countries[profile.country] if profile else -1)
            index._org_tags.append(Counter())
            index._org_item_kinds.append(Counter())
            index._org_docs.append(set())
        # Replay documents in their saved row order, so rows match the BM25 state.
        for kind, key, live in read_lines(path / "docs.jsonl", pause):
            from_profile = kind in ("profile", PROFILE_NEED)
            obj = index._profiles.get(key) if from_profile else index._items.get(key)
            if not live or obj is None:
                index._doc_owner.append(-1)
                index._doc_dir.append(-1)
                index._doc_live.append(False)
                index._doc_explicit.append(kind == "item")
                index._doc_key.append((kind, key))
                index._doc_tags.append(frozenset())
                continue
            if from_profile:
                owner = index._org_row[key]
                direction = NEED if kind == PROFILE_NEED else OFFER
            else:
                owner = index._org_row[obj.owner_id]
                direction = OFFER if obj.direction == "offer" else NEED
            tags = frozenset() if kind == PROFILE_NEED else index._tags_of(obj)
            row = index._new_doc((kind, key), owner, direction, tags)
            if kind == PROFILE_NEED:
                index._implicit_need_row[key] = row
            elif kind == "profile":
                index._implicit_row[key] = row
            else:
                index._item_row[key] = row
                if obj.kind:
                    index._org_item_kinds[owner][obj.kind] += 1
            for tag in tags:
                index._org_tags[owner][tag] += 1
        for row in range(index._org_alive.n):
            if pause is not None and row % 1000 == 999:
                pause()
            if index._org_alive.data[row]:
                index._n_alive += 1
                for tag in index._org_tags[row]:
                    index._tag_df.data[tag] += 1
        index._history = HistoryGraph(
            (
                HistoryEdge(
                    e["a"], e["b"], date.fromisoformat(e["when"]), e["kind"], e.get("ref", "")
                )
                for e in read_lines(path / "history.jsonl", pause)
            ),
            index.weights.history_half_life_years,
            index.weights.history_model,
            index._history_topics(),
        )
        index._lexical.load(path, mmap=mmap, pause=pause)
        index.source = path
        return index


def _jsonable(data: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


#: Text fields with a handful of distinct values.
_FEW_VALUES = frozenset({"country", "kind", "size", "direction", "target_country"})


def _tupled(data: dict, shared: dict) -> dict:
    """JSON lists back to tuples; equal tuples and equal values of `_FEW_VALUES` fields
    become one object each."""
    out = {}
    for key, value in data.items():
        if isinstance(value, list):
            value = tuple(value)
            value = shared.setdefault(value, value)
        elif key in _FEW_VALUES and isinstance(value, str):
            value = shared.setdefault(value, value)
        out[key] = value
    return out
