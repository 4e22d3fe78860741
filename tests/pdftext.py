"""The text of a PDF as a reader's copy and paste gives it, for tests of printed documents.

poppler's pdftotext is used because it honours /ActualText and reorders right-to-left lines,
so Urdu comes back in reading order; scripts/test installs it (poppler-utils).
"""

import re
import shutil
import subprocess

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
