"""Helpers for loaders that write many organisations at once, bypassing per-row services.

They compute exactly what services.create_organisation would (slug, search text), so rows
written in bulk are indistinguishable from rows written one by one, only without audit entries.
"""

import re
from collections.abc import Iterable

from django.db import connection
from django.utils.text import slugify

from silkbridge.directory.models import City, Organisation, Term
from silkbridge.directory.services import TAG_FIELDS, normalise_text

WHITESPACE = re.compile(r"\s+")


def _normalise(value: str) -> str:
    """services.normalise_text, with a shortcut for ASCII text, which has no accents to strip."""
    if value.isascii():
        return WHITESPACE.sub(" ", value.lower()).strip()
    return normalise_text(value)


def _normalised_labels(term: Term) -> str:
    labels = (term.label_en, term.label_ru, term.label_kk, term.label_ur)
    return " ".join(n for n in (_normalise(label) for label in labels) if n)


def search_text_for(
    organisation: Organisation,
    city: City | None,
    tags: dict[str, list[Term]],
    *,
    label_cache: dict[int, str] | None = None,
) -> str:
    """The text services.refresh_search_text stores, computed without queries.

    Normalising part by part and joining with one space equals normalising the joined text,
    because every part is stripped and whitespace is collapsed either way.
    """
    parts = [organisation.name, organisation.short_name, organisation.description]
    if city is not None:
        parts.append(city.name)
    normalised = [_normalise(p) for p in parts if p]
    cache = {} if label_cache is None else label_cache
    for field_name in TAG_FIELDS:
        # Term's default ordering within one vocabulary, as the related manager returns them.
        for term in sorted(tags.get(field_name, []), key=lambda t: t.label_en):
            if term.pk not in cache:
                cache[term.pk] = _normalised_labels(term)
            normalised.append(cache[term.pk])
    return " ".join(n for n in normalised if n)


class SlugAllocator:
    """services.unique_slug for many new rows: one query up front instead of one per row."""

    def __init__(self) -> None:
        self.used: set[str] = set(Organisation.objects.values_list("slug", flat=True))

    def allocate(self, name: str) -> str:
        base = slugify(name, allow_unicode=False)[:100] or "organisation"
        slug, n = base, 2
        while slug in self.used:
            slug, n = f"{base}-{n}", n + 1
        self.used.add(slug)
        return slug


def insert_tag_links(field_name: str, links: Iterable[tuple[int, int]]) -> None:
    """Insert (organisation id, term id) rows into a tag field's through table in one go.

    executemany skips building a model instance per link, which dominates at a million links.
    """
    through = getattr(Organisation, field_name).through
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}, {}) VALUES (%s, %s)".format(  # noqa: S608 - quoted identifiers
        quote(through._meta.db_table),
        quote(through._meta.get_field("organisation").column),
        quote(through._meta.get_field("term").column),
    )
    rows = list(links)
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def refresh_planner_statistics() -> None:
    """Let the query planner see the new rows: after a bulk load its statistics are stale, and
    SQLite without them may ignore the directory's indexes and sort whole tables."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
