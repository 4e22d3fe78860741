"""Reasons of the matching engine in the reader's language.

The engine gives each reason a stable `code` and plain `params`; this registry turns them into
translated sentences, as notifications/kinds.py does for notifications. A code missing here
falls back to the engine's English text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from silkbridge.directory.models import LANGUAGE_CHOICES, OrganisationKind, Term
from silkbridge.engines.matching import Reason
from silkbridge.opportunities.models import OpportunityType

VOCABULARY_OF = {
    "shared_sectors": "sector",
    "shared_technologies": "technology",
    "shared_services": "service",
}


@dataclass
class Context:
    """What a rendering may reveal to this reader."""

    #: Item ids whose title the reader may see next to their owner.
    hidden_items: set[int]
    #: Term labels in the reader's language, keyed (vocabulary, slug).
    labels: dict[tuple[str, str], str]


def _isolate(text: str) -> str:
    """In a right-to-left language, wrap text that may be in another script (titles, tag names)
    in Unicode isolates (FSI … PDI), so an English title inside an Urdu sentence keeps its own
    direction and the quotes and commas around it stay in place, on pages, in CSV and the API."""
    return f"\u2068{text}\u2069" if text and get_language_bidi() else text


def _join(words: list[str]) -> str:
    return _isolate(", ".join(str(w) for w in words))


#: The two countries' names as they appear in text in the platform's four languages, lowercased.
#: Every cross-border pair has them "in common", so they are no evidence. A word is left out when
#: it starts with one of these, which also covers inflections and adjectives ("казахстане",
#: "pakistani", "پاکستانی").
COUNTRY_NAMES = (
    "kazakhstan",
    "pakistan",
    "казахстан",  # ru
    "пакистан",  # ru
    "қазақстан",  # kk
    "пәкістан",  # kk
    "قازقستان",  # ur
    "قزاقستان",  # ur (another spelling)
    "پاکستان",  # ur
)
#: Words any partnership text contains ("we seek partners", "our company"): no evidence either.
#: The engine folds English plurals ("partners" → "partner"); both forms are listed anyway.
GENERIC_WORDS = frozenset(
    {
        "partner",
        "partners",
        "partnership",
        "partnerships",
        "company",
        "companies",
        "cooperation",
        "collaboration",
        "business",
        "businesses",
        "organisation",
        "organization",
        "партнер",
        "партнёр",
        "партнеры",
        "партнёры",
        "компания",
        "сотрудничество",
        "серіктес",
        "شراکت",
        "کمپنی",
    }
)


def is_evidence(word: str) -> bool:
    """Whether a word in common says something about the fit: not a country name nor a word
    every partnership text has."""
    folded = str(word).strip().casefold()
    return bool(folded) and folded not in GENERIC_WORDS and not folded.startswith(COUNTRY_NAMES)


def _offer_meets_need(p: dict[str, Any], ctx: Context) -> str:
    def title(which: str) -> str | None:
        item = p.get(f"{which}_item")
        if item is not None and item in ctx.hidden_items:
            return None
        if item is None:
            return None  # a profile: described by the words in common below
        return _isolate(p.get(f"{which}_title") or "")

    offer, need = title("offer"), title("need")
    tags = [w for w in p.get("tags") or [] if is_evidence(w)]
    shared = tags or [w for w in p.get("terms") or [] if is_evidence(w)]
    common = _join(shared[:5])
    if p.get("side") == "theirs":
        if offer and need:
            text = _("They offer “%(offer)s”; you seek “%(need)s”") % {"offer": offer, "need": need}
        elif offer:
            text = _("They offer “%(offer)s”, which meets your needs") % {"offer": offer}
        elif need:
            text = _("Their offer meets your request “%(need)s”") % {"need": need}
        else:
            text = _("What they offer meets what you seek")
    else:
        if offer and need:
            text = _("You offer “%(offer)s”; they seek “%(need)s”") % {"offer": offer, "need": need}
        elif need:
            text = _("They seek “%(need)s”, which you offer") % {"need": need}
        elif offer:
            text = _("Your offer “%(offer)s” meets their needs") % {"offer": offer}
        else:
            text = _("What you offer meets what they seek")
    if common:
        text += " — " + _("in common: %(words)s") % {"words": common}
    return text


def _shared(code: str) -> Callable[[dict[str, Any], Context], str]:
    vocabulary = VOCABULARY_OF[code]

    def render(p: dict[str, Any], ctx: Context) -> str:
        slugs = p.get("slugs") or []
        labels = [ctx.labels.get((vocabulary, s), s) for s in slugs] or list(p.get("labels", []))
        words = _join(labels)
        if code == "shared_sectors":
            return _("Shared sectors: %(labels)s") % {"labels": words}
        if code == "shared_technologies":
            return _("Shared technologies: %(labels)s") % {"labels": words}
        return _("Shared services: %(labels)s") % {"labels": words}

    return render


def _kind_fit(p: dict[str, Any], ctx: Context) -> str:
    kinds = dict(OrganisationKind.choices)
    types = dict(OpportunityType.choices)
    partner = str(kinds.get(p.get("partner_kind"), p.get("partner_kind") or ""))
    described = _join([str(types.get(k, k)) for k in p.get("kinds") or []])
    if described:
        return _("%(partner)s: the right kind of partner for %(kinds)s") % {
            "partner": partner,
            "kinds": described,
        }
    return _("%(partner)s: the right kind of partner") % {"partner": partner}


def _shared_languages(p: dict[str, Any], ctx: Context) -> str:
    names = dict(LANGUAGE_CHOICES)
    return _("Both work in %(languages)s") % {
        "languages": _join([str(names.get(c, c)) for c in p.get("languages") or []])
    }


def _similar_work(p: dict[str, Any], ctx: Context) -> str:
    common = _join([w for w in p.get("terms") or [] if is_evidence(w)][:5])
    if common:
        return _("Your profiles describe similar work — in common: %(words)s") % {"words": common}
    return _("Your profiles describe similar work")


def _collaboration_path(p: dict[str, Any], ctx: Context) -> str:
    # Introductions are private to their two organisations: only the number of paths is shown.
    return _("Linked to them through past collaborations (%(count)s paths)") % {
        "count": p.get("count", 0)
    }


def _active_collaborator(p: dict[str, Any], ctx: Context) -> str:
    return _("Active collaborator (%(count)s past partners)") % {"count": p.get("partners", 0)}


REASONS: dict[str, Callable[[dict[str, Any], Context], str]] = {
    "offer_meets_need": _offer_meets_need,
    "shared_sectors": _shared("shared_sectors"),
    "shared_technologies": _shared("shared_technologies"),
    "shared_services": _shared("shared_services"),
    "kind_fit": _kind_fit,
    "shared_languages": _shared_languages,
    "similar_work": _similar_work,
    "collaboration_path": _collaboration_path,
    "active_collaborator": _active_collaborator,
}


def term_labels(reasons: Iterable[Reason]) -> dict[tuple[str, str], str]:
    """Labels in the active language of every term the reasons name (one query)."""
    wanted: dict[str, set[str]] = {}
    for reason in reasons:
        vocabulary = VOCABULARY_OF.get(reason.code)
        if vocabulary:
            wanted.setdefault(vocabulary, set()).update(reason.params.get("slugs") or [])
    if not wanted:
        return {}
    lang = (get_language() or "en").split("-")[0]
    field = f"label_{lang}" if lang in ("ru", "kk", "ur") else "label_en"
    out = {}
    for vocabulary, slugs in wanted.items():
        for slug, label, label_en in Term.objects.filter(
            vocabulary=vocabulary, slug__in=slugs
        ).values_list("slug", field, "label_en"):
            out[(vocabulary, slug)] = label or label_en
    return out


def render(reason: Reason, ctx: Context) -> str:
    renderer = REASONS.get(reason.code)
    if renderer is None:
        return reason.text
    return renderer(dict(reason.params), ctx)
