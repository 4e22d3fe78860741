"""Numbers, money and percentages as the reader writes them, the same on every page, chart,
PDF and e-mail.

Digits and separators come from Django's formats for the active language (silkbridge.core.formats
adds Kazakh and Urdu, which Django lacks); where the currency sign goes follows CLDR:
en $3,345,600 · ru 3 345 600 $ · kk 3 345 600 $ · ur $3,345,600 (no space, so the sign
stays with the number inside a right-to-left line).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language

NBSP = "\u00a0"
_SIGN_AFTER = {"ru", "kk"}
_SPACED_PERCENT = {"ru"}
_SYMBOLS = {"USD": "$"}


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def number(value: Decimal | int | float, decimals: int = 0) -> str:
    """`value` with the language's thousands separator and decimal mark: 3,345,600 / 3 345 600."""
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def money(value: Decimal | int | float, currency: str = "USD", decimals: int = 0) -> str:
    """An amount with its currency sign where the language puts it; never wraps."""
    amount = number(value, decimals)
    sign = _SYMBOLS.get(currency, currency)
    language = _language()
    if language in _SIGN_AFTER or sign == currency:
        return f"{amount}{NBSP}{sign}"
    return f"{sign}{amount}"


def percent(value: Decimal | int | float) -> str:
    """A whole percentage: 45% (45 % in Russian)."""
    spacer = NBSP if _language() in _SPACED_PERCENT else ""
    return f"{number(value)}{spacer}%"


def figure(value: Decimal | int | float, unit: str = "count") -> str:
    """A dashboard figure by its unit: "usd", "percent" or a plain count."""
    if unit == "usd":
        return money(value)
    if unit == "percent":
        return percent(value)
    return number(value)
