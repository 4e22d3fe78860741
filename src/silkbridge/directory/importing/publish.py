"""Writing a previewed file: rows are prepared first (validated, slugged, their search text
computed) with no write lock held, then published in one short transaction of bulk writes.

Preparing does everything that takes time; publishing does only inserts and updates, so even a
file of thousands of rows holds the database's write lock for a fraction of a second and stays
all-or-nothing for readers. What the services would log (one audit entry per organisation and
source record, attributed to the actor) and announce (a matching index update per organisation)
is written here in bulk too.
"""

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory import permissions, services
from silkbridge.directory.importing.preview import (
    ImportPreview,
    ImportRejected,
    ImportReport,
    RowAction,
    RowResult,
    cells_of,
    preview_import,
)
from silkbridge.directory.importing.rows import IMPORT_SOURCE, NON_FIELD, TAG_VOCABULARIES
from silkbridge.directory.models import Organisation, SourceRecord
from silkbridge.directory.seed.bulk import SlugAllocator, insert_tag_links
from silkbridge.directory.standing import LAST, listing_rank_of

_CHUNK = 500  # ids per `IN (...)` query
# Profile columns of the file and the model field each one is stored in.
_FIELD_OF = {column: column for column in services.PROFILE_FIELDS} | {"city": "city_id"}


def _profile_values(organisation: Organisation) -> dict:
    values = {_FIELD_OF[f]: getattr(organisation, _FIELD_OF[f]) for f in services.PROFILE_FIELDS}
    values["region_id"] = organisation.region_id
    values["country"] = str(organisation.country or "")
    values["website_domain"] = organisation.website_domain
    return values


def _apply_profile(organisation: Organisation, data: dict) -> None:
    """What services.update_organisation does to the profile, without saving."""
    for column in services.PROFILE_FIELDS:
        if column in data:
            setattr(organisation, column, data[column])
    if organisation.city_id and not organisation.region_id:
        organisation.region_id = organisation.city.region_id
    organisation.website_domain = services.website_domain(organisation.website)


def _reject(preview: ImportPreview, row: RowResult, error: ValidationError) -> ImportRejected:
    # The model's own validation caught what the row form did not: report it on the row.
    errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD: error.messages}
    for column, messages in errors.items():
        for message in messages:
            row.add_error(column if column in preview.columns else NON_FIELD, message)
    row.action = RowAction.ERROR
    row.cells = cells_of(row, preview.columns)
    return ImportRejected(preview)


def _audit_changes(changes: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    return {column: [old, new] for column, (old, new) in changes.items()}


def prepare(preview: ImportPreview) -> list[dict]:
    """Each row of an error-free preview as a plain, JSON-ready record to publish: the values
    to write, the search text and the audit entry, all computed here so that publishing has
    nothing left to compute. Raises ImportRejected when the model's validation refuses a row.
    Reads only."""
    slugs = SlugAllocator()
    prepared = []
    for row in preview.rows:
        record = {"row": row.number, "action": row.action, "organisation": None, "payload": {}}
        tag_terms = {f: list(row.data[f]) for f in TAG_VOCABULARIES if f in row.data}
        tags = {f: [t.pk for t in terms] for f, terms in tag_terms.items()}
        if row.action == RowAction.CREATE:
            organisation = Organisation()
            _apply_profile(organisation, row.data)
            try:
                organisation.full_clean(exclude=["slug", "search_text"])
            except ValidationError as error:
                raise _reject(preview, row, error) from error
            organisation.slug = slugs.allocate(organisation.name)
            shown = {c: ("", new) for c, (_old, new) in _new_values(row).items()}
            record["payload"] = {
                "fields": _profile_values(organisation),
                "slug": organisation.slug,
                "search_text": services.search_text_of(organisation, tag_terms),
                "listing_rank": listing_rank_of(organisation, tag_terms),
                "tags": tags,
                "external_id": row.external_id,
                "audit": _audit_changes(shown | {"slug": ("", organisation.slug)}),
            }
        elif row.action == RowAction.UPDATE:
            organisation = copy.copy(row.organisation)
            changed = {c: row.data[c] for c in row.changes if c in row.data}
            _apply_profile(organisation, changed)
            try:
                organisation.full_clean(exclude=["slug", "search_text"])
            except ValidationError as error:
                raise _reject(preview, row, error) from error
            values = _profile_values(organisation)
            profile = [c for c in changed if c in _FIELD_OF]
            fields = {_FIELD_OF[c]: values[_FIELD_OF[c]] for c in profile}
            fields |= {"region_id": values["region_id"], "website_domain": values["website_domain"]}
            current_tags = {f: list(getattr(row.organisation, f).all()) for f in TAG_VOCABULARIES}
            record["organisation"] = row.organisation.pk
            record["payload"] = {
                "fields": fields,
                "search_text": services.search_text_of(organisation, current_tags | tag_terms),
                "listing_rank": listing_rank_of(organisation, current_tags | tag_terms),
                "tags": {f: ids for f, ids in tags.items() if f in changed},
                "external_id": row.external_id if row.record_source else "",
                "audit": _audit_changes(
                    {c: change for c, change in row.changes.items() if c != "external_id"}
                ),
            }
        prepared.append(record)
    return prepared


def _new_values(row: RowResult) -> dict[str, tuple[str, str]]:
    """The file's values of a new organisation as the preview shows them, for its audit entry."""
    return {c: ("", v) for c, v in row.values.items() if c != "external_id" and v}


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _directory_changed(filename: str) -> ImportRejected:
    return ImportRejected(
        ImportPreview(
            filename=filename,
            file_errors=[_("The directory changed during the import; preview it again.")],
        )
    )


# ---------------------------------------------------------------------------------------------
# Publishing: every value is converted for the database before the transaction opens; inside
# it, only `executemany` calls run.


def _db_values(instance, fields) -> tuple:
    return tuple(f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields)


def _insert_sql(model, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - quoted identifiers
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )


_ORGANISATION_FIELDS = [f for f in Organisation._meta.concrete_fields if not f.primary_key]
_LOG_FIELDS = [f for f in LogEntry._meta.concrete_fields if not f.primary_key]
_LOG_OBJECT = [f.attname for f in _LOG_FIELDS].index("object_pk")  # then object_id


@dataclass
class Publication:
    """What publishing writes, as database-ready values."""

    filename: str
    actor: User | None
    create_rows: list[tuple] = field(default_factory=list)
    create_slugs: list[str] = field(default_factory=list)
    create_names: list[str] = field(default_factory=list)
    create_tags: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    create_sources: list[tuple[int, str]] = field(default_factory=list)
    create_logs: list[tuple[int, tuple, tuple]] = field(default_factory=list)
    updates: dict[tuple[str, ...], list[tuple]] = field(default_factory=dict)
    update_ids: list[int] = field(default_factory=list)
    update_tags: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    update_sources: list[tuple[int, str]] = field(default_factory=list)
    logs: list[tuple] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _log_values(actor: User | None, model, action: int, text: str, changes: dict) -> tuple:
    """A LogEntry's database values, split around its object id (filled in when known)."""
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=text,
        action=action,
        changes=changes,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        timestamp=timezone.now(),
        cid=get_cid(),
    )
    values = _db_values(entry, _LOG_FIELDS)
    return values[:_LOG_OBJECT], values[_LOG_OBJECT + 2 :]


def plan(actor: User | None, records: list[dict], *, filename: str) -> Publication:
    """Convert prepared rows into database values; no transaction needed."""
    now = timezone.now()
    publication = Publication(filename=filename, actor=actor)
    publication.create_tags = {f: [] for f in TAG_VOCABULARIES}
    publication.update_tags = {f: [] for f in TAG_VOCABULARIES}
    counts = dict.fromkeys((RowAction.CREATE, RowAction.UPDATE, RowAction.UNCHANGED), 0)
    for record in sorted(records, key=lambda r: r["row"]):
        counts[record["action"]] += 1
        payload = record["payload"]
        if record["action"] == RowAction.CREATE:
            index = len(publication.create_rows)
            organisation = Organisation(
                **payload["fields"],
                slug=payload["slug"],
                search_text=payload["search_text"],
                # A batch staged before the standing existed sorts last until it is next saved.
                listing_rank=payload.get("listing_rank", LAST),
                created_at=now,
                updated_at=now,
            )
            publication.create_rows.append(_db_values(organisation, _ORGANISATION_FIELDS))
            publication.create_slugs.append(payload["slug"])
            publication.create_names.append(organisation.name)
            for name, ids in payload["tags"].items():
                publication.create_tags[name] += [(index, i) for i in ids]
            external_id = payload["external_id"]
            if external_id:
                publication.create_sources.append((index, external_id))
                publication.logs.append(_source_log(actor, external_id))
            publication.create_logs.append(
                (index, *_log_values(actor, Organisation, LogEntry.Action.CREATE,
                                     organisation.name, payload["audit"]))
            )  # fmt: skip
        elif record["action"] == RowAction.UPDATE:
            pk = record["organisation"]
            values = dict(payload["fields"], search_text=payload["search_text"], updated_at=now)
            if "listing_rank" in payload:
                values["listing_rank"] = payload["listing_rank"]
            columns = tuple(sorted(values))
            fields = [Organisation._meta.get_field(c) for c in columns]
            instance = Organisation(**values)
            publication.updates.setdefault(columns, []).append((*_db_values(instance, fields), pk))
            publication.update_ids.append(pk)
            for name, ids in payload["tags"].items():
                publication.update_tags[name] += [(pk, i) for i in ids] + [(pk, None)]
            if payload["external_id"]:
                publication.update_sources.append((pk, payload["external_id"]))
                publication.logs.append(_source_log(actor, payload["external_id"]))
            if payload["audit"]:
                before, after = _log_values(
                    actor, Organisation, LogEntry.Action.UPDATE, "", payload["audit"]
                )
                publication.logs.append((*before, str(pk), pk, *after))
    publication.counts = counts
    return publication


def _free_slugs(publication: Publication) -> None:
    """Give a new slug to any new organisation whose slug was taken since it was prepared."""
    wanted = publication.create_slugs
    taken = set()
    for chunk in _chunks(wanted):
        taken.update(Organisation.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    if not taken and len(set(wanted)) == len(wanted):
        return
    allocator = SlugAllocator()
    slug_at = [f.attname for f in _ORGANISATION_FIELDS].index("slug")
    seen: set[str] = set()
    for index, slug in enumerate(wanted):
        if slug in taken or slug in seen:
            slug = allocator.allocate(publication.create_names[index])
            row = list(publication.create_rows[index])
            row[slug_at] = slug
            publication.create_rows[index] = tuple(row)
        allocator.used.add(slug)
        seen.add(slug)


def _new_ids(count: int) -> list[int]:
    """Primary keys for `count` new organisations, taken inside the write transaction."""
    table = Organisation._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: this transaction holds the write lock, so nobody else takes an id meanwhile;
        # the AUTOINCREMENT counter keeps ids of deleted rows from being used again.
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        counter = cursor.fetchone()
        start = max(highest, counter[0] if counter else 0) + 1
        return list(range(start, start + count))


def _source_rows(pairs: list[tuple[int, str]]) -> list[tuple]:
    now = SourceRecord._meta.get_field("imported_at").get_db_prep_save(timezone.now(), connection)
    return [(pk, IMPORT_SOURCE, external_id, now) for pk, external_id in pairs]


def _source_log(actor: User | None, external_id: str) -> tuple:
    """The audit entry of a new source record; its own id is not known before it is written."""
    changes = {"source": ["", IMPORT_SOURCE], "external_id": ["", external_id]}
    text = f"{IMPORT_SOURCE}:{external_id}"
    before, after = _log_values(actor, SourceRecord, LogEntry.Action.CREATE, text, changes)
    return (*before, "", None, *after)


def _write(publication: Publication) -> list[int]:
    """Every write of the publication; runs inside the caller's transaction."""
    _free_slugs(publication)
    ids = _new_ids(len(publication.create_rows)) if publication.create_rows else []
    columns = ["id", *(f.column for f in _ORGANISATION_FIELDS)]
    source_columns = ["organisation_id", "source", "external_id", "imported_at"]
    log_columns = [f.column for f in _LOG_FIELDS]
    with connection.cursor() as cursor:
        if ids:
            cursor.executemany(
                _insert_sql(Organisation, columns),
                [(pk, *row) for pk, row in zip(ids, publication.create_rows, strict=True)],
            )
        for name, links in publication.create_tags.items():
            insert_tag_links(name, ((ids[index], term) for index, term in links))
        quote = connection.ops.quote_name
        for fields, rows in publication.updates.items():
            assignments = ", ".join(
                f"{quote(Organisation._meta.get_field(f).column)} = %s" for f in fields
            )
            cursor.executemany(
                f"UPDATE {quote(Organisation._meta.db_table)} SET {assignments} "  # noqa: S608
                "WHERE id = %s AND merged_into_id IS NULL",
                rows,
            )
        # The opportunities' copy of their organisation's country and kind (raw writes send
        # no post_save, which keeps it for other saves).
        owners_changed = [
            row[-1]
            for fields, rows in publication.updates.items()
            if {"country", "kind"} & set(fields)
            for row in rows
        ]
        if owners_changed:
            from silkbridge.opportunities.owner import copy_for_organisations

            copy_for_organisations(owners_changed)
        if publication.update_ids:
            active = 0
            for chunk in _chunks(sorted(set(publication.update_ids))):
                active += Organisation.objects.filter(
                    pk__in=chunk, merged_into__isnull=True
                ).count()
            if active != len(set(publication.update_ids)):
                raise _directory_changed(publication.filename)  # merged or deleted meanwhile
        for name, links in publication.update_tags.items():
            through = getattr(Organisation, name).through
            for chunk in _chunks(sorted({pk for pk, _term in links})):
                through.objects.filter(organisation_id__in=chunk).delete()
            insert_tag_links(name, ((pk, term) for pk, term in links if term is not None))
        sources = [(ids[i], e) for i, e in publication.create_sources]
        sources += publication.update_sources
        if sources:
            cursor.executemany(_insert_sql(SourceRecord, source_columns), _source_rows(sources))
        logs = [
            (*before, str(ids[index]), ids[index], *after)
            for index, before, after in publication.create_logs
        ]
        logs += publication.logs
        if logs:
            cursor.executemany(_insert_sql(LogEntry, log_columns), logs)
    return ids + publication.update_ids


def _announce(organisation_ids: list[int]) -> None:
    """Raw writes send no post_save: tell the matching index, as its signal would."""
    from silkbridge.matching.tasks import index_changed

    for pk in organisation_ids:
        index_changed("organisation", pk)


def write(publication: Publication) -> ImportReport:
    """Write a planned publication in the caller's transaction (it must be one); raises
    ImportRejected when the directory changed since the rows were prepared, so nothing of the
    file is written."""
    try:
        with transaction.atomic():
            changed = _write(publication)
    except IntegrityError as exc:
        # Another write took an external id between preparation and publication.
        raise _directory_changed(publication.filename) from exc
    transaction.on_commit(lambda: _announce(changed))
    counts = publication.counts
    return ImportReport(
        created=counts[RowAction.CREATE],
        updated=counts[RowAction.UPDATE],
        unchanged=counts[RowAction.UNCHANGED],
    )


def commit_import(*, actor: User | None, content: bytes, filename: str) -> ImportReport:
    """Validate the file again and write every row, or none: raises ImportRejected on any error.

    The synchronous path (the command line); the web commits batches in the background.
    """
    if not permissions.can_import(actor):
        raise PermissionDenied(_("Only the secretariat can import organisations."))
    preview = preview_import(content=content, filename=filename)
    if preview.has_errors:
        raise ImportRejected(preview)
    publication = plan(actor, prepare(preview), filename=filename)
    with transaction.atomic():
        return write(publication)
