"""Collaboration history: paths to past partners (Adamic–Adar style) and activity, decayed by age.

In a cross-border graph every edge joins the two countries, so partners of partners (two steps)
are always in one's own country. Candidates in the other country are three steps away: A's
partner P1 worked with P2 (A's country), who worked with B.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from silkbridge.engines.matching.model import HistoryEdge


class HistoryGraph:
    """Undirected weighted graph of past collaborations; empty means the signal is off."""

    def __init__(self, edges: Iterable[HistoryEdge] = (), half_life_years: float = 3.0) -> None:
        self.half_life_years = half_life_years
        self.edges: list[HistoryEdge] = sorted(
            edges, key=lambda e: (e.when, min(e.a, e.b), max(e.a, e.b), e.kind, e.ref)
        )
        self._build()

    def _build(self) -> None:
        self.neighbours: dict[int, dict[int, float]] = {}
        self._three_hop: dict[int, dict] = {}
        if not self.edges:
            self.max_activity = 0.0
            return
        newest = max(e.when for e in self.edges)
        for edge in self.edges:
            if edge.a == edge.b:
                continue
            age_years = (newest - edge.when).days / 365.25
            weight = 0.5 ** (age_years / self.half_life_years)
            for x, y in ((edge.a, edge.b), (edge.b, edge.a)):
                row = self.neighbours.setdefault(x, {})
                row[y] = row.get(y, 0.0) + weight
        self.max_activity = max(sum(n.values()) for n in self.neighbours.values())

    def add(self, edges: Iterable[HistoryEdge]) -> None:
        """Add edges (weights depend on the newest edge, so the graph is recomputed); an edge
        with the `ref` of one already present replaces it (a venture's date may change)."""
        new = list(edges)
        refs = {e.ref for e in new if e.ref}
        kept = [e for e in self.edges if not (e.ref and e.ref in refs)]
        self.edges = sorted(
            [*kept, *new], key=lambda e: (e.when, min(e.a, e.b), max(e.a, e.b), e.kind, e.ref)
        )
        self._build()

    def remove(self, refs: Iterable[str]) -> None:
        """Forget the edges of these source records (a venture dropped, a meeting cancelled)."""
        gone = set(refs)
        if any(e.ref in gone for e in self.edges):
            self.edges = [e for e in self.edges if e.ref not in gone]
            self._build()

    def changed(self, edges: Iterable[HistoryEdge], gone: Iterable[str]) -> HistoryGraph:
        """A new graph with the `gone` refs forgotten and `edges` added (as `remove` then
        `add`), built while this one goes on answering."""
        new = list(edges)
        refs = set(gone) | {e.ref for e in new if e.ref}
        kept = [e for e in self.edges if not (e.ref and e.ref in refs)]
        return HistoryGraph([*kept, *new], self.half_life_years)

    def __bool__(self) -> bool:
        return bool(self.neighbours)

    def partners(self, org: int) -> dict[int, float]:
        """Direct past partners of `org` with their recency weights."""
        return self.neighbours.get(org, {})

    def activity(self, org: int) -> float:
        """Recent collaboration volume in [0, 1], relative to the most active organisation."""
        if not self.max_activity:
            return 0.0
        total = sum(self.neighbours.get(org, {}).values())
        return math.log1p(total) / math.log1p(self.max_activity)

    def three_hop(self, org: int) -> dict[int, tuple[float, list[tuple[int, int]]]]:
        """Score per organisation three steps away (org - p1 - p2 - other), with the paths.

        Each path counts the geometric mean of its recency weights divided by the log-degree of
        both middle organisations, so a path through two hubs says little (Adamic–Adar style).
        Direct partners and `org` itself are left out.
        """
        cached = self._three_hop.get(org)
        if cached is not None:
            return cached
        direct = self.neighbours.get(org, {})
        out: dict[int, tuple[float, list[tuple[int, int]]]] = {}
        self._three_hop[org] = out
        for p1, w1 in sorted(direct.items()):
            n1 = self.neighbours[p1]
            r1 = 1.0 / math.log1p(len(n1))
            for p2, w2 in sorted(n1.items()):
                if p2 == org:
                    continue
                n2 = self.neighbours[p2]
                r2 = 1.0 / math.log1p(len(n2))
                for other, w3 in n2.items():
                    if other in (org, p1) or other in direct:
                        continue
                    score, paths = out.get(other, (0.0, []))
                    paths.append((p1, p2))
                    out[other] = (score + r1 * r2 * (w1 * w2 * w3) ** (1 / 3), paths)
        return out
