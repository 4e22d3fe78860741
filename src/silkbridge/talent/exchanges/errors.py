"""Field errors collected before anything is written, so the user sees every problem at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


class FieldErrors:
    """Collects errors per field; `raise_any` raises them together as one ValidationError."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
