"""Word search over `Organisation.search_text`: SQLite FTS5 or a PostgreSQL GIN index.

Both match every query word as a word prefix ("pay" finds "payments") and use an index, so a
search costs the same at 100 organisations or 100,000. The index is kept current by the database
itself (triggers on SQLite, a generated column on PostgreSQL), whichever way a row is written:
services, bulk loads, the admin or `QuerySet.update()`. The machinery is shared with other
searched tables in `silkbridge.core.wordindex`.
"""

from django.db.models import QuerySet

from silkbridge.core.wordindex import MAX_WORDS, WordIndex, query_words

INDEX = WordIndex("directory_organisation")
FTS_TABLE = INDEX.fts_table
PG_INDEX = INDEX.pg_index

__all__ = [
    "FTS_TABLE",
    "INDEX",
    "MAX_WORDS",
    "PG_INDEX",
    "install",
    "matching",
    "query_words",
    "uninstall",
]


def install(schema_editor) -> None:
    """Create the word index. A migration that rebuilds the organisation table on SQLite (which
    drops its triggers) must call this again; the search tests fail if it does not."""
    INDEX.install(schema_editor)


def uninstall(schema_editor) -> None:
    INDEX.uninstall(schema_editor)


def matching(qs: QuerySet, words: list[str], *, per_row: bool = False) -> QuerySet:
    """Organisations whose search text has every word as a word prefix (see WordIndex)."""
    return INDEX.matching(qs, words, per_row=per_row)
