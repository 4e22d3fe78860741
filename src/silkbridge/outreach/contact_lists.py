"""Reading a contact list (CSV or XLSX) and checking each row against the directory.

Columns: `email`, `name` and `organisation` (headers are matched loosely: "E-mail", "Name",
"Organization" work too). The organisation cell names a directory record by its website
domain (`qfl.kz`, `https://www.qfl.kz/about`), its registration number (`123456789012`,
`1234567-8`) or its exact name, compared without case, accents, quotes or extra spaces; a
blank cell falls back on the domain of the contact's e-mail address. Each check reads the
directory once for the whole file, so a list of thousands of rows costs a handful of queries.

A row is ready, or reported with every problem it has: an invalid e-mail, an unknown or
ambiguous organisation, a person who is already a member, or a duplicate of an earlier row.
Reading writes nothing.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from silkbridge.directory.importing.rows import FileRejected, check_limits, format_for
from silkbridge.directory.models import Organisation, Person
from silkbridge.directory.services import normalise_text, website_domain

HEADER_ALIASES = {
    "email": {"email", "emailaddress", "mail", "eposta"},
    "name": {"name", "fullname", "contactname", "contact", "person"},
    "organisation": {"organisation", "organization", "company", "org", "institution"},
}
REQUIRED = ("email", "organisation")
QUOTES = re.compile(r"[\"'«»“”„‘’`]")
PUNCTUATION = re.compile(r"[.,;:()\[\]]")
SEPARATORS = re.compile(r"[\s\-./]+")
DOMAIN = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/:?#].*)?$", re.IGNORECASE)

PROBLEM_MESSAGES = {
    "missing_email": lambda: _("No e-mail address."),
    "invalid_email": lambda: _("The e-mail address is not valid."),
    "missing_organisation": lambda: _("No organisation, and the e-mail's domain names none."),
    "unknown_organisation": lambda: _("No organisation in the directory matches."),
    "ambiguous_organisation": lambda: _("Several organisations have this name."),
    "already_member": lambda: _("Already a member of this organisation."),
    "duplicate": lambda: _("The same e-mail address is on an earlier row."),
}


@dataclass
class ContactRow:
    row_number: int
    email: str
    full_name: str
    organisation_text: str
    organisation_id: int | None = None
    organisation_name: str = ""
    matched_by: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def is_ready(self) -> bool:
        return not self.problems

    @property
    def problem_messages(self) -> list[str]:
        return [PROBLEM_MESSAGES[code]() for code in self.problems]


@dataclass
class ContactListReport:
    rows: list[ContactRow]

    @property
    def ready(self) -> list[ContactRow]:
        return [row for row in self.rows if row.is_ready]

    @property
    def with_problems(self) -> list[ContactRow]:
        return [row for row in self.rows if not row.is_ready]

    @property
    def problem_counts(self) -> list[tuple[str, str, int]]:
        """(code, message, rows) for each kind of problem found, most frequent first."""
        counts = Counter(code for row in self.rows for code in row.problems)
        return [(code, PROBLEM_MESSAGES[code](), n) for code, n in counts.most_common()]


def _header_key(text: object) -> str:
    return re.sub(r"[^a-z]", "", str(text or "").lower())


def _columns(headers: Iterable[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _header_key(header)
        for column, aliases in HEADER_ALIASES.items():
            if key in aliases and column not in found:
                found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        raise ValidationError(
            _("The file needs an “email” and an “organisation” column; it lacks: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return found


def _cell(values: tuple, index: int | None) -> str:
    if index is None or index >= len(values) or values[index] is None:
        return ""
    value = values[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def check_file(content: bytes, filename: str) -> None:
    """Refuse a file that is not CSV or XLSX, too large, or over the row and column limits."""
    format_for(filename)
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d bytes.") % {"limit": settings.IMPORT_MAX_BYTES}
        )
    try:
        check_limits(content, filename)
    except FileRejected as rejected:
        raise ValidationError(rejected.messages) from rejected


def read_rows(content: bytes, filename: str) -> list[ContactRow]:
    """The file's data rows, numbered as a spreadsheet shows them (the header is row 1)."""
    check_file(content, filename)
    file_format = format_for(filename)
    try:
        if file_format == "csv":
            text = content.decode("utf-8-sig")
            first_line = text.split("\n", 1)[0]
            delimiter = max((",", ";", "\t"), key=first_line.count)
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        else:
            dataset = tablib.Dataset().load(content, format="xlsx")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
        ) from exc
    except Exception as exc:  # tablib raises whatever its parser raises
        raise ValidationError(_("The file cannot be read as a table.")) from exc
    columns = _columns(dataset.headers or [])
    rows = []
    for offset, values in enumerate(dataset, start=2):
        values = tuple(values)
        if not any(str(v or "").strip() for v in values):
            continue
        rows.append(
            ContactRow(
                row_number=offset,
                email=_cell(values, columns["email"]).lower(),
                full_name=_cell(values, columns.get("name"))[:200],
                organisation_text=_cell(values, columns["organisation"])[:300],
            )
        )
    return rows


def normalise_name(name: str) -> str:
    """A name compared without case, accents, quotes, stops or extra spaces."""
    return normalise_text(PUNCTUATION.sub(" ", QUOTES.sub("", name or "")))


def registration_number_candidates(text: str) -> set[str]:
    """The ways a registration number may be stored: as typed, digits only, NTN with a dash."""
    tidy = text.strip().upper()
    tidy = tidy.removeprefix("CUIN").strip()
    compact = SEPARATORS.sub("", tidy)
    candidates = {tidy, compact}
    if compact.isdigit() and len(compact) == 8:
        candidates.add(f"{compact[:7]}-{compact[7]}")
    return {c for c in candidates if c}


def _looks_like_domain(text: str) -> bool:
    return " " not in text.strip() and bool(DOMAIN.match(text.strip()))


class _Directory:
    """Active organisations by domain, registration number and normalised name, read once."""

    def __init__(self, rows: list[ContactRow]):
        domains, numbers, wants_names = set(), set(), False
        for row in rows:
            text = row.organisation_text
            if not text:
                domains.add(row.email.rpartition("@")[2])
            elif _looks_like_domain(text):
                domains.add(website_domain(text))
            else:
                numbers |= registration_number_candidates(text)
                wants_names = True
        domains.discard("")
        active = Organisation.objects.active().order_by()
        self.by_domain: dict[str, list[tuple[int, str]]] = {}
        self.by_number: dict[str, list[tuple[int, str]]] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        if wants_names:
            # A name cannot be looked up in the database as it is compared, so the directory is
            # read once, and the domains and numbers are taken from the same pass (a long list
            # of values in one query costs more than the pass).
            records = active.values_list("pk", "name", "website_domain", "registration_number")
            for pk, name, domain, number in records.iterator(chunk_size=5000):
                self.by_name.setdefault(normalise_name(name), []).append((pk, name))
                if domain in domains:
                    self.by_domain.setdefault(domain, []).append((pk, name))
                if number in numbers:
                    self.by_number.setdefault(number, []).append((pk, name))
            return
        for pk, name, domain in active.filter(website_domain__in=domains).values_list(
            "pk", "name", "website_domain"
        ):
            self.by_domain.setdefault(domain, []).append((pk, name))

    def match(self, row: ContactRow) -> tuple[list[tuple[int, str]], str]:
        text = row.organisation_text
        if not text:
            return self.by_domain.get(row.email.rpartition("@")[2], []), "email_domain"
        if _looks_like_domain(text):
            return self.by_domain.get(website_domain(text), []), "website"
        for number in registration_number_candidates(text):
            if number in self.by_number:
                return self.by_number[number], "registration_number"
        return self.by_name.get(normalise_name(text), []), "name"


def check_rows(rows: list[ContactRow]) -> ContactListReport:
    """Match each row to an organisation and note every problem; writes nothing."""
    directory = _Directory(rows)
    seen: set[str] = set()
    for row in rows:
        if not row.email:
            row.problems.append("missing_email")
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                row.problems.append("invalid_email")
            if row.email in seen:
                row.problems.append("duplicate")
            seen.add(row.email)
        matches, matched_by = directory.match(row)
        if len(matches) == 1:
            row.organisation_id, row.organisation_name = matches[0]
            row.matched_by = matched_by
        elif len(matches) > 1:
            row.problems.append("ambiguous_organisation")
        elif not row.organisation_text and "invalid_email" not in row.problems:
            row.problems.append("missing_organisation")
        elif row.organisation_text:
            row.problems.append("unknown_organisation")
    _mark_members(rows)
    return ContactListReport(rows=rows)


def _mark_members(rows: list[ContactRow]) -> None:
    matched = [row for row in rows if row.organisation_id and row.email]
    if not matched:
        return
    # By address alone, in slices: a person belongs to few organisations, and a long list
    # stays under every database's limit on query parameters.
    emails = sorted({row.email for row in matched})
    members = set()
    for start in range(0, len(emails), 1000):
        members |= {
            (organisation_id, email.lower())
            for organisation_id, email in Person.objects.filter(
                user__email__in=emails[start : start + 1000]
            )
            .order_by()
            .values_list("organisation_id", "user__email")
        }
    for row in matched:
        if (row.organisation_id, row.email) in members:
            row.problems.append("already_member")


def report_for(content: bytes, filename: str) -> ContactListReport:
    """Read and check a contact list; raises ValidationError for a file that cannot be read."""
    return check_rows(read_rows(content, filename))
