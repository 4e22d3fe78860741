"""The shipped DejaVu Sans fonts, registered with reportlab once per process.

Used by every PDF (forum agendas, the outcomes report). They cover Latin and Cyrillic (Russian,
Kazakh); reportlab cannot shape Arabic script, so Urdu readers get English PDFs. The machine's
own fonts are never used.
"""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (REGULAR, BOLD):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR)
