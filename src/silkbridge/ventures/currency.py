"""Exchange rates: the secretariat records them; values are converted to US dollars at the rate
valid on the day they are entered, and that rate is kept with the venture."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.ventures import permissions
from silkbridge.ventures.models import RATE_DECIMALS, ExchangeRate

CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
CENT = Decimal("0.01")
SOURCE_MAX_LENGTH = 300


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def normalise_currency(value: str | None, *, field: str = "value_currency") -> str:
    code = (value or "").strip().upper()
    if not CURRENCY_PATTERN.match(code):
        raise field_error(
            field, _("Enter a three-letter currency code, such as KZT or PKR."), "invalid"
        )
    return code


def known_currencies() -> list[str]:
    return sorted(set(ExchangeRate.objects.values_list("currency", flat=True)))


def rate_for(currency: str, on: date | None = None) -> ExchangeRate:
    """The newest rate valid on `on` (today by default); an unknown currency is a field error."""
    code = normalise_currency(currency)
    on = on or timezone.localdate()
    rate = (
        ExchangeRate.objects.filter(currency=code, valid_from__lte=on)
        .order_by("-valid_from", "-id")
        .first()
    )
    if rate is None:
        raise field_error(
            "value_currency",
            _("Unknown currency %(code)s: the secretariat has recorded no exchange rate for it.")
            % {"code": code},
            "unknown_currency",
        )
    return rate


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def current_rates() -> list[ExchangeRate]:
    """The newest rate of each currency, for the rates page."""
    today = timezone.localdate()
    newest: dict[str, ExchangeRate] = {}
    for rate in ExchangeRate.objects.filter(valid_from__lte=today).order_by(
        "currency", "-valid_from", "-id"
    ):
        newest.setdefault(rate.currency, rate)
    return list(newest.values())


def record_rate(
    *, actor: User, currency: str, usd_per_unit, valid_from: date, source: str
) -> ExchangeRate:
    """The secretariat records a rate; one per currency and day."""
    if not permissions.can_manage_rates(actor):
        raise PermissionDenied(_("Only the secretariat can record exchange rates."))
    code = normalise_currency(currency, field="currency")
    try:
        value = Decimal(str(usd_per_unit))
    except (InvalidOperation, ValueError):
        raise field_error("usd_per_unit", _("Enter a number."), "invalid") from None
    if not value.is_finite() or value <= 0:
        raise field_error("usd_per_unit", _("A rate must be greater than zero."), "not_positive")
    if value.as_tuple().exponent < -RATE_DECIMALS or value >= Decimal(10) ** 10:
        raise field_error(
            "usd_per_unit",
            _("Use at most %(places)d decimal places and fewer than 10 digits before the point.")
            % {"places": RATE_DECIMALS},
            "invalid",
        )
    if valid_from > timezone.localdate():
        raise field_error("valid_from", _("The date cannot be in the future."), "future")
    source = (source or "").strip()
    if not source:
        raise field_error("source", _("Say where the rate comes from."), "required")
    if len(source) > SOURCE_MAX_LENGTH:
        raise field_error(
            "source",
            _("Please keep it under %(limit)d characters.") % {"limit": SOURCE_MAX_LENGTH},
            "max_length",
        )
    try:
        with transaction.atomic():
            return ExchangeRate.objects.create(
                currency=code,
                usd_per_unit=value,
                valid_from=valid_from,
                source=source,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _("A rate for %(code)s on this date is already recorded.") % {"code": code},
                    code="unique",
                )
            }
        ) from None
