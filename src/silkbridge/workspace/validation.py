"""Small input checks shared by the workspace services: field errors that keep their code.

Dates are held to what a working group can mean: a meeting is planned ahead (not in 2020), at
most a few years ahead, and lasts at most a few days; an action item falls due from today (or
from its meeting's day) and within a few years.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from silkbridge.accounts.services import time_zone_names

YEARS_AHEAD = 5
PLAN_AHEAD = timedelta(days=YEARS_AHEAD * 366)
MAX_MEETING_LENGTH = timedelta(days=3)
# A meeting held before it was recorded (minutes written up later) is at most this old.
HELD_WITHIN = timedelta(days=YEARS_AHEAD * 366)


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


def clean_time_zone(name: str) -> str:
    if name not in time_zone_names():
        raise field_error(
            "time_zone",
            _("Choose a time zone from the list, such as Asia/Almaty."),
            "invalid",
        )
    return name


def meeting_time_errors(
    starts_at: datetime, ends_at: datetime, *, held: bool, now: datetime | None = None
) -> dict[str, list[ValidationError]]:
    """What is wrong with a meeting's times: in the past (or, for a held one, the future),
    too far ahead or behind, or too long."""
    now = now or timezone.now()
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if held:
        if starts_at > now:
            add("starts_at", _("A meeting recorded as held must have started already."), "future")
        elif starts_at < now - HELD_WITHIN:
            add(
                "starts_at",
                ngettext(
                    "A meeting held more than %(years)d year ago cannot be recorded.",
                    "A meeting held more than %(years)d years ago cannot be recorded.",
                    YEARS_AHEAD,
                )
                % {"years": YEARS_AHEAD},
                "too_old",
            )
    elif starts_at < now:
        add("starts_at", _("Choose a start in the future."), "past")
    elif starts_at > now + PLAN_AHEAD:
        add(
            "starts_at",
            ngettext(
                "Plan meetings at most %(years)d year ahead.",
                "Plan meetings at most %(years)d years ahead.",
                YEARS_AHEAD,
            )
            % {"years": YEARS_AHEAD},
            "too_far",
        )
    if ends_at - starts_at > MAX_MEETING_LENGTH:
        add(
            "ends_at",
            ngettext(
                "A meeting can last at most %(days)d day.",
                "A meeting can last at most %(days)d days.",
                MAX_MEETING_LENGTH.days,
            )
            % {"days": MAX_MEETING_LENGTH.days},
            "too_long",
        )
    return errors


def due_date_error(due_on: date, *, earliest: date | None = None) -> ValidationError | None:
    """A due date before today (or `earliest`, when given) or years ahead is refused."""
    today = timezone.localdate()
    if earliest is None and due_on < today:
        return ValidationError(_("The due date cannot be in the past."), code="past")
    if due_on > (earliest or today) + PLAN_AHEAD:
        return ValidationError(
            ngettext(
                "Choose a due date within %(years)d year.",
                "Choose a due date within %(years)d years.",
                YEARS_AHEAD,
            )
            % {"years": YEARS_AHEAD},
            code="too_far",
        )
    return None
