"""The text of a PDF as a reader's copy and paste gives it, and a check that every glyph is
shown in a font, for tests of printed documents.

poppler's pdftotext is used because it honours /ActualText and reorders right-to-left lines,
so Urdu comes back in reading order; scripts/test installs it (poppler-utils).
"""

import re
import shutil
import subprocess
import zlib

# Direction marks that pdftotext puts around runs; they are not part of the words.
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(body: bytes) -> str:
    """All pages' text, direction marks removed and runs of white space made one space; fails
    when poppler reports an error in the file."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    result = subprocess.run(  # noqa: S603 - a fixed tool reading our own bytes
        [tool, "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True
    )
    # A glyph shown with no font, a broken stream: what a viewer would draw wrongly or not at all.
    assert "Error" not in result.stderr.decode(), result.stderr.decode()[:500]
    text = _MARKS.sub("", result.stdout.decode())
    return re.sub(r"\s+", " ", text).strip()


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


def _unset_in(stream: bytes) -> int:
    """Text-showing operators of one content stream that run with no font set."""
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


def text_without_a_font(body: bytes) -> int:
    """How many text-showing operators of the PDF run while no font is set (a font set inside
    q…Q is forgotten at Q, as a viewer forgets it): such glyphs draw as boxes or not at all."""
    streams = _content_streams(body)
    assert streams, "no text in the PDF"
    return sum(_unset_in(stream) for stream in streams)
