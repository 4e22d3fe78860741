"""Printable documents (agendas, the outcomes report, agreements) in the reader's language.

fpdf2 sets the text and HarfBuzz (uharfbuzz) shapes it, so Urdu prints in joined Nastaliq,
right to left, beside Latin and Cyrillic, all from the fonts shipped in core/fonts; no system
library or font of the machine is used. A document is written top to bottom:

    doc = Document(title=_("Agenda"), footer="Silkbridge · Astana IT Forum")
    doc.heading(event.name)
    doc.text(_("Show this code at the check-in desk."), muted=True)
    doc.table([_("Time"), _("Partner")], [["10:00–10:30", "Qazaq Cloud"]], widths=[1, 3])
    doc.svg(qr_markup, width=34)
    body = doc.output()

Blocks: `heading`, `text`, `space`, `table`, `svg` (charts, QR codes), `keep` (start a new page
unless a block fits), `page_break`; `width` and `width_of` measure in mm. Every call follows the
active language (`django.utils.translation`): in a right-to-left language lines align right,
table columns run from the right, and `isolate()` keeps a time or code left to right. Numbers
and money come from `silkbridge.core.numbers`, as on the pages.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import get_language, get_language_bidi
from fpdf import FPDF
from fpdf.enums import PDFResourceType
from fpdf.fonts import FontFace
from fpdf.svg import SVGObject

from silkbridge.core import pdf_shaping

FONT_DIR = Path(__file__).resolve().parent / "fonts"
LATIN = "DejaVuSans"  # also the family name reportlab writes into the charts' SVG
ARABIC = "NotoNastaliqUrdu"
FONT_FILES = {
    (LATIN, ""): "DejaVuSans.ttf",
    (LATIN, "B"): "DejaVuSans-Bold.ttf",
    (ARABIC, ""): "NotoNastaliqUrdu-Regular.ttf",
    (ARABIC, "B"): "NotoNastaliqUrdu-Bold.ttf",
}
MUTED = (85, 85, 85)
RULE = (173, 181, 189)
HEADER_FILL = (233, 236, 239)
# Left-to-right marks, not isolates: the fonts have a (blank) glyph for U+200E only.
LRM = "\u200e"
PADDING = 1.2  # mm left and right of a table cell's text
MM_PER_PT = 25.4 / 72
# Fixed by the tests that compare two renderings byte for byte; None means "now".
CREATION_DATE: dt.datetime | None = None

pdf_shaping.install()
# fontTools reports every step of subsetting a font at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _for_fpdf(markup: str) -> str:
    """reportlab's SVG in the subset fpdf2 draws: colours as #rrggbb instead of rgb(13%,43%,99%);
    no title, description or whole-picture clip (a picture is drawn inside its own box anyway)."""

    def hexed(match: re.Match) -> str:
        return "#" + "".join(f"{round(float(v) * 2.55):02x}" for v in match.groups())

    markup = re.sub(r"rgb\(([\d.]+)%,\s*([\d.]+)%,\s*([\d.]+)%\)", hexed, markup)
    markup = re.sub(r"<(title|desc|clipPath)\b.*?</\1>", "", markup, flags=re.S)
    markup = re.sub(r'\s*clip-path="[^"]*"', "", markup)
    return re.sub(r"clip-path:\s*url\(#[^)]*\);?", "", markup)


def isolate(text: str) -> str:
    """`text` kept left to right inside a right-to-left line (times such as 10:00–10:30)."""
    return f"{LRM}{text}{LRM}" if get_language_bidi() else text


class Document:
    """An A4 document in the active language, built by appending blocks in reading order."""

    def __init__(self, *, title: str, footer: str = "", author: str = "Silkbridge") -> None:
        self.language = (get_language() or "en").split("-")[0]
        self.rtl = bool(get_language_bidi())
        self.family = ARABIC if self.rtl else LATIN
        # Nastaliq climbs and descends far more than Latin: its lines need twice the height.
        self.leading = 2.1 if self.rtl else 1.35
        self.footer = footer
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(15, 15, 15)
        pdf.set_auto_page_break(True, margin=16)
        for (family, style), name in FONT_FILES.items():
            pdf.add_font(family, style, str(FONT_DIR / name))
        pdf.set_fallback_fonts([LATIN if self.rtl else ARABIC], exact_match=False)
        self._shaping: bool | None = None
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("Silkbridge")
        pdf.set_lang(self.language)
        pdf.set_creation_date(CREATION_DATE or dt.datetime.now(dt.UTC))
        pdf.add_page()
        pdf.set_font(self.family, size=9)
        self.pdf = pdf

    def _font(self, style: str = "", size: float = 9) -> None:
        """Select the document's font for the next block and make fpdf2 write it again: fpdf2
        2.8.9 sets a line's font inside q/Q when its colour changes, and then believes the font
        still set after Q, so the next line of the same font showed glyphs with no font."""
        self.pdf.set_font(self.family, style, size)
        self.pdf.current_font_is_set_on_page = False

    def _shape_for(self, *texts: str) -> None:
        """HarfBuzz for right-to-left documents and any Arabic-script text; Latin and Cyrillic
        alone print the same without it, several times faster."""
        wanted = self.rtl or any(pdf_shaping.is_arabic_script(text) for text in texts)
        if wanted != self._shaping:
            direction = "rtl" if self.rtl else "ltr"
            self.pdf.set_text_shaping(use_shaping_engine=wanted, direction=direction)
            self._shaping = wanted

    # -- blocks ---------------------------------------------------------------------------
    def _line_height(self, size: float) -> float:
        return size * MM_PER_PT * self.leading

    @property
    def align(self) -> str:
        return "R" if self.rtl else "L"

    def text(
        self,
        text: str,
        *,
        size: float = 9,
        bold: bool = False,
        muted: bool = False,
        colour: tuple[int, int, int] | None = None,
        width: float = 0,
        align: str | None = None,
    ) -> None:
        """A paragraph (newlines break lines), wrapped to the page or to `width` mm."""
        pdf = self.pdf
        self._font("B" if bold else "", size)
        pdf.set_text_color(*(colour or (MUTED if muted else (0, 0, 0))))
        self._shape_for(text)
        pdf.multi_cell(
            width, self._line_height(size), text, align=align or self.align,
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.set_text_color(0, 0, 0)

    def heading(self, text: str, *, level: int = 1) -> None:
        """A bold heading: level 1 for sections, 2 for sub-sections, 0 for a cover title."""
        size = {0: 26, 1: 15, 2: 11}[level]
        self.space(4 if level else 0)
        self.text(text, size=size, bold=True)
        self.space(1)

    @property
    def width(self) -> float:
        """The width between the margins, in mm."""
        return self.pdf.epw

    def width_of(self, text: str, *, size: float = 9, bold: bool = False) -> float:
        """How wide `text` prints in mm, measured in DejaVu Sans (for times, numbers, names)."""
        self.pdf.set_font(LATIN, "B" if bold else "", size)
        width = self.pdf.get_string_width(text)
        self._font("", 9)
        return width

    def _own_direction(self, text: str) -> str:
        """In a right-to-left document, each line of Latin or Cyrillic text (a name, a reason
        in English) keeps its own direction, like `dir="auto"` on a page: "fintech." not
        ".fintech"."""
        if not self.rtl:
            return text
        return "\n".join(
            line if pdf_shaping.is_arabic_script(line) or not line else f"{LRM}{line}{LRM}"
            for line in text.split("\n")
        )

    def space(self, height: float) -> None:
        """Vertical space of `height` mm."""
        self.pdf.ln(height)

    def page_break(self) -> None:
        self.pdf.add_page()

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one (keeps a block whole)."""
        pdf = self.pdf
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        numeric: Sequence[int] = (),
        size: float = 9,
        small: Sequence[int] = (),
    ) -> None:
        """A table with a shaded header row repeated on every page.

        `widths` are relative column widths (in mm when they add up to `width`); columns in
        `numeric` align to the end, those in `small` are set smaller and grey. In a right-to-left
        language the first column is the rightmost.
        """
        pdf = self.pdf
        order = list(range(len(header)))
        if self.rtl:
            order.reverse()
        self._font("", size)
        head = FontFace(family=self.family, emphasis="BOLD", fill_color=HEADER_FILL)
        faint = FontFace(family=self.family, size_pt=size - 1, color=MUTED)
        self._shape_for(*header, *(str(cell) for row in rows for cell in row))
        with pdf.table(
            col_widths=[widths[i] for i in order],
            text_align=[("R" if (i in numeric) != self.rtl else "L") for i in order],
            headings_style=head,
            borders_layout="HORIZONTAL_LINES",
            line_height=self._line_height(size),
            padding=(1, PADDING),
            v_align="TOP",
            width=pdf.epw,
        ) as table:
            pdf.set_draw_color(*RULE)
            line = table.row()
            for i in order:
                line.cell(header[i])
            for row in rows:
                line = table.row()
                for i in order:
                    line.cell(self._own_direction(str(row[i])), style=faint if i in small else None)
        pdf.set_draw_color(0, 0, 0)
        pdf.ln(2)

    def svg(
        self,
        markup: str,
        *,
        width: float,
        beside: str = "",
        labels: Sequence[tuple[str, float]] = (),
        label_end: float = 0,
        label_size: float = 10,
    ) -> None:
        """An SVG picture (a chart, a QR code) `width` mm wide; `beside` is text set next to it.

        `labels` are texts to set over the picture, each right-aligned at `label_end` and
        centred on its height, both in the picture's own units, as is `label_size`: fpdf2 draws
        the SVG's own text unshaped, so a chart's words in Urdu go here instead.
        """
        pdf = self.pdf
        markup = _for_fpdf(markup)
        picture = SVGObject(markup)
        scale = width / picture.width  # mm per picture unit
        height = picture.height * scale
        self.keep(height + 2)
        top = pdf.get_y()
        left = pdf.w - pdf.r_margin - width if self.rtl else pdf.l_margin
        pdf.image(io.BytesIO(markup.encode()), x=left, y=top, w=width)
        size = label_size * scale / MM_PER_PT
        self._font("", size)
        for text, middle in labels:
            line = self._line_height(size)
            pdf.set_xy(left, top + (picture.height - middle) * scale - line / 2)
            self._shape_for(text)
            pdf.cell(label_end * scale, line, text, align="R")
        if beside:
            text_left = pdf.l_margin if self.rtl else pdf.l_margin + width + 4
            pdf.set_xy(text_left, top + height / 2 - self._line_height(9) / 2)
            self.text(beside, width=pdf.epw - width - 4)
        pdf.set_y(top + height + 2)

    def output(self) -> bytes:
        """The PDF file."""
        self._footers()
        self._drop_unused_fonts()
        return bytes(self.pdf.output())

    def _footers(self) -> None:
        """ "<footer> · <page number>" at the foot of every page, drawn once all pages exist."""
        pdf = self.pdf
        last = pdf.page
        pdf.set_auto_page_break(False)
        for number in range(1, last + 1):
            pdf.page = number
            pdf.set_xy(pdf.l_margin, -11)
            self._font("", 8)
            pdf.set_text_color(*MUTED)
            text = f"{self.footer} · {number}" if self.footer else str(number)
            self._shape_for(text)
            pdf.cell(0, 5, text, align=self.align)
        pdf.page = last
        pdf.set_text_color(0, 0, 0)

    def _drop_unused_fonts(self) -> None:
        """Embed only the fonts a page uses: fpdf2 would subset every registered one, and
        subsetting a font's layout tables is most of the time a document takes."""
        pdf = self.pdf
        used = {str(i) for i in pdf._resource_catalog.get_used_resources(PDFResourceType.FONT)}
        kept = {LATIN.lower(), self.family.lower()}  # SVG pictures' own text is set in Latin
        for key, font in list(pdf.fonts.items()):
            if key not in kept and str(font.i) not in used:
                del pdf.fonts[key]
                font.ttfont.close()  # read lazily: its file is still open
