"""CSV export of directory search results, in the import's own columns so an export re-imports.

Only organisation-level data is written; the people of an organisation and their contact details
never are. Rows are produced from a server-side iterator, so a large export streams in constant
memory.
"""

from collections.abc import Iterable, Iterator
from typing import TextIO

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from silkbridge.core import csvsafe
from silkbridge.directory.importing import (
    COLUMNS,
    IMPORT_SOURCE,
    PLATFORM_ID_PREFIX,
    TAG_VOCABULARIES,
)
from silkbridge.directory.models import Organisation, SourceRecord, Term

EXPORT_CHUNK_SIZE = 1000


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def organisation_row(organisation: Organisation) -> list[str]:
    """One organisation as export cells, in `COLUMNS` order."""
    sources = getattr(organisation, "import_sources", None)
    if sources is None:
        sources = list(organisation.sources.filter(source=IMPORT_SOURCE).order_by("pk"))
    external_id = sources[0].external_id if sources else PLATFORM_ID_PREFIX + organisation.slug
    values = {
        "external_id": external_id,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "country": str(organisation.country),
        "city": organisation.city.name if organisation.city_id else "",
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "description": organisation.description,
        "size": organisation.size,
        "founded_year": str(organisation.founded_year or ""),
        "languages": "; ".join(organisation.languages or []),
        "certifications": "; ".join(organisation.certifications or []),
    }
    for column in TAG_VOCABULARIES:
        values[column] = "; ".join(term.slug for term in getattr(organisation, column).all())
    return [csvsafe.guard(values[column]) for column in COLUMNS]


def export_rows(organisations: QuerySet[Organisation]) -> Iterator[list[str]]:
    """Export cells for each organisation, fetched in chunks with their tags and import ids."""
    ordered_terms = Term.objects.order_by("slug")
    queryset = organisations.select_related("city").prefetch_related(
        *(Prefetch(column, queryset=ordered_terms) for column in TAG_VOCABULARIES),
        Prefetch(
            "sources",
            queryset=SourceRecord.objects.filter(source=IMPORT_SOURCE).order_by("pk"),
            to_attr="import_sources",
        ),
    )
    for organisation in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield organisation_row(organisation)


def iter_csv(rows: Iterable[list[str]], *, bom: bool = True) -> Iterator[str]:
    """CSV text line by line, header first; the byte-order mark makes spreadsheets read UTF-8."""
    writer = csvsafe.writer(_Echo())
    yield ("\ufeff" if bom else "") + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow(row)


def write_csv(organisations: QuerySet[Organisation], stream: TextIO, *, bom: bool = True) -> int:
    """Write the export to an open text stream; returns the number of organisations written."""
    lines = iter_csv(export_rows(organisations), bom=bom)
    stream.write(next(lines))
    written = 0
    for line in lines:
        stream.write(line)
        written += 1
    return written


def export_filename() -> str:
    """A dated download name, so successive exports do not overwrite each other."""
    return f"silkbridge-organisations-{timezone.localdate().isoformat()}.csv"
