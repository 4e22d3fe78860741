"""The agreement PDF: its text, read back, is the agreement's, in the reader's language and in
reading order, Urdu included."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.pdftext import pdf_text


def _pdf(client, agreement, language: str) -> bytes:
    client.cookies["django_language"] = language
    response = client.get(
        reverse("talent_agreements:pdf", kwargs={"pk": agreement.pk}),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_pdf_names_the_institutions_and_conditions(client, make_agreement, kz_coordinator):
    agreement = make_agreement(submitted=True)
    client.force_login(kz_coordinator)
    text = pdf_text(_pdf(client, agreement, "en"))
    assert "Software engineering exchange" in text
    assert "Astana IT University" in text and "FAST National University" in text
    assert "Software and applications development and analysis" in text
    assert "2026/2027" in text and "2028/2029" in text
    assert "Not yet approved" in text
    assert "English B2" in text


@pytest.mark.parametrize("language", ["ru", "kk", "ur"])
def test_the_pdf_is_in_the_reader_s_language(client, make_agreement, kz_coordinator, language):
    agreement = make_agreement(submitted=True)
    client.force_login(kz_coordinator)
    body = _pdf(client, agreement, language)
    with translation.override(language):
        expected = [
            translation.gettext("Cooperation conditions"),
            translation.gettext("People per year"),
            translation.gettext("Software and applications development and analysis"),
        ]
    assert expected[0] != "Cooperation conditions"
    text = pdf_text(body)
    for phrase in expected:
        assert phrase in text, (phrase, text)
    assert "Astana IT University" in text and "FAST National University" in text
    if language == "ur":
        assert re.search(rb"/BaseFont /[A-Z]{6}\+NotoNastaliqUrdu", body)
