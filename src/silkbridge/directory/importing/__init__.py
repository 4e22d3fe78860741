"""Bulk import of organisations from CSV or XLSX: a dry-run preview, then an all-or-nothing commit.

A file is read into rows (row numbers as a spreadsheet shows them: the header is row 1), each row
is validated by `OrganisationRowForm`, matched against the directory and classified as create,
update, unchanged or error. Committing re-runs the whole preview inside one transaction and writes
nothing unless every row is valid.

Decisions worth knowing:

* CSV must be UTF-8 (a byte-order mark is fine). Anything else is a file-level error; guessing a
  legacy code page would silently corrupt Cyrillic and Urdu names. The delimiter is taken from
  the header line (comma, semicolon or tab), because spreadsheet software in some locales saves
  "CSV" with semicolons.
* Only the columns present in the file are applied to an existing organisation; a present but
  blank cell clears the value. `name`, `kind` and `country` columns are required.
* An unknown city is a warning, not an error: the city list holds the larger places only, and a
  missing city must not block a whole file. The organisation is saved without a city (an existing
  organisation keeps its city).
* A row matches an existing organisation by its `external_id` (an earlier import with the same
  id), then by website (host and path, see `site_key`) among active organisations. Two rows
  with the same external id or website are duplicates. Export writes `silkbridge:<slug>` as
  the id of organisations that have no import id, so an export always re-imports onto itself.
"""

from silkbridge.directory.importing.batches import (
    STALE_BATCH_AGE,
    commit_batch,
    create_batch,
    discard_batch,
    discard_stale_batches,
    get_batch,
    preview_batch,
)
from silkbridge.directory.importing.preview import (
    ImportPreview,
    ImportRejected,
    ImportReport,
    RowAction,
    RowResult,
    commit_import,
    preview_import,
    site_key,
)
from silkbridge.directory.importing.rows import (
    COLUMN_HELP,
    COLUMNS,
    FORMULA_PREFIXES,
    IMPORT_SOURCE,
    LIST_SEPARATOR,
    NON_FIELD,
    PLATFORM_ID_PREFIX,
    REQUIRED_COLUMNS,
    TAG_VOCABULARIES,
    FileRejected,
    OrganisationRowForm,
    format_for,
    read_table,
    split_list,
    template_csv,
)

__all__ = [
    "COLUMNS",
    "COLUMN_HELP",
    "FORMULA_PREFIXES",
    "IMPORT_SOURCE",
    "LIST_SEPARATOR",
    "NON_FIELD",
    "PLATFORM_ID_PREFIX",
    "REQUIRED_COLUMNS",
    "STALE_BATCH_AGE",
    "TAG_VOCABULARIES",
    "FileRejected",
    "ImportPreview",
    "ImportRejected",
    "ImportReport",
    "OrganisationRowForm",
    "RowAction",
    "RowResult",
    "commit_batch",
    "commit_import",
    "create_batch",
    "discard_batch",
    "discard_stale_batches",
    "format_for",
    "get_batch",
    "preview_batch",
    "preview_import",
    "read_table",
    "site_key",
    "split_list",
    "template_csv",
]
