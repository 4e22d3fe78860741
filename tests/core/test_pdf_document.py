"""The PDF builder: every glyph is shown in a font, in each direction, and a document written
top to bottom comes back in order."""

import re
import zlib

import pytest
from django.utils import translation

from silkbridge.core.pdf import Document, isolate
from tests.pdftext import pdf_text

# PDF content-stream operators that matter here: save/restore state, set font, show text.
_OPERATORS = re.compile(rb"(?<![\w/])(q|Q|Tf|Tj|TJ)(?![\w])")


def _content_streams(body: bytes) -> list[bytes]:
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return [s for s in streams if b" Tj" in s or b" TJ" in s]


def _text_without_a_font(stream: bytes) -> int:
    """How many text-showing operators run while no font is set (a font set inside q…Q is
    forgotten at Q, as a viewer forgets it)."""
    states, font_set, missing = [], False, 0
    for op in _OPERATORS.findall(re.sub(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>", b"()", stream)):
        if op == b"q":
            states.append(font_set)
        elif op == b"Q":
            font_set = states.pop() if states else False
        elif op == b"Tf":
            font_set = True
        elif not font_set:
            missing += 1
    return missing


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
    streams = _content_streams(body)
    assert streams
    assert [_text_without_a_font(s) for s in streams] == [0] * len(streams)
    text = pdf_text(body)
    for phrase in ("تمام ورکنگ گروپس", "Qazaq Cloud · Astana", "Сибирь Софт", "10:00–10:30"):
        assert phrase in text
    assert text.index("تمام ورکنگ گروپس") < text.index("Сибирь Софт")
