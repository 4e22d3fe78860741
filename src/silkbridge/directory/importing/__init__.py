"""Bulk import of organisations from CSV or XLSX: a dry-run preview, then an all-or-nothing commit.

A file is read into rows (row numbers as a spreadsheet shows them: the header is row 1), each row
is validated by `OrganisationRowForm`, matched against the directory and classified as create,
update, unchanged or error. Committing runs in the worker: it re-runs the preview, stages the
prepared rows in short transactions and publishes them in one (`staging`, `publish`), writing
nothing unless every row is valid.

Decisions worth knowing:

* A file over IMPORT_MAX_ROWS rows or IMPORT_MAX_COLUMNS columns is refused before it is
  expanded: an XLSX by the size its sheet declares, a CSV while its rows stream.
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
    recent_batches,
    retry_batch,
)
from silkbridge.directory.importing.preview import (
    ImportPreview,
    ImportRejected,
    ImportReport,
    RowAction,
    RowResult,
    preview_import,
    site_key,
)
from silkbridge.directory.importing.publish import commit_import
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
    check_limits,
    format_for,
    read_table,
    split_list,
    template_csv,
)
from silkbridge.directory.importing.staging import ACTIVE as ACTIVE_STATES
from silkbridge.directory.importing.staging import recover_stalled_imports

__all__ = [
    "ACTIVE_STATES",
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
    "check_limits",
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
    "recent_batches",
    "recover_stalled_imports",
    "retry_batch",
    "site_key",
    "split_list",
    "template_csv",
]
