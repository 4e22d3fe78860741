"""Forms of the matching pages: dismiss with a reason, and choose a delegation."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.models import OrganisationKind
from silkbridge.matching.models import DismissReason, TargetKind
from silkbridge.matching.services import NOTE_MAX_LENGTH


class SuggestionForm(forms.Form):
    """Which suggestion an action is about (hidden fields on each suggestion)."""

    target_kind = forms.ChoiceField(choices=TargetKind.choices, widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


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
