"""The audit log names changed fields as the forms do (the field's translated label), not by
their column names, which read as untranslated English in every language."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def field_label(entry, field_name: str) -> str:
    """The changed field's verbose name in the reader's language, else its name as stored."""
    model = entry.content_type.model_class()
    if model is None:  # a model since removed
        return field_name
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return field_name
    # A reverse relation has no label of its own: the related model's plural name serves.
    label = getattr(field, "verbose_name", None) or field.related_model._meta.verbose_name_plural
    if isinstance(label, Promise):
        return capfirst(label)
    # A field its model left unlabelled has the English of its name: the catalogue's word for
    # it, where the interface uses that word elsewhere.
    return gettext(capfirst(label))
