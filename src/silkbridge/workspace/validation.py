"""Small input checks shared by the workspace services: field errors that keep their code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A field-level error that keeps its code (a dict of plain strings would lose it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def clean_text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_error(field, _("This field is required."), "required")
    if len(value) > max_length:
        raise field_error(
            field,
            _("Please keep it under %(limit)d characters.") % {"limit": max_length},
            "max_length",
        )
    return value
