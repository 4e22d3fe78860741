"""Every form error a template shows by hand is announced: the box holding a form's own errors
has role="alert", like the one `{{ form }}` renders (templates/django/forms/div.html)."""

import re
from pathlib import Path

import silkbridge

TEMPLATES = Path(silkbridge.__file__).parent
ERROR_BOX = re.compile(r"<div ([^>]*)>\s*\{[{%][^}]*non_field_errors")


def unannounced_error_boxes(text: str) -> list[str]:
    return [attrs for attrs in ERROR_BOX.findall(text) if 'role="alert"' not in attrs]


def test_every_hand_written_form_error_box_is_an_alert():
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        if boxes := unannounced_error_boxes(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(TEMPLATES))] = boxes
    assert found == {}


def test_the_check_finds_one():
    template = (
        '<div class="alert alert-danger">{{ form.non_field_errors }}</div>'
        '<div class="alert alert-danger" role="alert">{% for e in form.non_field_errors %}'
    )
    assert unannounced_error_boxes(template) == ['class="alert alert-danger"']
