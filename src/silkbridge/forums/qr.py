"""QR codes for check-in, drawn with reportlab's QR widget: inline SVG for pages and a drawing
for the printable agenda, so no image library or network service is involved."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reportlab.graphics import renderSVG
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

from silkbridge.core.svg import inline_svg


def qr_drawing(data: str, size: float = 160) -> Drawing:
    """A square drawing of `size` points holding the QR code of `data` (error level M, which
    survives a creased or badly lit printout)."""
    widget = QrCodeWidget(data, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def qr_svg(data: str, label: str, size: int = 200) -> SafeString:
    """Inline `<svg>` markup of the QR code of `data`, announced to screen readers as `label`."""
    markup = inline_svg(renderSVG.drawToString(qr_drawing(data, size)))
    markup = markup.replace("<title>...</title>", f"<title>{escape(label)}</title>", 1)
    markup = markup.replace("<desc>...</desc>", "", 1)
    markup = markup.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(label)}" class="qr-code" ',
        1,
    )
    return mark_safe(markup)  # noqa: S308 - reportlab's own markup; the label is escaped
