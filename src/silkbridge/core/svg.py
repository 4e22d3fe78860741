"""SVG drawn by reportlab, made fit to sit inside a page under the Content-Security-Policy.

reportlab writes every colour and stroke as a `style="…"` attribute, which the policy refuses
(no inline styles). SVG has a presentation attribute for each property reportlab uses (fill,
stroke, stroke-width, font-size, clip-path, …), and the browser draws those without any style.
"""

import re

STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
PROPERTY_NAME = re.compile(r"[a-z-]+")


def _as_attributes(match: re.Match[str]) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if PROPERTY_NAME.fullmatch(name) and value:
            attributes.append(f' {name}="{value}"')
    return "".join(attributes)


def inline_svg(markup: str) -> str:
    """reportlab's SVG document as an inline `<svg>` element without style attributes.

    The XML prolog and DOCTYPE are dropped (they are not allowed inside HTML), and each style
    declaration becomes the presentation attribute of the same name.
    """
    markup = markup[markup.index("<svg") :]
    return STYLE_ATTRIBUTE.sub(_as_attributes, markup)
