"""How a form field shows that it must be filled in."""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def marked_required(field: BoundField) -> bool:
    """Whether the field gets the required mark (*).

    Only a field a person must fill in to send the form: not a file input that already holds a
    file (left empty, the file stays), and not the only field of a form whose whole purpose it
    is, such as "Add files" beside an edit form, where a mark would read as "files are needed".
    """
    if not field.field.required or field.is_hidden:
        return False
    if not field.field.widget.use_required_attribute(field.initial):
        return False
    visible = [name for name, f in field.form.fields.items() if not f.widget.is_hidden]
    return len(visible) > 1
