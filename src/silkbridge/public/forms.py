"""The secretariat's form for a new version of the terms or the privacy notice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silkbridge.public.models import BODY_MAX_LENGTH

HELP = _(
    "Plain text. A blank line starts a new paragraph; a line starting with “## ” is a heading, "
    "lines starting with “- ” make a list."
)


def _body(label, *, required: bool = False, direction: str = "ltr", language: str = "en"):
    return forms.CharField(
        label=label,
        required=required,
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 14, "dir": direction, "lang": language}),
    )


class LegalTextForm(forms.Form):
    body_en = _body(_("Text in English"), required=True)
    body_ru = _body(_("Text in Russian"), language="ru")
    body_kk = _body(_("Text in Kazakh"), language="kk")
    body_ur = _body(_("Text in Urdu"), direction="rtl", language="ur")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_en"].help_text = HELP

    def bodies(self) -> dict[str, str]:
        return {name.removeprefix("body_"): value for name, value in self.cleaned_data.items()}
