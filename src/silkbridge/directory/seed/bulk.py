"""Helpers for loaders that write many organisations at once, bypassing per-row services.

With services.search_text_of they compute exactly what services.create_organisation would
(slug, search text), so rows written in bulk are indistinguishable from rows written one by one,
only without audit entries.
"""

from collections.abc import Iterable

from django.db import connection, models
from django.utils.text import slugify

from silkbridge.directory.models import Organisation


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


def insert_tag_links(
    field_name: str,
    links: Iterable[tuple[int, int]],
    *,
    model: type[models.Model] = Organisation,
) -> None:
    """Insert (row id, term id) pairs into a tag field's through table in one go.

    executemany skips building a model instance per link, which dominates at a million links.
    """
    through = getattr(model, field_name).through
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}, {}) VALUES (%s, %s)".format(  # noqa: S608 - quoted identifiers
        quote(through._meta.db_table),
        quote(through._meta.get_field(model._meta.model_name).column),
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


def insert_organisations(organisations: list[Organisation]) -> None:
    """Bulk-insert new organisations and make sure each has its primary key afterwards."""
    Organisation.objects.bulk_create(organisations, batch_size=500)
    if any(o.pk is None for o in organisations):
        # Backends that cannot return ids from a bulk insert: look them up by unique slug.
        ids = dict(
            Organisation.objects.filter(slug__in=[o.slug for o in organisations]).values_list(
                "slug", "pk"
            )
        )
        for organisation in organisations:
            organisation.pk = ids[organisation.slug]
