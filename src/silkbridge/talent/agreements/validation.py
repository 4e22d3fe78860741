"""Checking an agreement's and a condition's input before anything is written: every field error
is collected, so the coordinator sees all problems at once, in the field they belong to."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.talent.agreements.isced import ISCED_FIELDS
from silkbridge.talent.agreements.languages import validate_language_requirements
from silkbridge.talent.agreements.models import (
    EQF_MAX,
    EQF_MIN,
    FIRST_ACADEMIC_YEAR,
    LAST_ACADEMIC_YEAR,
    TITLE_MAX_LENGTH,
    MobilityType,
)
from silkbridge.ventures.models import ACADEMIC_KINDS
from silkbridge.ventures.validation import FieldErrors

MAX_INSTITUTIONS = 10
MAX_YEARS = 10
MAX_PEOPLE_PER_YEAR = 1000
MAX_MONTHS_PER_YEAR = Decimal("12000")
CONTACT_MAX_LENGTH = 200


def _whole(errors: FieldErrors, data: dict, name: str) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        errors.add(name, _("This field is required."), "required")
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.add(name, _("Enter a whole number."), "invalid")
        return None
    if (isinstance(value, float) and value != number) or isinstance(value, bool):
        errors.add(name, _("Enter a whole number."), "invalid")
        return None
    return number


def clean_agreement(data: dict[str, Any]) -> dict[str, Any]:
    """Title, academic years, institutions of both countries and academic alliances."""
    errors = FieldErrors()
    title = (data.get("title") or "").strip()
    if not title:
        errors.add("title", _("This field is required."), "required")
    elif len(title) > TITLE_MAX_LENGTH:
        errors.add(
            "title",
            _("Please keep it under %(limit)d characters.") % {"limit": TITLE_MAX_LENGTH},
            "max_length",
        )
    start = _whole(errors, data, "academic_year_start")
    end = _whole(errors, data, "academic_year_end")
    for name, year in (("academic_year_start", start), ("academic_year_end", end)):
        if year is not None and not FIRST_ACADEMIC_YEAR <= year <= LAST_ACADEMIC_YEAR:
            errors.add(
                name,
                _("Give a year between %(first)d and %(last)d.")
                % {"first": FIRST_ACADEMIC_YEAR, "last": LAST_ACADEMIC_YEAR},
                "range",
            )
    if start is not None and end is not None:
        if end < start:
            errors.add(
                "academic_year_end",
                _("The last academic year cannot come before the first."),
                "order",
            )
        elif end - start + 1 > MAX_YEARS:
            errors.add(
                "academic_year_end",
                _("An agreement covers at most %(years)d academic years.") % {"years": MAX_YEARS},
                "too_long",
            )
    institutions = _institutions(errors, data.get("institutions") or [])
    ventures = list(data.get("ventures") or [])
    chosen = {institution.pk for institution in institutions}
    for venture in ventures:
        if venture.kind not in ACADEMIC_KINDS:
            errors.add(
                "ventures",
                _("“%(title)s” is not an academic alliance.") % {"title": venture.title},
                "not_academic",
            )
        elif not chosen & set(venture.parties.values_list("organisation_id", flat=True)):
            errors.add(
                "ventures",
                _("None of the institutions is a party to “%(title)s”.") % {"title": venture.title},
                "not_a_party",
            )
    errors.raise_any()
    return {
        "title": title,
        "academic_year_start": start,
        "academic_year_end": end,
        "institutions": institutions,
        "ventures": ventures,
    }


def _institutions(errors: FieldErrors, chosen: Iterable[Organisation]) -> list[Organisation]:
    unique = list({institution.pk: institution for institution in chosen}.values())
    if len(unique) < 2:
        errors.add("institutions", _("Choose at least two academic institutions."), "too_few")
        return unique
    if len(unique) > MAX_INSTITUTIONS:
        errors.add(
            "institutions",
            _("An agreement has at most %(count)d institutions.") % {"count": MAX_INSTITUTIONS},
            "too_many",
        )
    for institution in unique:
        if institution.kind != OrganisationKind.ACADEMIC:
            errors.add(
                "institutions",
                _("%(name)s is not an academic institution.") % {"name": institution.name},
                "not_academic",
            )
        if institution.merged_into_id is not None:
            errors.add(
                "institutions",
                _("%(name)s was merged into another record.") % {"name": institution.name},
                "merged",
            )
    countries = {str(institution.country) for institution in unique}
    if not set(settings.SILKBRIDGE_COUNTRIES) <= countries:
        errors.add(
            "institutions",
            _("Choose institutions of both countries: all of these are from one country."),
            "one_country",
        )
    return unique


def _language_requirements(errors: FieldErrors, value: Any) -> list[dict[str, str]]:
    value = list(value or [])
    try:
        validate_language_requirements(value)
    except ValidationError as error:
        for message in error.messages:
            errors.add("language_requirements", message, "invalid")
    return value


def clean_condition(data: dict[str, Any], *, institutions: Iterable[Organisation]) -> dict:
    """One cooperation condition between two of the agreement's `institutions`."""
    errors = FieldErrors()
    parties = {institution.pk: institution for institution in institutions}
    sending = data.get("sending_institution")
    receiving = data.get("receiving_institution")
    for name, institution in (
        ("sending_institution", sending),
        ("receiving_institution", receiving),
    ):
        if institution is None:
            errors.add(name, _("This field is required."), "required")
        elif institution.pk not in parties:
            errors.add(name, _("Choose one of the agreement's institutions."), "not_a_party")
    if sending is not None and receiving is not None:
        if sending.pk == receiving.pk:
            errors.add(
                "receiving_institution",
                _("The receiving institution must differ from the sending one."),
                "same_institution",
            )
        elif sending.country == receiving.country:
            errors.add(
                "receiving_institution",
                _("The sending and receiving institutions are both from one country."),
                "same_country",
            )
    mobility_type = data.get("mobility_type") or ""
    if mobility_type not in MobilityType.values:
        errors.add("mobility_type", _("Select a valid choice."), "invalid")
    isced_code = (data.get("isced_code") or "").strip()
    if not isced_code:
        errors.add("isced_code", _("This field is required."), "required")
    elif isced_code not in ISCED_FIELDS:
        errors.add(
            "isced_code",
            _("%(code)s is not an ISCED-F 2013 code this platform knows.") % {"code": isced_code},
            "isced",
        )
    eqf_level = _whole(errors, data, "eqf_level")
    if eqf_level is not None and not EQF_MIN <= eqf_level <= EQF_MAX:
        errors.add(
            "eqf_level",
            _("The EQF level must be between %(min)d and %(max)d.")
            % {"min": EQF_MIN, "max": EQF_MAX},
            "eqf",
        )
    people = _whole(errors, data, "people_per_year")
    if people is not None and people < 1:
        errors.add("people_per_year", _("Offer at least one person a year."), "min_people")
    elif people is not None and people > MAX_PEOPLE_PER_YEAR:
        errors.add("people_per_year", _("Enter a smaller number."), "max_people")
    months = _months(errors, data.get("total_months_per_year"))
    contact_name = (data.get("contact_name") or "").strip()
    if len(contact_name) > CONTACT_MAX_LENGTH:
        errors.add("contact_name", _("This value is too long."), "max_length")
    contact_email = (data.get("contact_email") or "").strip()
    if contact_email:
        from django.core.validators import validate_email

        try:
            validate_email(contact_email)
        except ValidationError:
            errors.add("contact_email", _("Enter a valid e-mail address."), "invalid")
    languages = _language_requirements(errors, data.get("language_requirements"))
    errors.raise_any()
    return {
        "sending_institution": sending,
        "receiving_institution": receiving,
        "mobility_type": mobility_type,
        "isced_code": isced_code,
        "eqf_level": eqf_level,
        "people_per_year": people,
        "total_months_per_year": months,
        "language_requirements": languages,
        "contact_name": contact_name,
        "contact_email": contact_email,
    }


def _months(errors: FieldErrors, value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        months = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add("total_months_per_year", _("Enter a number."), "invalid")
        return None
    if not months.is_finite() or months < 0 or months > MAX_MONTHS_PER_YEAR:
        errors.add("total_months_per_year", _("Enter a number of months, not negative."), "range")
        return None
    if months != months.quantize(Decimal("0.1")):
        errors.add("total_months_per_year", _("Use at most one decimal place."), "decimals")
        return None
    return months
