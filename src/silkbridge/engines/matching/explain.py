"""Reasons for a suggestion, built only from signals that contributed to its score.

Each `Reason` has a stable `code` and complete `params`, so the platform can translate it; the
English `text` is a fallback rendering of the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from silkbridge.engines.matching.model import Reason

if TYPE_CHECKING:
    from silkbridge.engines.matching.index import MatchIndex

#: Which signal each reason code stands for (reasons appear only when that signal scored).
REASON_SIGNALS: dict[str, str] = {
    "offer_meets_need:theirs": "need_fit",
    "offer_meets_need:yours": "offer_fit",
    "offer_meets_need:item": "item_fit",
    "shared_sectors": "profile_similarity",
    "shared_technologies": "profile_similarity",
    "shared_services": "profile_similarity",
    "kind_fit": "kind",
    "shared_languages": "language",
    "similar_work": "similar_work",
    "collaboration_path": "history",
    "active_collaborator": "history",
}

#: A side's fit must reach this to be described as meeting a need: below it the words in
#: common are incidental.
FIT_TO_EXPLAIN = 0.08

LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Russian",
    "kk": "Kazakh",
    "ur": "Urdu",
    "zh": "Chinese",
    "tr": "Turkish",
    "de": "German",
    "fr": "French",
    "ar": "Arabic",
    "uz": "Uzbek",
}

KIND_NAMES = {
    "company": "company",
    "authority": "public authority",
    "academic": "academic institution",
    "association": "association",
}

ITEM_KIND_NAMES = {
    "business": "business",
    "technology": "technology",
    "research": "research and academic",
    "egov": "e-government",
    "investment": "investment",
    "talent": "talent",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """The best offer–need pair on one side of a match."""

    side: str  # "theirs": their offer meets your need; "yours": your offer meets their need
    offer: tuple[str, int]  # ("item", id) or ("profile", organisation id)
    need: tuple[str, int]
    terms: list[str]
    tags: list[str]
    value: float


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _title(index: MatchIndex, key: tuple[str, int]) -> str:
    kind, ident = key
    if kind in ("profile", "profile-need"):
        profile = index.profiles[ident]
        return f"the profile of {profile.name}" if profile.name else "their profile"
    item = index.items[ident]
    if item.title:
        return item.title
    text = " ".join(item.text.split())
    return text[:80] + ("…" if len(text) > 80 else "")


def _offer_reason(index: MatchIndex, ev: Evidence) -> Reason:
    offer_item = ev.offer[1] if ev.offer[0] == "item" else None
    need_item = ev.need[1] if ev.need[0] == "item" else None
    params: dict[str, Any] = {
        "side": ev.side,
        "offer_item": offer_item,
        "offer_title": _title(index, ev.offer),
        "need_item": need_item,
        "need_title": _title(index, ev.need),
        "terms": ev.terms,
        "tags": ev.tags,
        "fit": round(ev.value, 3),
    }
    return Reason("offer_meets_need", params, _offer_text(params))


def _offer_text(params: dict[str, Any]) -> str:
    offer_item, need_item = params["offer_item"], params["need_item"]
    offer_ref = f" (offer #{offer_item})" if offer_item is not None else ""
    need_ref = f" (request #{need_item})" if need_item is not None else ""
    offer = f"“{params['offer_title']}”{offer_ref}"
    need = f"“{params['need_title']}”{need_ref}"
    if params["side"] == "theirs":
        text = f"They offer {offer}; you seek {need}"
    else:
        text = f"You offer {offer}; they seek {need}"
    shared = params["tags"] or params["terms"]
    if shared:
        text += f" — in common: {_join(shared[:5])}"
    return text


def _without_tags(reason: Reason, shown: set[str]) -> Reason:
    """An offer reason that leaves out the tags a "shared …" reason already names; when none
    is left, the shared-tag reasons are its evidence and no word list is repeated."""
    tags = [t for t in reason.params["tags"] if t not in shown]
    if tags == list(reason.params["tags"]):
        return reason
    params = {**reason.params, "tags": tags, "terms": reason.params["terms"] if tags else []}
    return Reason(reason.code, params, _offer_text(params))


def _similar_work_reason(index: MatchIndex, a: int, b: int) -> Reason:
    """Both profiles describe the same work: the words they share (no tags, named elsewhere)."""
    lexical = index._lexical
    docs = [index._implicit_row.get(index._org_ids[row]) for row in (a, b)]
    common: set[int] = set()
    if None not in docs:
        terms = [set(lexical.row_terms(d, limit=10_000).tolist()) for d in docs]
        common = terms[0] & terms[1]
    words = sorted(w for w in lexical.words(_ids(common)) if not w.startswith(("#", "~")))[:8]
    text = "Similar work" + (f" — in common: {_join(words[:5])}" if words else "")
    return Reason("similar_work", {"terms": words}, text)


def _ids(values: set[int]) -> np.ndarray:
    return np.asarray(sorted(values), dtype=np.int64)


SHARED_CODES = ("shared_sectors", "shared_technologies", "shared_services")


def render_reasons(index: MatchIndex, signals: dict[str, float], evidence: dict) -> list[Reason]:
    """Reasons, strongest evidence first, for the signals that contributed to the score."""
    w = index.weights
    threshold = w.explain_threshold
    reasons: list[Reason] = []
    contributes_recip = signals.get("reciprocal", 0.0) * w.reciprocal >= threshold
    sides = [("theirs", "need_fit"), ("yours", "offer_fit")]
    for side, key in sorted(sides, key=lambda s: -signals.get(s[1], 0.0)):
        if not contributes_recip or signals.get(key, 0.0) < FIT_TO_EXPLAIN:
            continue
        ev = evidence.get(side)
        if callable(ev):  # evidence built on demand: most sides are never described
            ev = ev()
        if ev is not None:
            reasons.append(_offer_reason(index, ev))
    a, b = evidence["a"], evidence["b"]
    if not reasons and signals.get("similar_work", 0.0) * w.similar_work >= threshold:
        reasons.append(_similar_work_reason(index, a, b))
    if signals.get("profile_similarity", 0.0) * w.profile_similarity >= threshold:
        common = index._org_tags[a].keys() & index._org_tags[b].keys()
        for vocabulary, code, label in (
            ("sector", "shared_sectors", "Shared sectors"),
            ("technology", "shared_technologies", "Shared technologies"),
            ("service", "shared_services", "Shared services"),
        ):
            names = sorted(
                index.tag_label(t)
                for t in common
                if index._tag_names[t].startswith(vocabulary + ":")
            )
            if names:
                slugs = sorted(
                    index._tag_names[t].split(":", 1)[1]
                    for t in common
                    if index._tag_names[t].startswith(vocabulary + ":")
                )
                reasons.append(
                    Reason(code, {"labels": names, "slugs": slugs}, f"{label}: {_join(names)}")
                )
    shown = {n for r in reasons if r.code in SHARED_CODES for n in r.params["labels"]}
    if shown:
        reasons = [_without_tags(r, shown) if r.code == "offer_meets_need" else r for r in reasons]
    profile_a = index.profiles[index._org_ids[a]]
    profile_b = index.profiles[index._org_ids[b]]
    if signals.get("kind", 0.0) * w.kind >= threshold and signals.get("kind", 0.0) >= 0.5:
        kinds = evidence.get("kinds", [])
        params = {"kinds": kinds, "partner_kind": profile_b.kind, "your_kind": profile_a.kind}
        described = _join([ITEM_KIND_NAMES.get(k, k) for k in kinds])
        partner = KIND_NAMES.get(profile_b.kind, profile_b.kind)
        article = "An" if partner[:1] in "aeiou" else "A"
        text = f"{article} {partner} suits {described} cooperation"
        reasons.append(Reason("kind_fit", params, text))
    if signals.get("language", 0.0) * w.language >= threshold and evidence.get("languages"):
        langs = list(evidence["languages"])
        names = [LANGUAGE_NAMES.get(code, code) for code in langs]
        reasons.append(
            Reason("shared_languages", {"languages": langs}, f"Both work in {_join(names)}")
        )
    history = index._history
    if signals.get("history", 0.0) * w.history >= threshold:
        # The strongest paths first: your partner P worked with them, or P1 with P2 with them.
        paths, count = history.paths(profile_a.id, profile_b.id, limit=3)
        if paths:

            def name(org: int) -> str:
                profile = index.profiles.get(org)
                return profile.name if profile is not None and profile.name else f"#{org}"

            shown = [" → ".join(name(p) for p in path) for path in paths]
            params = {"paths": paths, "count": count}
            text = f"Linked through past collaborations: you → {'; you → '.join(shown)} → them"
            reasons.append(Reason("collaboration_path", params, text))
        else:  # no path: the lift comes from their own record of collaborations
            partners = history.partner_count(profile_b.id)
            reasons.append(
                Reason(
                    "active_collaborator",
                    {"partners": partners},
                    f"Active collaborator ({partners} past partners)",
                )
            )
    return reasons
