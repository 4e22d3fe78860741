"""The agreement PDF: its text, read back, is the agreement's, in the reader's language."""

import io

from django.urls import reverse
from pypdf import PdfReader


def _text(body: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return " ".join(text.split())


def test_the_pdf_names_the_institutions_and_conditions(client, make_agreement, kz_coordinator):
    agreement = make_agreement(submitted=True)
    client.force_login(kz_coordinator)
    response = client.get(reverse("talent_agreements:pdf", kwargs={"pk": agreement.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Software engineering exchange" in text
    assert "Astana IT University" in text and "FAST National University" in text
    assert "Software and applications development and analysis" in text
    assert "2026/2027" in text
    assert "Not yet approved" in text


def test_the_pdf_is_in_russian_for_a_russian_reader(client, make_agreement, kz_coordinator):
    agreement = make_agreement(submitted=True)
    client.force_login(kz_coordinator)
    client.cookies["django_language"] = "ru"
    response = client.get(
        reverse("talent_agreements:pdf", kwargs={"pk": agreement.pk}), HTTP_ACCEPT_LANGUAGE="ru"
    )
    text = _text(response.content)
    assert "Astana IT University" in text
    # Cyrillic letters come out as text, not as missing glyphs.
    assert any("а" <= letter <= "я" for letter in text)


def test_an_urdu_reader_gets_the_pdf_in_english_until_it_can_be_shaped(
    client, make_agreement, kz_coordinator
):
    agreement = make_agreement(submitted=True)
    client.force_login(kz_coordinator)
    client.cookies["django_language"] = "ur"
    response = client.get(
        reverse("talent_agreements:pdf", kwargs={"pk": agreement.pk}), HTTP_ACCEPT_LANGUAGE="ur"
    )
    assert "Cooperation conditions" in _text(response.content)
