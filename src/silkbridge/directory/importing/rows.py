"""Reading an import file into rows, and validating each row with `OrganisationRowForm`."""

import csv
import functools
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from silkbridge.core.csvsafe import FORMULA_PREFIXES
from silkbridge.directory.models import (
    DESCRIPTION_MAX_LENGTH,
    LANGUAGE_CHOICES,
    City,
    ImportFormat,
    OrganisationKind,
    OrganisationSize,
    Term,
    Vocabulary,
)
from silkbridge.directory.validation import check_certifications

IMPORT_SOURCE = "import"
# Export writes this prefix for organisations without an import id; such ids name a slug here.
PLATFORM_ID_PREFIX = "silkbridge:"
COLUMNS = (
    "external_id",
    "name",
    "short_name",
    "kind",
    "country",
    "city",
    "website",
    "email",
    "phone",
    "description",
    "size",
    "founded_year",
    "sectors",
    "technologies",
    "services",
    "languages",
    "certifications",
)
REQUIRED_COLUMNS = ("name", "kind", "country")
COLUMN_HELP = {
    "external_id": gettext_lazy(
        "Your own identifier; importing the same id again updates that organisation."
    ),
    "name": gettext_lazy("Required. The full name."),
    "short_name": gettext_lazy("Abbreviation, up to 60 characters."),
    "kind": gettext_lazy("Required. company, authority, academic or association."),
    "country": gettext_lazy("Required. ISO code or English name of a platform country."),
    "city": gettext_lazy("English name of a city in that country; an unknown city is skipped."),
    "website": gettext_lazy("Web address; without an external_id, a re-import matches on it."),
    "email": gettext_lazy("The organisation's general e-mail address, not a person's."),
    "phone": gettext_lazy("The organisation's general phone number."),
    "description": gettext_lazy("What the organisation does."),
    "size": gettext_lazy("micro, small, medium, large or enterprise."),
    "founded_year": gettext_lazy("Four-digit year, for example 2012."),
    "sectors": gettext_lazy("Sector slugs or English names, separated by “;”."),
    "technologies": gettext_lazy("Technology slugs or English names, separated by “;”."),
    "services": gettext_lazy("Service slugs or English names, separated by “;”."),
    "languages": gettext_lazy("Language codes separated by “;”, for example en; ru; kk; ur."),
    "certifications": gettext_lazy("Separated by “;”, for example ISO 27001; CMMI Level 3."),
}
LIST_SEPARATOR = ";"
TAG_VOCABULARIES = {
    "sectors": Vocabulary.SECTOR,
    "technologies": Vocabulary.TECHNOLOGY,
    "services": Vocabulary.SERVICE,
}
NON_FIELD = "__all__"


class FileRejected(Exception):
    """The file as a whole cannot be read; no row is looked at."""

    def __init__(self, *messages: str):
        super().__init__(*messages)
        self.messages = list(messages)


# ---------------------------------------------------------------------------------------------
# Reading files


def format_for(filename: str) -> str:
    """The import format from the file name; raises ValidationError for anything else."""
    name = filename.lower()
    if name.endswith(".csv"):
        return ImportFormat.CSV
    if name.endswith(".xlsx"):
        return ImportFormat.XLSX
    raise ValidationError(_("Upload a .csv or .xlsx file."))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]  # the guard export puts before formula-like cells
    return text.strip()


def _too_many_rows() -> FileRejected:
    return FileRejected(
        _("The file has more than %(limit)d data rows; split it into smaller files.")
        % {"limit": settings.IMPORT_MAX_ROWS}
    )


def _too_many_columns() -> FileRejected:
    return FileRejected(
        _("The file has more than %(limit)d columns.") % {"limit": settings.IMPORT_MAX_COLUMNS}
    )


def _bounded(rows: Iterable[list]) -> Iterator[list]:
    """Rows as they stream from the parser, stopped at the first one past the limits, so a file
    never costs more than IMPORT_MAX_ROWS rows of IMPORT_MAX_COLUMNS cells to read."""
    for count, cells in enumerate(rows):
        if count > settings.IMPORT_MAX_ROWS:  # the header is row 0
            raise _too_many_rows()
        width = len(cells)
        while width and cells[width - 1] in (None, ""):
            width -= 1
        if width > settings.IMPORT_MAX_COLUMNS:
            raise _too_many_columns()
        yield list(cells[:width])


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _(
                "The file is not UTF-8 text: byte 0x%(byte)02X at position %(position)d cannot "
                "be read. Save it as “CSV UTF-8” and upload it again."
            )
            % {"byte": exc.object[exc.start], "position": exc.start}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        yield from _bounded(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRejected(_("The file is not valid CSV: %(error)s") % {"error": exc}) from exc


def _xlsx_sheet(content: bytes):
    """The first sheet, opened for streaming, after checking the size its <dimension> declares:
    openpyxl would otherwise pad every row and column up to it, whatever the file holds."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.active
        rows, columns = sheet.max_row, sheet.max_column
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileRejected(_("The file is not a readable XLSX workbook.")) from exc
    if rows is not None and rows - 1 > settings.IMPORT_MAX_ROWS:
        raise _too_many_rows()
    if columns is not None and columns > settings.IMPORT_MAX_COLUMNS:
        raise _too_many_columns()
    # Read only the cells the sheet holds; _bounded stops a sheet that declared too little.
    sheet.reset_dimensions()
    return sheet


def _xlsx_rows(content: bytes) -> Iterator[list]:
    sheet = _xlsx_sheet(content)
    try:
        yield from _bounded(sheet.iter_rows(values_only=True))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileRejected(_("The file is not a readable XLSX workbook.")) from exc


def check_limits(content: bytes, filename: str) -> None:
    """Refuse a file over the row or column limit before anything expands it: an XLSX by the
    size it declares, a CSV by counting its rows as they stream. Raises FileRejected."""
    if format_for(filename) == ImportFormat.XLSX:
        _xlsx_sheet(content)
    else:
        for _row in _csv_rows(content):
            pass


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _normalise_header(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def read_table(content: bytes, filename: str) -> Table:
    """Rows of the file keyed by column; raises FileRejected for any file-level problem."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise FileRejected(
            _("The file is larger than %(limit)d bytes.") % {"limit": settings.IMPORT_MAX_BYTES}
        )
    try:
        file_format = format_for(filename)
    except ValidationError as exc:
        raise FileRejected(*exc.messages) from exc
    rows_of = _csv_rows if file_format == ImportFormat.CSV else _xlsx_rows
    raw = [[_cell_text(value) for value in row] for row in rows_of(content)]
    if not raw or not any(raw[0]):
        raise FileRejected(_("The file is empty; the first row must name the columns."))
    headers = [_normalise_header(h) for h in raw[0]]
    width = len(headers)
    # Spreadsheets often carry trailing columns with neither header nor value; drop those.
    while headers and not headers[-1] and all(len(r) < width or not r[width - 1] for r in raw):
        headers.pop()
        width -= 1
    problems = []
    if "" in headers:
        problems.append(_("Column %(number)d has no header.") % {"number": headers.index("") + 1})
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        problems.append(
            _("Unknown columns: %(unknown)s. Accepted columns: %(accepted)s.")
            % {"unknown": ", ".join(unknown), "accepted": ", ".join(COLUMNS)}
        )
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    if repeated:
        problems.append(_("Repeated columns: %(columns)s.") % {"columns": ", ".join(repeated)})
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        problems.append(
            _("Missing required columns: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    rows = []
    for index, cells in enumerate(raw[1:], start=2):
        if not any(cells):
            continue
        if any(cells[width:]):
            problems.append(
                _("Row %(number)d has more cells than the header has columns.") % {"number": index}
            )
            continue
        cells = cells + [""] * (width - len(cells))
        rows.append((index, dict(zip(headers, cells, strict=False))))
    if not rows and not problems:
        problems.append(_("The file has a header but no data rows."))
    if problems:
        raise FileRejected(*problems)
    return Table(columns=headers, rows=rows)


def template_csv() -> str:
    """A header-only CSV listing the accepted columns, for people preparing a file."""
    return ",".join(COLUMNS) + "\r\n"


# ---------------------------------------------------------------------------------------------
# Validating rows


def split_list(value: str) -> list[str]:
    """`"a; b;;a"` -> `["a", "b"]`: the multi-value cell format shared with export."""
    return list(dict.fromkeys(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()))


def _choice_key(text: str) -> str:
    return " ".join(text.replace("\u2013", "-").casefold().split())


_CHOICES = {
    "kind": OrganisationKind.choices,
    "size": OrganisationSize.choices,
    "language": LANGUAGE_CHOICES,
}


@functools.cache
def _choice_index(name: str) -> dict[str, str]:
    choices = _CHOICES[name]
    with translation.override("en"):
        index = {_choice_key(str(label)): code for code, label in choices if code}
    index.update((_choice_key(code), code) for code, _label in choices if code)
    return index


def _choice_code(value: str, name: str) -> str | None:
    """The code of the choice whose code or English label matches, ignoring case and dashes."""
    return _choice_index(name).get(_choice_key(value))


class Lookups:
    """Per-file caches, so a file of thousands of rows costs a handful of queries."""

    def __init__(self) -> None:
        self._terms: dict[str, dict[str, Term]] = {}
        self._cities: dict[tuple[str, str], City | None] = {}

    def terms(self, vocabulary: str) -> dict[str, Term]:
        if vocabulary not in self._terms:
            found = list(Term.objects.filter(vocabulary=vocabulary))
            # A slug wins over an English label that happens to read the same.
            index = {term.label_en.casefold(): term for term in found}
            index.update((term.slug.casefold(), term) for term in found)
            self._terms[vocabulary] = index
        return self._terms[vocabulary]

    def city(self, country: str, name: str) -> City | None:
        key = (country, name.casefold())
        if key not in self._cities:
            self._cities[key] = (
                City.objects.filter(country=country, name__iexact=name)
                .order_by("-population", "pk")
                .first()
            )
        return self._cities[key]


class OrganisationRowForm(forms.Form):
    """One row of an import file; field names are the import columns."""

    external_id = forms.CharField(required=False, max_length=255)
    name = forms.CharField(
        max_length=255, error_messages={"required": gettext_lazy("A name is required.")}
    )
    short_name = forms.CharField(required=False, max_length=60)
    kind = forms.CharField(error_messages={"required": gettext_lazy("A kind is required.")})
    country = forms.CharField(error_messages={"required": gettext_lazy("A country is required.")})
    city = forms.CharField(required=False, max_length=120)
    website = forms.URLField(required=False, max_length=300, assume_scheme="https")
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False, max_length=40)
    description = forms.CharField(required=False, max_length=DESCRIPTION_MAX_LENGTH)
    size = forms.CharField(required=False)
    founded_year = forms.IntegerField(required=False, min_value=1800)
    sectors = forms.CharField(required=False)
    technologies = forms.CharField(required=False)
    services = forms.CharField(required=False)
    languages = forms.CharField(required=False)
    certifications = forms.CharField(required=False)

    def __init__(self, data: Mapping[str, str], *, lookups: Lookups):
        super().__init__(data)
        self.lookups = lookups
        self.warnings: list[str] = []
        self.city_unknown = False

    def clean_kind(self) -> str:
        value = self.cleaned_data["kind"]
        code = _choice_code(value, "kind")
        if code is None:
            raise ValidationError(
                _("Unknown kind “%(value)s”; use one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(OrganisationKind.values)}
            )
        return code

    def clean_country(self) -> str:
        value = self.cleaned_data["country"].strip()
        code = countries.alpha2(value) if len(value) in (2, 3) else countries.by_name(value)
        allowed = [c.upper() for c in settings.SILKBRIDGE_COUNTRIES]
        if code not in allowed:
            raise ValidationError(
                _("Unknown country “%(value)s”; use one of: %(choices)s.")
                % {
                    "value": value,
                    "choices": ", ".join(f"{c} ({countries.name(c)})" for c in allowed),
                }
            )
        return code

    def clean_founded_year(self) -> int | None:
        year = self.cleaned_data["founded_year"]
        if year is not None and year > timezone.now().year:
            raise ValidationError(_("The founding year cannot be in the future."))
        return year

    def clean_size(self) -> str:
        value = self.cleaned_data["size"]
        if not value:
            return ""
        code = _choice_code(value, "size")
        if code is None:
            raise ValidationError(
                _("Unknown size “%(value)s”; use one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(v for v in OrganisationSize.values if v)}
            )
        return code

    def _clean_terms(self, column: str) -> list[Term]:
        index = self.lookups.terms(TAG_VOCABULARIES[column])
        items = split_list(self.cleaned_data[column])
        unknown = [item for item in items if item.casefold() not in index]
        if unknown:
            raise ValidationError(
                _("Unknown %(vocabulary)s: %(terms)s.")
                % {
                    "vocabulary": Vocabulary(TAG_VOCABULARIES[column]).label.lower(),
                    "terms": ", ".join(unknown),
                }
            )
        return list(dict.fromkeys(index[item.casefold()] for item in items))

    def clean_sectors(self) -> list[Term]:
        return self._clean_terms("sectors")

    def clean_technologies(self) -> list[Term]:
        return self._clean_terms("technologies")

    def clean_services(self) -> list[Term]:
        return self._clean_terms("services")

    def clean_languages(self) -> list[str]:
        codes, unknown = [], []
        for item in split_list(self.cleaned_data["languages"]):
            code = _choice_code(item, "language")
            (codes if code else unknown).append(code or item)
        if unknown:
            raise ValidationError(
                _("Unknown languages: %(languages)s; use codes such as %(examples)s.")
                % {"languages": ", ".join(unknown), "examples": "en; ru; kk; ur"}
            )
        return list(dict.fromkeys(codes))

    def clean_certifications(self) -> list[str]:
        names = split_list(self.cleaned_data["certifications"])
        check_certifications(names)
        return names

    def clean(self) -> dict:
        cleaned = super().clean()
        name = cleaned.get("city", "")
        cleaned["city"] = None
        if name and cleaned.get("country"):
            cleaned["city"] = self.lookups.city(cleaned["country"], name)
            if cleaned["city"] is None:
                self.city_unknown = True
                self.warnings.append(
                    _("Unknown city “%(city)s” in %(country)s; it is left out.")
                    % {"city": name, "country": countries.name(cleaned["country"])}
                )
        return cleaned
