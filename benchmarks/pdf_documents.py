"""Printed documents in four languages: time per PDF, size, and whether the Urdu text reads back.

    python benchmarks/pdf_documents.py [--runs 5]

Builds, with `silkbridge.core.pdf.Document` and no database, an agenda-shaped PDF (check-in QR
code, two days of ten meetings) and a report-shaped one (cover, three tables, four bar charts)
in en, ru, kk and ur; times each (CPU seconds of this process, so other load on the machine
does not count) and reads the Urdu ones back with poppler's pdftotext to check that known
phrases come back whole and in reading order. Also prints the installed size of the PDF
libraries. Writes benchmarks/results/pdf_documents.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
LANGUAGES = ["en", "ru", "kk", "ur"]
MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # direction marks pdftotext adds


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silkbridge.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def agenda() -> bytes:
    from django.utils.translation import gettext as _
    from reportlab.graphics import renderSVG

    from silkbridge.core.pdf import Document, isolate
    from silkbridge.forums.qr import qr_drawing

    doc = Document(title=_("Agenda"), footer="Silkbridge · Astana IT Forum")
    doc.heading("Astana IT Forum")
    doc.text("Qazaq Cloud", size=11)
    qr = renderSVG.drawToString(qr_drawing("https://silkbridge.example/forums/a/checkin/x/", 160))
    doc.svg(qr, width=34, beside=_("Show this code at the check-in desk."))
    header = [_("Time"), _("Partner"), _("Where"), _("Why you meet")]
    for day in ("12", "13"):
        doc.heading(day, level=2)
        rows = [
            [isolate(f"{9 + i}:00–{9 + i}:30"), f"Lahore Data Systems {i}", f"Table {i}",
             "They offer cloud migration, which you asked for; shared sector: fintech."]
            for i in range(10)
        ]  # fmt: skip
        doc.table(header, rows, widths=[26, 45, 35, 74], small=[3])
    return doc.output()


def report() -> bytes:
    from django.utils.translation import gettext as _

    from silkbridge.core import numbers
    from silkbridge.core.pdf import Document
    from silkbridge.outcomes import charts
    from silkbridge.outcomes.selectors import Series

    doc = Document(title=_("Key figures"), footer="Silkbridge")
    doc.heading(_("Key figures"), level=0)
    stages = [_("Introduced"), _("In talks"), _("MoU signed"), _("Contract signed")]
    for index in range(4):
        series = Series(f"s{index}", _("Notable ventures"), _("Step"), [_("Number")],
                        [(label, [n * 7 + index]) for n, label in enumerate(stages)])  # fmt: skip
        chart = charts.horizontal(series)
        doc.svg(chart.pdf_svg(), width=180, labels=chart.labels, label_end=chart.label_end)
        if index < 3:
            rows = [[label, numbers.money(n * 1_115_200)] for n, label in enumerate(stages)]
            doc.table([_("Step"), _("Value")], rows, widths=[3, 1], numeric=[1])
    return doc.output()


def read_back(body: bytes) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        return ""
    out = subprocess.run([tool, "-", "-"], input=body, capture_output=True, check=True).stdout  # noqa: S603
    return " ".join(MARKS.sub("", out.decode()).split())


def installed_mb(*packages: str) -> float:
    import importlib.util

    total = 0
    for name in packages:
        spec = importlib.util.find_spec(name)
        folder = Path(spec.origin).parent
        total += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return round(total / 1e6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.utils import translation

    rows = []
    for language in LANGUAGES:
        with translation.override(language):
            phrases = [translation.gettext("Show this code at the check-in desk."),
                       translation.gettext("Key figures")]  # fmt: skip
            for name, build in (("agenda", agenda), ("report", report)):
                build()  # fonts and modules loaded once, as in a running server
                seconds = []
                for _run in range(args.runs):
                    start = time.process_time()
                    body = build()
                    seconds.append(time.process_time() - start)
                text = read_back(body)
                phrase = phrases[0] if name == "agenda" else phrases[1]
                rows.append({
                    "document": name, "language": language,
                    "median_ms": round(statistics.median(seconds) * 1000),
                    "max_ms": round(max(seconds) * 1000), "kb": round(len(body) / 1024),
                    "reads_back": bool(text) and phrase in text,
                })  # fmt: skip
    sizes = {
        "fpdf2": installed_mb("fpdf"),
        "uharfbuzz": installed_mb("uharfbuzz"),
        "fonttools": installed_mb("fontTools"),
    }
    print(f"{'document':<8} {'lang':<4} {'median ms':>9} {'max ms':>7} {'KB':>5}  reads back")
    for row in rows:
        print(f"{row['document']:<8} {row['language']:<4} {row['median_ms']:>9} "
              f"{row['max_ms']:>7} {row['kb']:>5}  {row['reads_back']}")  # fmt: skip
    print("installed MB:", sizes)
    RESULTS.mkdir(exist_ok=True)
    result = {"runs": args.runs, "python": platform.python_version(), "documents": rows,
              "installed_mb": sizes}  # fmt: skip
    (RESULTS / "pdf_documents.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
