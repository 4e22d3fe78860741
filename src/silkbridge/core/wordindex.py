"""Word search over a table's `search_text` column: SQLite FTS5 or a PostgreSQL GIN index.

One `WordIndex` per searched table. Both engines match every query word as a word prefix ("pay"
finds "payments") through an index, so a search costs the same at a hundred rows or a few hundred
thousand. The index is kept current by the database itself (triggers on SQLite, a generated column
on PostgreSQL), whichever way a row is written: services, bulk loads, the admin or `update()`.

A migration that rebuilds the table on SQLite (which drops its triggers) must call `install`
again; each app's search tests fail if it does not.
"""

# The SQL here is built from identifiers fixed in code; user input travels as query parameters.
# ruff: noqa: S608, S611

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

MAX_WORDS = 8

_WORD = re.compile(r"[^\W_]+")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def query_words(text: str) -> list[str]:
    """The words of a search box entry, already normalised, as the index tokenises them."""
    return _WORD.findall(text)[:MAX_WORDS]


@dataclass(frozen=True)
class WordIndex:
    """The word index of one table's text column (`search_text` unless told otherwise)."""

    table: str
    column: str = "search_text"
    # SQLite only: word-prefix lengths to index ahead. A query word of such a length is then
    # one lookup instead of a merge of every word it begins, which costs tens of milliseconds
    # for a prefix of a very common word; the index grows by about one entry per length.
    prefix: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for name in (self.table, self.column):
            if not _IDENTIFIER.match(name):
                raise ValueError(f"Not a plain SQL identifier: {name!r}")

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def pg_index(self) -> str:
        return f"{self.table}_search_fts"

    @property
    def vector_column(self) -> str:
        return "search_vector"

    def sqlite_install(self) -> list[str]:
        fts, table, column = self.fts_table, self.table, self.column
        prefix = f", prefix='{' '.join(str(int(n)) for n in self.prefix)}'" if self.prefix else ""
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, "
            f"content='{table}', content_rowid='id', "
            f"tokenize='unicode61 remove_diacritics 2'{prefix})",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table}
    BEGIN
        INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
    END""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table}
    BEGIN
        INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
    END""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_update
    AFTER UPDATE OF {column} ON {table}
    BEGIN
        INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
        INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
    END""",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]

    def sqlite_uninstall(self) -> list[str]:
        fts = self.fts_table
        return [
            f"DROP TRIGGER IF EXISTS {fts}_insert",
            f"DROP TRIGGER IF EXISTS {fts}_delete",
            f"DROP TRIGGER IF EXISTS {fts}_update",
            f"DROP TABLE IF EXISTS {fts}",
        ]

    def pg_install(self) -> list[str]:
        # A stored, generated column: the database keeps it current, and a search never
        # re-parses the text of a row (which costs more than the rest of a broad search).
        return [
            f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS {self.vector_column} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {self.column})) STORED",
            f"CREATE INDEX IF NOT EXISTS {self.pg_index} ON {self.table} "
            f"USING gin ({self.vector_column})",
        ]

    def pg_uninstall(self) -> list[str]:
        return [
            f"DROP INDEX IF EXISTS {self.pg_index}",
            f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS {self.vector_column}",
        ]

    def install(self, schema_editor) -> None:
        """Create the index (from a migration's RunPython)."""
        statements = {"sqlite": self.sqlite_install, "postgresql": self.pg_install}
        build = statements.get(schema_editor.connection.vendor)
        for sql in build() if build else []:
            schema_editor.execute(sql)

    def uninstall(self, schema_editor) -> None:
        statements = {"sqlite": self.sqlite_uninstall, "postgresql": self.pg_uninstall}
        build = statements.get(schema_editor.connection.vendor)
        for sql in build() if build else []:
            schema_editor.execute(sql)

    def matching(self, qs: QuerySet, words: list[str], *, per_row: bool = False) -> QuerySet:
        """Rows whose text has every word as a word prefix.

        `per_row` is for a broad search read in the order of another index: SQLite then walks
        that index and checks each row against the matches, instead of fetching every match
        and sorting them all, which it would otherwise prefer. PostgreSQL plans both alike.
        """
        if not words:
            return qs
        if connection.vendor == "postgresql":
            tsquery = " & ".join(f"{word}:*" for word in words)
            condition = RawSQL(
                f'"{self.table}"."{self.vector_column}" @@ to_tsquery(\'simple\'::regconfig, %s)',
                [tsquery],
                output_field=BooleanField(),
            )
            return qs.filter(condition)
        if connection.vendor == "sqlite":
            match = " ".join(f'"{word}"*' for word in words)
            # A unary plus keeps SQLite from using the match list to look rows up by id.
            column = f'+"{self.table}"."id"' if per_row else f'"{self.table}"."id"'
            fts = self.fts_table
            condition = RawSQL(
                f"{column} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
                [match],
                output_field=BooleanField(),
            )
            return qs.filter(condition)
        # Any other database: a plain substring filter, correct if slower.
        for word in words:
            qs = qs.filter(**{f"{self.column}__contains": word})
        return qs
