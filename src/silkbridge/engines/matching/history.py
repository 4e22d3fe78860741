"""Collaboration history: partners of partners (Adamic–Adar) and activity, decayed by age."""

from __future__ import annotations

import math
from collections.abc import Iterable

from silkbridge.engines.matching.model import HistoryEdge


class HistoryGraph:
    """Undirected weighted graph of past collaborations; empty means the signal is off."""

    def __init__(self, edges: Iterable[HistoryEdge] = (), half_life_years: float = 3.0) -> None:
        self.half_life_years = half_life_years
        self.edges: list[HistoryEdge] = sorted(
            edges, key=lambda e: (e.when, min(e.a, e.b), max(e.a, e.b), e.kind)
        )
        self._build()

    def _build(self) -> None:
        self.neighbours: dict[int, dict[int, float]] = {}
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
        """Add edges (weights depend on the newest edge, so the graph is recomputed)."""
        self.edges = sorted(
            [*self.edges, *edges], key=lambda e: (e.when, min(e.a, e.b), max(e.a, e.b), e.kind)
        )
        self._build()

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

    def partners_of_partners(self, org: int) -> dict[int, tuple[float, list[int]]]:
        """Adamic–Adar score per organisation two steps away, with the shared partners.

        A shared partner counts 1/log(1 + its number of partners): a rare link through a small
        organisation says more than one through a hub everyone has met.
        """
        out: dict[int, tuple[float, list[int]]] = {}
        for via, w_a in sorted(self.neighbours.get(org, {}).items()):
            via_partners = self.neighbours[via]
            rarity = 1.0 / math.log1p(len(via_partners))
            for other, w_b in via_partners.items():
                if other == org:
                    continue
                score, vias = out.get(other, (0.0, []))
                vias.append(via)
                out[other] = (score + rarity * math.sqrt(w_a * w_b), vias)
        return out
