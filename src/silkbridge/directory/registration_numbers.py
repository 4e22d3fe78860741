"""Registration numbers as each country writes them, checked before an organisation is stored.

Kazakhstan: one 12-digit number identifies every body — the BIN of a legal entity, or the IIN
of an individual entrepreneur, who trades under it. Its last digit is a check digit over the
first eleven (weights 1…11; if that remainder is 10, weights 3…11, 1, 2; a second 10 is never
issued). A BIN starts with the year and month of registration, then the kind of entity (4
resident, 5 non-resident, 6 joint entrepreneurship) and the kind of unit (0 head office, 1
branch, 2 representative office, 3 peasant farm); an IIN starts with a date of birth and a
digit for century and sex.

Pakistan: a company has two numbers. The FBR's National Tax Number is 7 digits and a check
digit, written 1234567-8 (the FBR does not publish how the check digit is computed, so only
its presence is checked; individuals use their 13-digit CNIC, which is not accepted for an
organisation). The SECP's incorporation number (Corporate Unique Identification Number) is
7 digits, e.g. 0012345, sometimes written with a "CUIN" prefix. An NTN must be written with
its check digit so that the two cannot be confused.

Numbers of other countries are kept as typed (tidied), since no format is known for them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "RegistrationNumber",
    "Scheme",
    "expected_format",
    "kazakhstan_check_digit",
    "parse_registration_number",
]

MAX_LENGTH = 40
FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# Spaces, dashes, dots and slashes people type between groups of digits.
SEPARATORS = re.compile(r"[\s\-./]+")
OTHER_COUNTRY_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9 \-./]*$")


class Scheme:
    KZ_BIN = "kz-bin"
    KZ_IIN = "kz-iin"
    PK_NTN = "pk-ntn"
    PK_SECP = "pk-secp"
    OTHER = "other"


SCHEME_LABELS = {
    Scheme.KZ_BIN: _("Business identification number (BIN)"),
    Scheme.KZ_IIN: _("Individual identification number (IIN)"),
    Scheme.PK_NTN: _("National Tax Number (NTN)"),
    Scheme.PK_SECP: _("SECP incorporation number"),
    Scheme.OTHER: _("Registration number"),
}


@dataclass(frozen=True)
class RegistrationNumber:
    """A number in its stored form, with the register it belongs to."""

    value: str
    scheme: str

    @property
    def label(self) -> str:
        return str(SCHEME_LABELS[self.scheme])


def expected_format(country: str) -> str:
    """The format a person should type, in words, for a form's help text and errors."""
    if country == "KZ":
        return str(_("12 digits: the BIN (or an entrepreneur's IIN), e.g. 971240001315"))
    if country == "PK":
        return str(
            _(
                "the NTN as 7 digits and its check digit, e.g. 4174941-3, or the SECP "
                "incorporation number as 7 digits, e.g. 0012345"
            )
        )
    return str(_("letters and digits, as on the registration certificate"))


def kazakhstan_check_digit(first_eleven: str) -> int | None:
    """The check digit of a BIN or IIN from its first 11 digits; None if none can be issued."""
    digits = [int(d) for d in first_eleven]
    remainder = sum(w * d for w, d in zip(FIRST_WEIGHTS, digits, strict=True)) % 11
    if remainder == 10:
        remainder = sum(w * d for w, d in zip(SECOND_WEIGHTS, digits, strict=True)) % 11
    return None if remainder == 10 else remainder


def parse_registration_number(country: str, raw: str) -> RegistrationNumber:
    """The number in its stored form; raises ValidationError naming the expected format."""
    text = (raw or "").strip().upper()
    if not text:
        raise ValidationError(_("Enter the registration number."), code="required")
    if country == "KZ":
        return _parse_kazakhstan(text)
    if country == "PK":
        return _parse_pakistan(text)
    tidy = " ".join(text.split())
    if len(tidy) > MAX_LENGTH or not OTHER_COUNTRY_NUMBER.match(tidy):
        raise _format_error(country)
    return RegistrationNumber(tidy, Scheme.OTHER)


def _format_error(country: str, problem: str = "") -> ValidationError:
    message = _("Expected %(format)s.") % {"format": expected_format(country)}
    if problem:
        message = f"{problem} {message}"
    return ValidationError(message, code="registration_number_format")


def _parse_kazakhstan(text: str) -> RegistrationNumber:
    digits = SEPARATORS.sub("", text)
    if not digits.isdigit() or len(digits) != 12:
        raise _format_error("KZ")
    if kazakhstan_check_digit(digits[:11]) != int(digits[11]):
        raise _format_error(
            "KZ", str(_("The last digit does not match the others (check digit): a typing slip?"))
        )
    if _looks_like_bin(digits):
        return RegistrationNumber(digits, Scheme.KZ_BIN)
    if _looks_like_iin(digits):
        return RegistrationNumber(digits, Scheme.KZ_IIN)
    raise _format_error(
        "KZ", str(_("This is neither a BIN (year, month, entity type) nor an IIN (birth date)."))
    )


def _looks_like_bin(digits: str) -> bool:
    return 1 <= int(digits[2:4]) <= 12 and digits[4] in "456" and digits[5] in "0123"


def _looks_like_iin(digits: str) -> bool:
    if digits[6] not in "0123456":
        return False
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}.get(digits[6])
    # 0 is given to some foreign residents: any century will do for the date check.
    for base in (century,) if century else (1900, 2000):
        try:
            datetime.date(base + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
        except ValueError:
            continue
        return True
    return False


def _parse_pakistan(text: str) -> RegistrationNumber:
    compact = re.sub(r"^CUIN[\s\-:#]*", "", text)
    is_cuin = compact != text
    digits = SEPARATORS.sub("", compact)
    if not digits.isdigit():
        raise _format_error("PK")
    if len(digits) == 7:
        return RegistrationNumber(digits, Scheme.PK_SECP)
    if len(digits) == 8 and not is_cuin:
        return RegistrationNumber(f"{digits[:7]}-{digits[7]}", Scheme.PK_NTN)
    if len(digits) == 13:
        raise _format_error(
            "PK", str(_("A 13-digit CNIC is a person's number, not an organisation's."))
        )
    raise _format_error("PK")
