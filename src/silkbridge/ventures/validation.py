"""Checking a venture's input before anything is written: every field error is collected, so
the user sees all problems at once, in the field they belong to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from silkbridge.directory.models import Organisation, Term, Vocabulary
from silkbridge.ventures import currency
from silkbridge.ventures.models import (
    AMOUNT_DIGITS,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    PartyRole,
    Venture,
    VentureKind,
)

MAX_INTAKE_DATES = 12
FIELDS_OF_STUDY_MAX_LENGTH = 1000
# Years a venture can have started in: IT cooperation this platform records is not older, and
# a typo ("1025") is caught. Intake dates of a programme lie at most INTAKE_YEARS_AHEAD ahead.
EARLIEST_YEAR = 1990
INTAKE_YEARS_AHEAD = 10
# Counts beyond these are typing mistakes (and would overflow the database's integer).
COUNT_LIMITS = {"jobs_created": 1_000_000, "people_exchanged": 1_000_000, "seats": 100_000}
DETAIL_FIELDS = (
    "title",
    "summary",
    "kind",
    "started_on",
    "value_amount",
    "value_currency",
    "jobs_created",
    "people_exchanged",
    "confidential",
    "working_group",
    "sectors",
    "seats",
    "intake_dates",
    "fields_of_study",
)


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


class FieldErrors:
    """Collects field errors so the user sees every problem at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def take(self, error: ValidationError) -> None:
        for field, items in error.error_dict.items():
            self.errors.setdefault(field, []).extend(items)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _text(errors: FieldErrors, data: dict, name: str, limit: int, *, required: bool) -> str:
    value = (data.get(name) or "").strip()
    if required and not value:
        errors.add(name, _("This field is required."), "required")
    elif len(value) > limit:
        errors.add(
            name,
            _("Please keep it under %(limit)d characters.") % {"limit": limit},
            "max_length",
        )
    return value


def _count(errors: FieldErrors, data: dict, name: str, *, allow_null: bool = False) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        return None if allow_null else 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.add(name, _("Enter a whole number."), "invalid")
        return None
    if number < 0:
        errors.add(name, _("This number cannot be negative."), "negative")
    elif name in COUNT_LIMITS and number > COUNT_LIMITS[name]:
        errors.add(
            name,
            _("Enter a number up to %(limit)s.")
            % {"limit": number_format(COUNT_LIMITS[name], force_grouping=True)},
            "too_large",
        )
    return number


def _date(errors: FieldErrors, data: dict, name: str, *, required: bool) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors.add(name, _("This field is required."), "required")
        return None
    if isinstance(value, str):
        parsed = parse_date(value.strip())
        if parsed is None:
            errors.add(name, _("Enter a date as YYYY-MM-DD."), "invalid")
        return parsed
    return value


def parse_intake_dates(value: Any) -> list[date]:
    """Intake dates from a list or a comma-separated text, in order, each once."""
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else str(value).replace(";", ",").split(",")
    dates = set()
    latest = timezone.localdate().year + INTAKE_YEARS_AHEAD
    for item in items:
        if isinstance(item, date):
            parsed = item
        else:
            text = str(item).strip()
            if not text:
                continue
            parsed = parse_date(text)
            if parsed is None:
                raise field_error(
                    "intake_dates",
                    _("“%(value)s” is not a date; write dates as YYYY-MM-DD, separated by commas.")
                    % {"value": text},
                    "invalid",
                )
        if not EARLIEST_YEAR <= parsed.year <= latest:
            raise field_error(
                "intake_dates",
                _("“%(value)s” is not between %(first)d and %(last)d.")
                % {"value": parsed.isoformat(), "first": EARLIEST_YEAR, "last": latest},
                "out_of_range",
            )
        dates.add(parsed)
    if len(dates) > MAX_INTAKE_DATES:
        raise field_error(
            "intake_dates",
            _("List at most %(count)d intake dates.") % {"count": MAX_INTAKE_DATES},
            "too_many",
        )
    return sorted(dates)


def _amount(errors: FieldErrors, value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        errors.add("value_amount", _("Enter a number."), "invalid")
        return None
    if not amount.is_finite():
        errors.add("value_amount", _("Enter a number."), "invalid")
        return None
    if amount < 0:
        errors.add("value_amount", _("The value cannot be negative."), "negative")
        return None
    if amount.as_tuple().exponent < -2 or amount >= Decimal(10) ** (AMOUNT_DIGITS - 2):
        errors.add(
            "value_amount",
            _("Use at most two decimal places and fewer than 16 digits before the point."),
            "invalid",
        )
        return None
    return amount


def _sectors(errors: FieldErrors, value: Any) -> list[Term] | None:
    if value is None:
        return None
    ids = [getattr(item, "pk", item) for item in value]
    terms = list(Term.objects.filter(pk__in=ids, vocabulary=Vocabulary.SECTOR))
    if len(terms) != len(set(ids)):
        errors.add("sectors", _("Choose sectors from the list."), "invalid")
    return terms


def _working_group(errors: FieldErrors, value: Any) -> Any:
    if value in (None, ""):
        return None
    from django.apps import apps

    model = apps.get_model("workspace", "WorkingGroup")
    if isinstance(value, model):
        return value
    group = model.objects.filter(pk=getattr(value, "pk", value)).first()
    if group is None:
        errors.add("working_group", _("No such working group."), "invalid")
    return group


def clean_details(data: dict, *, current: Venture | None = None) -> dict[str, Any]:
    """Check a venture's details (all fields on create, the fields sent on update)."""
    errors = FieldErrors()
    base: dict[str, Any] = {}
    if current is not None:
        base = {name: getattr(current, name) for name in DETAIL_FIELDS if name != "sectors"}
        base["working_group"] = current.working_group_id
        base["intake_dates"] = current.intake_dates or []
    merged = {**base, **data}
    today = timezone.localdate()
    out: dict[str, Any] = {
        "title": _text(errors, merged, "title", TITLE_MAX_LENGTH, required=True),
        "summary": _text(errors, merged, "summary", SUMMARY_MAX_LENGTH, required=False),
        "confidential": bool(merged.get("confidential")),
        "jobs_created": _count(errors, merged, "jobs_created"),
        "people_exchanged": _count(errors, merged, "people_exchanged"),
    }
    kind = merged.get("kind")
    if kind not in VentureKind.values:
        errors.add("kind", _("Choose a kind of venture from the list."), "invalid")
    out["kind"] = kind
    started_on = _date(errors, merged, "started_on", required=True)
    if started_on is not None and started_on > today:
        errors.add("started_on", _("The start date cannot be in the future."), "future")
    elif started_on is not None and started_on.year < EARLIEST_YEAR:
        errors.add(
            "started_on",
            _("Enter a start date in %(year)d or later.") % {"year": EARLIEST_YEAR},
            "too_old",
        )
    out["started_on"] = started_on

    amount = _amount(errors, merged.get("value_amount"))
    code = (merged.get("value_currency") or "").strip().upper()
    out["value_amount"] = amount
    out["value_currency"] = code if amount is not None else ""
    if amount is not None:
        if not code:
            errors.add("value_currency", _("Choose the currency of the value."), "required")
        else:
            try:
                out["rate"] = currency.rate_for(code, today)
            except ValidationError as error:
                errors.take(error)

    if kind in VentureKind.values and Venture(kind=kind).is_academic_alliance:
        out["seats"] = _count(errors, merged, "seats", allow_null=True)
        try:
            out["intake_dates"] = [
                d.isoformat() for d in parse_intake_dates(merged.get("intake_dates"))
            ]
        except ValidationError as error:
            errors.take(error)
        out["fields_of_study"] = _text(
            errors, merged, "fields_of_study", FIELDS_OF_STUDY_MAX_LENGTH, required=False
        )
    else:
        # Programme details belong to academic alliances only; other kinds carry none.
        out.update(seats=None, intake_dates=None, fields_of_study="")
    out["working_group"] = _working_group(errors, merged.get("working_group"))
    out["sectors"] = _sectors(errors, data.get("sectors"))
    errors.raise_any()
    return out


def clean_parties(
    parties: Iterable[tuple[Organisation, str]],
) -> list[tuple[Organisation, str]]:
    """Two or more distinct organisations from both countries; the first lead if none is."""
    chosen: list[tuple[Organisation, str]] = []
    seen: set[int] = set()
    for organisation, role in parties:
        if organisation.pk in seen:
            raise field_error(
                "parties",
                _("%(name)s is listed twice.") % {"name": organisation.name},
                "duplicate",
            )
        seen.add(organisation.pk)
        role = role if role in PartyRole.values else PartyRole.PARTNER
        chosen.append((organisation, role))
    if len(chosen) < 2:
        raise field_error("parties", _("A venture needs at least two organisations."), "too_few")
    countries = {str(organisation.country) for organisation, _role in chosen}
    missing = [c for c in settings.SILKBRIDGE_COUNTRIES if c not in countries]
    if missing:
        raise field_error(
            "parties",
            _("The parties must include organisations from both countries."),
            "one_country",
        )
    if not any(role == PartyRole.LEAD for _org, role in chosen):
        chosen[0] = (chosen[0][0], PartyRole.LEAD)
    return chosen
