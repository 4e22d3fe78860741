"""Seed a few reference exchange rates so values can be converted from the first day.

They are approximate 2024 averages, marked as reference values in their source and flag; the
secretariat records official rates on the exchange-rate page, and newer rates take precedence.
"""

from decimal import Decimal

from django.db import migrations

REFERENCE_DATE = "2024-01-01"
REFERENCE_SOURCE = "Approximate 2024 average seeded with Silkbridge, not an official rate"
RATES = {
    "USD": "1",
    "EUR": "1.08",
    "GBP": "1.27",
    "CNY": "0.139",
    "RUB": "0.011",
    "KZT": "0.0021",
    "PKR": "0.0036",
}


def seed(apps, schema_editor):
    ExchangeRate = apps.get_model("ventures", "ExchangeRate")
    for currency, rate in RATES.items():
        ExchangeRate.objects.get_or_create(
            currency=currency,
            valid_from=REFERENCE_DATE,
            defaults={
                "usd_per_unit": Decimal(rate),
                "source": REFERENCE_SOURCE,
                "is_reference": True,
            },
        )


def unseed(apps, schema_editor):
    ExchangeRate = apps.get_model("ventures", "ExchangeRate")
    ExchangeRate.objects.filter(is_reference=True, valid_from=REFERENCE_DATE).delete()


class Migration(migrations.Migration):
    dependencies = [("ventures", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
