"""Word search over `Organisation.search_text`: SQLite FTS5 or a PostgreSQL GIN index.

Both match every query word as a word prefix ("pay" finds "payments") and use an index, so a
search costs the same at 100 organisations or 100,000. The index is kept current by the database
itself (triggers on SQLite, a generated column on PostgreSQL), whichever way a row is written:
services, bulk loads, the admin or `QuerySet.update()`.
"""

# The SQL here is built from module constants only; user input travels as query parameters.
# ruff: noqa: S608, S611

import re

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "directory_organisation_fts"
PG_INDEX = "directory_organisation_search_fts"
MAX_WORDS = 8

_WORD = re.compile(r"[^\W_]+")

SQLITE_INSTALL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, "
    "content='directory_organisation', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON directory_organisation
    BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON directory_organisation
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
    AFTER UPDATE OF search_text ON directory_organisation
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
# A stored, generated column: the database keeps it current, and a search never re-parses the
# text of a row (which costs more than the rest of the query on a broad search).
PG_INSTALL = [
    "ALTER TABLE directory_organisation ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON directory_organisation USING gin (search_vector)",
]
PG_UNINSTALL = [
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    "ALTER TABLE directory_organisation DROP COLUMN IF EXISTS search_vector",
]


def install(schema_editor) -> None:
    """Create the word index. A migration that rebuilds the organisation table on SQLite (which
    drops its triggers) must call this again; the search tests fail if it does not."""
    statements = {"sqlite": SQLITE_INSTALL, "postgresql": PG_INSTALL}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def uninstall(schema_editor) -> None:
    statements = {"sqlite": SQLITE_UNINSTALL, "postgresql": PG_UNINSTALL}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def query_words(text: str) -> list[str]:
    """The words of a search box entry, already normalised, as the index tokenises them."""
    return _WORD.findall(text)[:MAX_WORDS]


def matching(qs: QuerySet, words: list[str], *, per_row: bool = False) -> QuerySet:
    """Organisations whose search text has every word as a word prefix.

    `per_row` is for a broad search read in the order of another index (by name): SQLite then
    walks that index and checks each row against the matches, instead of fetching every match
    and sorting them all, which it would otherwise prefer. PostgreSQL plans both alike.
    """
    if not words:
        return qs
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in words)
        condition = RawSQL(
            '"directory_organisation"."search_vector" @@ to_tsquery(\'simple\'::regconfig, %s)',
            [tsquery],
            output_field=BooleanField(),
        )
        return qs.filter(condition)
    if connection.vendor == "sqlite":
        match = " ".join(f'"{word}"*' for word in words)
        # A unary plus keeps SQLite from using the match list to look rows up by id.
        column = '+"directory_organisation"."id"' if per_row else '"directory_organisation"."id"'
        condition = RawSQL(
            f"{column} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
            [match],
            output_field=BooleanField(),
        )
        return qs.filter(condition)
    # Any other database: a plain substring filter, correct if slower.
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs
