"""Preview of an import file (the dry run); the package docstring explains the rules."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from silkbridge.directory import services
from silkbridge.directory.importing.rows import (
    IMPORT_SOURCE,
    NON_FIELD,
    PLATFORM_ID_PREFIX,
    TAG_VOCABULARIES,
    FileRejected,
    Lookups,
    OrganisationRowForm,
    Table,
    read_table,
)
from silkbridge.directory.models import (
    Organisation,
    OrganisationKind,
    OrganisationSize,
    SourceRecord,
    Term,
)

PREVIEW_ROW_LIMIT = 1000  # rows a preview page shows; rows with problems are always shown
_CHUNK = 500  # ids per `IN (...)` query, well under every database's parameter limit


class RowAction:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"
    LABELS = {
        CREATE: gettext_lazy("Create"),
        UPDATE: gettext_lazy("Update"),
        UNCHANGED: gettext_lazy("Unchanged"),
        ERROR: gettext_lazy("Error"),
    }


@dataclass
class Cell:
    column: str
    value: str
    errors: list[str]


@dataclass
class RowResult:
    """One data row of the file and what committing it would do."""

    number: int
    values: dict[str, str]
    action: str = RowAction.CREATE
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    # field -> (current value, value from the file), both as display text.
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    external_id: str = ""
    record_source: bool = False
    cells: list[Cell] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(RowAction.LABELS[self.action])

    @property
    def row_errors(self) -> list[str]:
        return self.errors.get(NON_FIELD, [])

    def add_error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)


@dataclass
class ImportPreview:
    """The dry-run result for a whole file."""

    filename: str
    columns: list[str] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    @property
    def display_rows(self) -> list[RowResult]:
        """Rows for a page: every row with a problem, then the others up to PREVIEW_ROW_LIMIT."""
        flagged = [row for row in self.rows if row.errors or row.warnings]
        others = [row for row in self.rows if not (row.errors or row.warnings)]
        shown = flagged + others[: max(PREVIEW_ROW_LIMIT - len(flagged), 0)]
        return sorted(shown, key=lambda row: row.number)

    @property
    def hidden_row_count(self) -> int:
        return len(self.rows) - len(self.display_rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(RowAction.LABELS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


@dataclass(frozen=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


class ImportRejected(Exception):
    """Commit refused: the preview (with its errors) says why; nothing was written."""

    def __init__(self, preview: ImportPreview):
        super().__init__(preview.file_errors or _("The file has row errors."))
        self.preview = preview


# ---------------------------------------------------------------------------------------------
# Matching and comparing


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _active(organisation: Organisation) -> Organisation:
    while organisation.merged_into_id:
        organisation = organisation.merged_into
    return organisation


class _Matcher:
    """Finds the existing organisation for each row with a few batched queries."""

    def __init__(self, external_ids: list[str], domains: list[str]) -> None:
        self.by_id: dict[str, Organisation] = {}
        self.by_domain: dict[str, list[Organisation]] = {}
        platform_ids = [i for i in external_ids if i.startswith(PLATFORM_ID_PREFIX)]
        other_ids = [i for i in external_ids if not i.startswith(PLATFORM_ID_PREFIX)]
        for chunk in _chunks(other_ids):
            records = SourceRecord.objects.filter(source=IMPORT_SOURCE, external_id__in=chunk)
            for record in records.select_related("organisation__merged_into"):
                self.by_id[record.external_id] = _active(record.organisation)
        slugs = {i.removeprefix(PLATFORM_ID_PREFIX): i for i in platform_ids}
        for chunk in _chunks(list(slugs)):
            for organisation in Organisation.objects.filter(slug__in=chunk).select_related(
                "merged_into"
            ):
                self.by_id[slugs[organisation.slug]] = _active(organisation)
        for chunk in _chunks(domains):
            for organisation in Organisation.objects.active().filter(website_domain__in=chunk):
                self.by_domain.setdefault(organisation.website_domain, []).append(organisation)

    def load(self, pks: set[int]) -> dict[int, Organisation]:
        """The matched organisations with what a comparison needs, in a few queries."""
        loaded: dict[int, Organisation] = {}
        for chunk in _chunks(sorted(pks)):
            qs = (
                Organisation.objects.filter(pk__in=chunk)
                .select_related("city")
                .prefetch_related(
                    *(Prefetch(f, queryset=Term.objects.order_by("pk")) for f in TAG_VOCABULARIES)
                )
            )
            loaded.update((o.pk, o) for o in qs)
        return loaded


def _display(column: str, value: object) -> str:
    if column == "kind":
        return str(OrganisationKind(value).label) if value else ""
    if column == "size":
        return str(OrganisationSize(value).label) if value else ""
    if column == "country":
        return f"{value} ({countries.name(str(value))})" if value else ""
    if column in TAG_VOCABULARIES:
        return "; ".join(t.slug for t in value)
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def _comparable(column: str, value: object) -> object:
    if column in TAG_VOCABULARIES:
        return {t.pk for t in value}
    if column in ("languages", "certifications"):
        return set(value or [])
    if column == "city":
        return value.pk if value else None
    if column == "country":
        return str(value or "")
    return "" if value is None else value


def _current(organisation: Organisation, column: str) -> object:
    if column in TAG_VOCABULARIES:
        return list(getattr(organisation, column).all())
    return getattr(organisation, column)


def _changes(organisation: Organisation, data: dict) -> dict[str, tuple[str, str]]:
    changes = {}
    for column, new in data.items():
        old = _current(organisation, column)
        if _comparable(column, old) != _comparable(column, new):
            changes[column] = (_display(column, old), _display(column, new))
    return changes


# ---------------------------------------------------------------------------------------------
# Preview and commit


def _validate(table: Table) -> list[RowResult]:
    lookups = Lookups()
    results = []
    for number, values in table.rows:
        row = RowResult(number=number, values=values)
        form = OrganisationRowForm(values, lookups=lookups)
        if form.is_valid():
            row.external_id = form.cleaned_data["external_id"]
            row.data = {c: form.cleaned_data[c] for c in table.columns if c != "external_id"}
            if form.city_unknown:
                row.data.pop("city")
        else:
            for column, messages in form.errors.items():
                row.errors[column] = list(messages)
        row.warnings = form.warnings
        results.append(row)
    return results


def site_key(url: str) -> str:
    """Host and path of a website: `https://www.Acme.kz/en/` -> `acme.kz/en`.

    The path counts because public bodies often share one portal (gov.kz/memleket/entities/…).
    """
    domain = services.website_domain(url)
    if not domain:
        return ""
    path = urlsplit(url if "://" in url else f"http://{url}").path.rstrip("/").lower()
    return domain + path


def _match(rows: list[RowResult]) -> None:
    valid = [row for row in rows if not row.errors]
    sites = {row.number: site_key(row.data.get("website", "")) for row in valid}
    matcher = _Matcher(
        external_ids=sorted({row.external_id for row in valid if row.external_id}),
        domains=sorted(
            {services.website_domain(row.data.get("website", "")) for row in valid} - {""}
        ),
    )
    seen: dict[tuple[str, object], int] = {}
    for row in valid:
        site = sites[row.number]
        organisation = matcher.by_id.get(row.external_id) if row.external_id else None
        matched_by_id = organisation is not None
        if organisation is None and site:
            candidates = [
                o
                for o in matcher.by_domain.get(services.website_domain(site), [])
                if site_key(o.website) == site
            ]
            if len(candidates) > 1:
                row.add_error(
                    "website",
                    _(
                        "This website belongs to several organisations (%(names)s); merge them "
                        "or give an external_id."
                    )
                    % {"names": ", ".join(o.name for o in candidates)},
                )
                continue
            organisation = candidates[0] if candidates else None
        keys = [("external_id", row.external_id), ("website", site)]
        if organisation is not None:
            keys.append((NON_FIELD, organisation.pk))
        for column, key in keys:
            if key and (column, key) in seen:
                row.add_error(
                    column, _("Duplicate of row %(number)d.") % {"number": seen[(column, key)]}
                )
            elif key:
                seen[(column, key)] = row.number
        row.organisation = organisation
        row.record_source = bool(row.external_id) and not matched_by_id
    loaded = matcher.load({row.organisation.pk for row in valid if row.organisation})
    for row in rows:
        if row.errors:
            row.action = RowAction.ERROR
        elif row.organisation is None:
            row.action = RowAction.CREATE
        else:
            row.organisation = loaded[row.organisation.pk]
            row.changes = _changes(row.organisation, row.data)
            if row.record_source:
                row.changes["external_id"] = ("", row.external_id)
            row.action = RowAction.UPDATE if row.changes else RowAction.UNCHANGED


def cells_of(row: RowResult, columns: list[str]) -> list[Cell]:
    return [Cell(c, row.values.get(c, ""), row.errors.get(c, [])) for c in columns]


def preview_import(*, content: bytes, filename: str) -> ImportPreview:
    """Read, validate and match a file without writing anything."""
    preview = ImportPreview(filename=filename)
    try:
        table = read_table(content, filename)
    except FileRejected as exc:
        preview.file_errors = exc.messages
        return preview
    preview.columns = table.columns
    preview.rows = _validate(table)
    _match(preview.rows)
    for row in preview.rows:
        row.cells = cells_of(row, preview.columns)
    return preview
