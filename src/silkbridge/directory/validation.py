"""Limits on what an organisation's profile holds, shared by the page, the API and imports.

A profile is read in lists and on a phone: a description is a few paragraphs, certifications
are names, and a founding year is one that has happened.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.directory.models import DESCRIPTION_MAX_LENGTH

EARLIEST_FOUNDING_YEAR = 1800
MAX_CERTIFICATIONS = 20
CERTIFICATION_MAX_LENGTH = 100

__all__ = [
    "CERTIFICATION_MAX_LENGTH",
    "DESCRIPTION_MAX_LENGTH",
    "EARLIEST_FOUNDING_YEAR",
    "MAX_CERTIFICATIONS",
    "check_certifications",
    "check_founded_year",
]


def check_founded_year(year: int | None) -> None:
    """A founding year from 1800 to this year."""
    this_year = timezone.localdate().year
    if year is not None and not EARLIEST_FOUNDING_YEAR <= year <= this_year:
        raise ValidationError(
            _("Enter a year between %(first)d and %(last)d.")
            % {"first": EARLIEST_FOUNDING_YEAR, "last": this_year},
            code="out_of_range",
        )


def check_certifications(names: list[str]) -> None:
    """A short list of certification names, each a name rather than a paragraph."""
    if len(names) > MAX_CERTIFICATIONS:
        raise ValidationError(
            _("List at most %(count)d certifications.") % {"count": MAX_CERTIFICATIONS},
            code="too_many",
        )
    if any(len(name) > CERTIFICATION_MAX_LENGTH for name in names):
        raise ValidationError(
            _("Keep each certification under %(limit)d characters.")
            % {"limit": CERTIFICATION_MAX_LENGTH},
            code="max_length",
        )
