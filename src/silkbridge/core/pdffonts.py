"""The shipped DejaVu Sans fonts, registered with reportlab once per process.

reportlab draws the charts and QR codes (as SVG for pages and PDFs alike); the PDFs' text is set
by `silkbridge.core.pdf` with the same fonts plus Noto Nastaliq Urdu. The machine's own fonts
are never used.
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
