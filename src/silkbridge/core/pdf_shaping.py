"""Copyable, searchable Arabic-script text in PDFs set by fpdf2 with HarfBuzz shaping.

Nastaliq draws one letter as several glyphs (a skeleton shared by many letters, then its dots),
so a glyph-to-character table alone cannot give the words back: a reader would copy garbled
letters. Each shaped run of Arabic-script text is therefore wrapped in a marked-content span
whose /ActualText holds the run's characters (PDF 32000-1 §14.9.4). Text extractors place those
characters over the run's glyphs, which are drawn left to right, and then read right-to-left
runs backwards, as they do for any Arabic-script glyphs; so a right-to-left run's replacement
text is given in drawing order and comes back in reading order (checked with poppler's
pdftotext in the PDF tests). Latin and Cyrillic runs are left alone: their glyphs map one to one.

`install()` wraps fpdf2's `Fragment.render_with_text_shaping`, which the pinned fpdf2 calls
once per run of one font and one direction.
"""

from __future__ import annotations

from fpdf import line_break
from fpdf.enums import TextDirection

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))  # fmt: skip


def is_arabic_script(text: str) -> bool:
    """True when `text` holds a letter of the Arabic script (Urdu is written in it)."""
    return any(lo <= ord(char) <= hi for char in text for lo, hi in _ARABIC_RANGES)


def actual_text(text: str) -> str:
    """`text` as a PDF text string (UTF-16 with a byte-order mark, in hexadecimal)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _render_with_text_shaping(self, pos_x: float, pos_y: float, h: float, word_spacing: float):
    drawn = _original(self, pos_x, pos_y, h, word_spacing)
    if not drawn or not is_arabic_script(self.string):
        return drawn
    params = self.text_shaping_parameters or {}
    rtl = params.get("fragment_direction") == TextDirection.RTL
    text = self.string[::-1] if rtl else self.string
    return f"/Span <</ActualText {actual_text(text)}>> BDC {drawn} EMC"


_original = line_break.Fragment.render_with_text_shaping


def install() -> None:
    """Make fpdf2 write /ActualText for Arabic-script runs (idempotent)."""
    line_break.Fragment.render_with_text_shaping = _render_with_text_shaping
