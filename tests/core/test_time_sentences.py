"""English times end in "a.m." or "p.m.": a sentence that ends right after one reads
"11:48 a.m.." So no translatable sentence puts its full stop right after a time."""

import re
from pathlib import Path

import silkbridge

TEMPLATES = Path(silkbridge.__file__).parent
BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b(.*?)%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
TIMED = re.compile(
    r"(\w+)=\S*?(?:\|time(?::[^\s%]*)?|date:\"(?:DATETIME_FORMAT|TIME_FORMAT|SHORT_DATETIME_FORMAT)\")"
)


def sentences_ending_on_a_time(text: str) -> list[str]:
    found = []
    for options, body in BLOCK.findall(text):
        for name in TIMED.findall(options):
            if re.search(r"{{\s*" + name + r"\s*}}\.", body):
                found.append(body.strip())
    return found


def test_no_template_puts_a_full_stop_right_after_a_time():
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        if hits := sentences_ending_on_a_time(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(TEMPLATES))] = hits
    assert found == {}


def test_the_check_finds_one():
    template = (
        '{% blocktranslate with when=run.at|date:"DATETIME_FORMAT" %}Run on {{ when }}.'
        "{% endblocktranslate %}"
        '{% blocktranslate with time=x|time:"TIME_FORMAT" %}At {{ time }}, done.'
        "{% endblocktranslate %}"
    )
    assert sentences_ending_on_a_time(template) == ["Run on {{ when }}."]
