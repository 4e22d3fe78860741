"""Taxonomy terms as choices of the public filter forms, read once and shared.

The directory and opportunity lists show every sector, technology and service on every request,
visitors included, and terms change only in the back office or the taxonomy seed. Reading them
from the database each time cost 10-20 ms per list on a loaded PostgreSQL server
(docs/benchmarks.md), so they are kept in the cache, dropped when a term is saved or deleted,
and never older than TERMS_SECONDS otherwise (a bulk change that sends no signal).
"""

from __future__ import annotations

from functools import partial

from django import forms
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from silkbridge.directory.models import Term

CACHE_KEY = "directory:terms:v1"
TERMS_SECONDS = 300
LANGUAGES = ("en", "ru", "kk", "ur")

# vocabulary -> [(slug, {language: label})], in the model's order (English label).
Terms = dict[str, list[tuple[str, dict[str, str]]]]


def all_terms() -> Terms:
    """Every term by vocabulary, from the cache when it holds them."""
    terms = cache.get(CACHE_KEY)
    if terms is None:
        terms = {}
        fields = ["vocabulary", "slug", *(f"label_{code}" for code in LANGUAGES)]
        rows = Term.objects.order_by("vocabulary", "label_en", "pk").values_list(*fields)
        for vocabulary, slug, *labels in rows:
            labelled = dict(zip(LANGUAGES, labels, strict=True))
            terms.setdefault(vocabulary, []).append((slug, labelled))
        cache.set(CACHE_KEY, terms, TERMS_SECONDS)
    return terms


def forget_terms(**_kwargs) -> None:
    cache.delete(CACHE_KEY)


post_save.connect(forget_terms, sender=Term, dispatch_uid="directory.term_choices.saved")
post_delete.connect(forget_terms, sender=Term, dispatch_uid="directory.term_choices.deleted")


def term_choices(vocabulary: str, empty_label: str) -> list[tuple[str, str]]:
    """(slug, label in the active language, else English), after the empty choice."""
    language = (get_language() or "en").split("-")[0]
    return [
        ("", empty_label),
        *(
            (slug, labels.get(language) or labels["en"])
            for slug, labels in all_terms().get(vocabulary, [])
        ),
    ]


class TermChoiceField(forms.ChoiceField):
    """One term of a vocabulary, given by slug; cleans to the slug ("" when none).

    The choices are computed each time the form is shown or checked, so they follow the reader's
    language and a new term without restarting.
    """

    def __init__(self, *, vocabulary: str, empty_label: str, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=partial(term_choices, vocabulary, empty_label), **kwargs)
