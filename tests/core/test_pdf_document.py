"""The PDF builder: every glyph is shown in a font, in each direction, and a document written
top to bottom comes back in order."""

import pytest
from django.utils import translation

from silkbridge.core.pdf import Document, isolate
from tests.pdftext import pdf_text, text_without_a_font


@pytest.mark.parametrize("language", ["en", "ur"])
def test_consecutive_lines_in_one_font_each_show_their_glyphs_in_a_font(language):
    with translation.override(language):
        doc = Document(title="Test", footer="Silkbridge")
        doc.text("1 جولائی، 2026 تا 30 ستمبر، 2026", size=13)  # begins in the fallback font
        doc.text("تمام ورکنگ گروپس", size=13)
        doc.heading("نتائج کی رپورٹ، Q3 2026", level=0)
        doc.text("1 جولائی، 2026 تا 30 ستمبر، 2026", size=13)
        doc.text("تمام ورکنگ گروپس", size=13)
        doc.text("Qazaq Cloud · Astana", size=13, muted=True)
        doc.text("Сибирь Софт", size=13)
        doc.table(["وقت", "Partner"], [[isolate("10:00–10:30"), "Lahore Data Systems"]],
                  widths=[1, 2], small=[1])  # fmt: skip
        body = doc.output()
    assert text_without_a_font(body) == 0
    text = pdf_text(body)
    for phrase in ("تمام ورکنگ گروپس", "Qazaq Cloud · Astana", "Сибирь Софт", "10:00–10:30"):
        assert phrase in text
    assert text.index("تمام ورکنگ گروپس") < text.index("Сибирь Софт")
