"""Forms of the announcement pages: they parse; announcements.validation decides what is valid,
so a service called from anywhere gives the same field errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silkbridge.announcements.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Announcement,
    AnnouncementKind,
)
from silkbridge.forums.models import Event

# (code, label, text direction) of the languages an announcement is written in.
LANGUAGE_SECTIONS = (
    ("en", _("English"), "ltr"),
    ("ru", _("Russian"), "ltr"),
    ("kk", _("Kazakh"), "ltr"),
    ("ur", _("Urdu"), "rtl"),
)


class AnnouncementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AnnouncementKind.choices)
    forum = forms.ModelChoiceField(
        label=_("Forum"),
        queryset=Event.objects.order_by("-starts_on", "name"),
        required=False,
        help_text=_("For a forum announcement: the forum it announces."),
    )
    expires_on = forms.DateField(
        label=_("Shown until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to keep it shown until it is unpublished."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, _label, direction in LANGUAGE_SECTIONS:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title"),
                max_length=TITLE_MAX_LENGTH,
                required=False,
                widget=forms.TextInput(attrs={"dir": direction, "lang": code}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text"),
                max_length=BODY_MAX_LENGTH,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6, "dir": direction, "lang": code}),
                help_text=_("Plain text; an empty line starts a new paragraph."),
            )

    def language_sections(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        return [
            (code, label, self[f"title_{code}"], self[f"body_{code}"])
            for code, label, _direction in LANGUAGE_SECTIONS
        ]


def initial_of(announcement: Announcement) -> dict:
    names = ["kind", "forum", "expires_on"] + [
        f"{part}_{code}" for code, *_rest in LANGUAGE_SECTIONS for part in ("title", "body")
    ]
    return {name: getattr(announcement, name) for name in names}


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *AnnouncementKind.choices],
        required=False,
    )

    def kind_value(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""
