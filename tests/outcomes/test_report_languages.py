"""The quarterly report prints in each interface language, Urdu right to left, with the
figures formatted as the dashboard shows them; read back as a reader would copy it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from silkbridge.core import numbers
from silkbridge.outcomes.periods import Quarter
from silkbridge.outcomes.report import build_report
from tests.pdftext import pdf_text, text_without_a_font

D = datetime.date
CONTRACT = (
    ("introduced", D(2026, 7, 1)),
    ("mou_signed", D(2026, 8, 1)),
    ("contract_signed", D(2026, 9, 1)),
)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "kk", "ur"])
def test_report_reads_back_in_the_reader_s_language(secretariat, make_venture, language):
    make_venture(CONTRACT, title="Open banking hub", value_usd=Decimal(3345600), jobs=12)
    body = build_report(secretariat, Quarter(2026, 3), language=language)
    with translation.override(language):
        phrases = [
            translation.gettext("Key figures"),
            translation.gettext("Notable ventures"),
            translation.gettext("Value and jobs over the last four quarters"),
        ]
        value = numbers.money(Decimal(3345600))
    assert text_without_a_font(body) == 0
    text = pdf_text(body)
    for phrase in phrases:
        assert phrase in text, (phrase, text[:2000])
    assert "Open banking hub" in text
    # The venture's value as the dashboard writes it, thousands separators included.
    assert value.replace("\u00a0", " ") in text
    if language != "en":
        assert "Key figures" not in text
