"""Forms of the matching pages: request an introduction with a note, dismiss with a reason,
filter the recommended partners, and choose a delegation."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.models import (
    LANGUAGE_CHOICES,
    City,
    Organisation,
    OrganisationKind,
    Term,
    Vocabulary,
)
from silkbridge.introductions.models import MESSAGE_MAX_LENGTH
from silkbridge.matching.models import DismissReason, TargetKind
from silkbridge.matching.services import NOTE_MAX_LENGTH


class SuggestionForm(forms.Form):
    """Which suggestion an action is about (hidden fields on each suggestion)."""

    target_kind = forms.ChoiceField(choices=TargetKind.choices, widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class IntroduceForm(SuggestionForm):
    """ "Request an introduction": the note is what the other side reads first, so required."""

    note = forms.CharField(
        label=_("Note to them"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a note: it is what they read first.")},
    )


class PartnerFilterForm(forms.Form):
    """Filters of the recommended partners; each choice is limited to what exists."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *OrganisationKind.choices]
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Term.objects.filter(vocabulary=Vocabulary.SECTOR),
        empty_label=_("Any sector"),
        to_field_name="slug",
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("Any city")
    )
    language = forms.ChoiceField(
        label=_("Working language"),
        required=False,
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Cities of listed organisations only: the full gazetteer would make a useless list.
        used = Organisation.objects.active().exclude(city=None).values("city_id")
        self.fields["city"].queryset = City.objects.filter(pk__in=used).order_by("name")
        self.fields["sector"].label_from_instance = lambda term: term.label

    def active(self) -> list[str]:
        """Labels of the filters in use, for the empty state ("relax: Kind, City")."""
        if not self.is_bound or not self.is_valid():
            return []
        return [str(self.fields[name].label) for name, v in self.cleaned_data.items() if v]


class DismissForm(SuggestionForm):
    reason = forms.ChoiceField(label=_("Why?"), choices=DismissReason.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_MAX_LENGTH)


class DelegationForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *OrganisationKind.choices]
    )
    identifiers = forms.CharField(
        label=_("Or paste organisation ids or slugs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Separated by spaces, commas or new lines; replaces the filters above."),
    )
    k = forms.IntegerField(
        label=_("Suggestions per organisation"), min_value=1, max_value=50, initial=10
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(countries)
        self.fields["country"].choices = [("", _("Any country"))] + [
            (c, names.get(c, c)) for c in settings.SILKBRIDGE_COUNTRIES
        ]
