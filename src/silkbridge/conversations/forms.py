"""Forms for messages and secretariat threads; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silkbridge.conversations.models import BODY_MAX_LENGTH
from silkbridge.conversations.services import MAX_ATTACHMENTS, SUBJECT_MAX_LENGTH


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service, not here."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class TextareaField(forms.CharField):
    """Text whose line breaks count once, as the browser counts them against `maxlength`: a
    form sends each one as CR LF, which would otherwise push a text at the limit over it."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class MessageForm(forms.Form):
    body = TextareaField(
        label=_("Your message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per form, in the language of the request; at import it would stay English.
        self.fields["files"].help_text = _("Up to %(count)d PDF or image files.") % {
            "count": MAX_ATTACHMENTS
        }


class ThreadForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    field_order = ["subject", "body", "files"]
