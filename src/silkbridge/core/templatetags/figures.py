"""Template filters for numbers, money and percentages, the same as in charts and PDFs
(`silkbridge.core.numbers`): {% load figures %} {{ value|money }} {{ value|figure:metric.unit }}."""

from decimal import Decimal

from django import template

from silkbridge.core import numbers

register = template.Library()


@register.filter
def money(value: Decimal | int | None, currency: str = "USD") -> str:
    """3345600 → "$3,345,600" in English, "3 345 600 $" in Russian; "—" for no value."""
    return "—" if value is None else numbers.money(value, currency)


@register.filter
def figure(value: Decimal | int | None, unit: str = "count") -> str:
    """A dashboard figure by its unit ("usd", "percent" or a count)."""
    return "—" if value is None else numbers.figure(value, unit)


@register.filter
def percent(value: Decimal | int | None) -> str:
    return "—" if value is None else numbers.percent(value)
