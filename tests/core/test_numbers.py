"""Numbers, money and percentages as each language writes them, the same through the template
filters (pages), the number module (charts, PDFs) and Django's own floatformat."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from silkbridge.core import numbers

NBSP = "\u00a0"
VALUE = Decimal("3345600")

EXPECTED = {
    # language: (number, money, percent, a decimal)
    "en": ("3,345,600", "$3,345,600", "45%", "4.5"),
    "ru": (f"3{NBSP}345{NBSP}600", f"3{NBSP}345{NBSP}600{NBSP}$", f"45{NBSP}%", "4,5"),
    "kk": (f"3{NBSP}345{NBSP}600", f"3{NBSP}345{NBSP}600{NBSP}$", "45%", "4,5"),
    "ur": ("3,345,600", "$3,345,600", "45%", "4.5"),
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_each_language_groups_thousands_and_places_the_currency_sign(language):
    grouped, money, percent, decimal = EXPECTED[language]
    with translation.override(language):
        assert numbers.number(VALUE) == grouped
        assert numbers.money(VALUE) == money
        assert numbers.percent(Decimal("45.2")) == percent
        assert numbers.number(Decimal("4.5"), 1) == decimal
        assert numbers.figure(VALUE, "usd") == money
        assert numbers.figure(VALUE) == grouped


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_pages_print_the_same_figures_as_charts_and_pdfs(language):
    template = Template(
        "{% load figures %}{{ v|floatformat:'0g' }}|{{ v|money }}|{{ v|figure:'usd' }}|"
        "{{ none|money }}"
    )
    with translation.override(language):
        rendered = template.render(Context({"v": VALUE, "none": None}))
        assert rendered == f"{numbers.number(VALUE)}|{numbers.money(VALUE)}|" + (
            f"{numbers.money(VALUE)}|—"
        )


def test_money_in_another_currency_names_it_after_the_amount():
    with translation.override("en"):
        assert numbers.money(Decimal("1500.5"), "KZT", decimals=2) == f"1,500.50{NBSP}KZT"


def test_kazakh_and_urdu_dates_name_the_month_in_the_language():
    import datetime

    day = datetime.date(2027, 5, 12)
    with translation.override("ur"):
        assert date_format(day, "DATE_FORMAT") == "12 مئی، 2027"
    with translation.override("kk"):
        text = date_format(day, "DATE_FORMAT")
        assert text.startswith("2027 ж. 12 ") and "May" not in text
