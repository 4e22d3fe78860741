"""The judges' grading rules: how relevant is a candidate to a query, from what each side offers and
seeks (the annotations), never from any ranking system.

Grades: 3 = a partner to contact first, 2 = a real fit with a limitation, 1 = marginal (a related
capability, or a fit that a hard practical obstacle spoils), 0 = not relevant.
"""

from __future__ import annotations

from collections.abc import Iterable

from concepts import BY_KEY, closeness


def best_fit(offers: Iterable[str], needs: Iterable[str]) -> int:
    """2 if something offered is exactly something needed, 1 if only closely related, else 0."""
    best = 0
    for o in offers:
        for n in needs:
            best = max(best, closeness(o, n))
            if best == 2:
                return 2
    return best


def _matched(offers: Iterable[str], needs: Iterable[str], level: int) -> list[str]:
    return [o for o in offers for n in needs if closeness(o, n) == level]


def practical_penalty(
    provider: dict, provided: list[str], seeker_langs: list[str], provider_langs: list[str]
) -> int:
    """One grade off for each obstacle: no working language in common; a micro company asked to
    deliver something that takes a large team (a national e-government platform, a SOC, a core
    banking system)."""
    penalty = 0
    if not set(seeker_langs) & set(provider_langs):
        penalty += 1
    if provider.get("size") == "micro" and provided and all(BY_KEY[k].large for k in provided):
        penalty += 1
    return penalty


def grade_partner(a: dict, b: dict) -> tuple[int, dict]:
    """Organisation B as a partner for organisation A.

    f = what B offers against what A seeks; r = what A offers against what B seeks. Two-sided with
    at least one exact fit: 3. One exact fit in one direction only: 2 (a one-sided fit ranks below
    a two-sided one). Only related capabilities: 1. Then the practical penalties.
    """
    f = best_fit(b["offers"], a["needs"])
    r = best_fit(a["offers"], b["needs"])
    if (f == 2 and r >= 1) or (r == 2 and f >= 1):
        g = 3
    elif f == 2 or r == 2:
        g = 2
    elif f == 1 or r == 1:
        g = 1
    else:
        g = 0
    if g:
        # The provider whose scale matters is B when B answers A's need, else A.
        if f >= r:
            provider, provided = b, _matched(b["offers"], a["needs"], f)
        else:
            provider, provided = a, _matched(a["offers"], b["needs"], r)
        g -= practical_penalty(provider, provided, a["languages"], b["languages"])
    return max(g, 0), {"forward": f, "reverse": r}


def grade_item_for_org(item: dict, owner: dict, org: dict) -> int:
    """A published item of the other country as an opportunity for organisation ORG.

    A request ORG can answer, or an offer of something ORG seeks: 3 when exact, 1 when related.
    One grade off when the item's partner kinds exclude ORG's kind, when no working language is
    shared, or when a micro company would have to deliver a large-scale request.
    """
    concept = item["concept"]
    mine = org["offers"] if item["direction"] == "request" else org["needs"]
    fit = max((closeness(concept, k) for k in mine), default=0)
    if fit == 0:
        return 0
    g = 3 if fit == 2 else 1
    if item["partner_kinds"] and org["kind"] not in item["partner_kinds"]:
        g -= 1
    if not set(item["languages"] or owner["languages"]) & set(org["languages"]):
        g -= 1
    if item["direction"] == "request" and org.get("size") == "micro" and BY_KEY[concept].large:
        g -= 1
    return max(g, 0)


def grade_org_for_item(item: dict, owner: dict, org: dict) -> int:
    """Organisation ORG as a candidate for ITEM: the same fit seen from the item's side."""
    return grade_item_for_org(item, owner, org)
