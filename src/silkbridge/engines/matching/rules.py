"""Small scoring functions: reciprocity, kinds, languages. Pure and separately tested."""

from __future__ import annotations

#: How well a partner of a given kind suits an opportunity type (1.0 = the natural partner).
#: An authority's e-government need is best met by a company with e-government solutions.
KIND_FIT: dict[str, dict[str, float]] = {
    "egov": {"company": 1.0, "authority": 0.5, "academic": 0.3, "association": 0.3},
    "research": {"academic": 1.0, "company": 0.5, "authority": 0.3, "association": 0.3},
    "talent": {"academic": 1.0, "company": 0.8, "association": 0.5, "authority": 0.2},
    "investment": {"company": 1.0, "association": 0.6, "authority": 0.4, "academic": 0.2},
    "technology": {"company": 1.0, "academic": 0.7, "association": 0.4, "authority": 0.3},
    "business": {"company": 1.0, "association": 0.6, "authority": 0.3, "academic": 0.2},
}

#: Organisation pairs for which profile similarity is the point of the match: universities
#: building joint programmes. For other pairs it was measured to cost more than it helps
#: (nDCG@10 .681 with it for every pair, .704 for academic pairs only; the same on both halves
#: of the evaluation set), so what they offer and seek decides alone.
PROFILE_SIMILARITY_FIT: dict[frozenset[str], float] = {
    frozenset({"academic"}): 1.0,
}
PROFILE_SIMILARITY_DEFAULT = 0.0

#: Tags that mark e-government solutions (slug or namespaced slug).
EGOV_TAGS = frozenset({"sector:e-government", "service:e-government", "technology:e-government"})


def reciprocal(first: float, second: float, bonus: float) -> float:
    """The stronger side plus `bonus` times the weaker one.

    A two-sided fit beats a one-sided fit of the same strength (0.8/0.4 > 0.8/0.0), and one
    exact fit still beats two weak, merely related ones (0.8/0.0 > 0.4/0.4 with bonus < 1): a
    partner must first answer something well; answering something back makes it better.
    """
    first, second = max(first, 0.0), max(second, 0.0)
    return max(first, second) + bonus * min(first, second)


def kind_fit(item_kind: str, partner_kind: str, partner_has_egov: bool = False) -> float:
    """How well an organisation of `partner_kind` suits an opportunity of `item_kind`."""
    table = KIND_FIT.get(item_kind)
    if table is None:
        return 0.0
    value = table.get(partner_kind, 0.0)
    if item_kind == "egov" and partner_kind == "company" and not partner_has_egov:
        value = 0.6
    return value


def profile_similarity_fit(kind_a: str, kind_b: str) -> float:
    """How much plain profile similarity means for this pair of kinds."""
    if kind_a == kind_b:
        return PROFILE_SIMILARITY_FIT.get(frozenset({kind_a}), PROFILE_SIMILARITY_DEFAULT)
    return PROFILE_SIMILARITY_DEFAULT


def shared_languages(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[str], bool]:
    """(shared languages, whether the pair is known to have none in common)."""
    if not a or not b:
        return [], False
    shared = sorted(set(a) & set(b))
    return shared, not shared
