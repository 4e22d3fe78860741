"""Forms of the claim pages and the secretariat's queue; the services do the real checks."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.models import OrganisationKind
from silkbridge.joining import selectors
from silkbridge.joining.models import (
    EVIDENCE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ClaimRoute,
    EvidenceKind,
)


class FindOrganisationForm(forms.Form):
    """The start page's search of the directory, by name, country and kind."""

    q = forms.CharField(
        label=_("Organisation's name or website"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "organization"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *OrganisationKind.choices]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Any country")),
            *((code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES),
        ]


class ClaimForm(forms.Form):
    """Evidence for a claim that no verified address proves."""

    evidence_kind = forms.ChoiceField(
        label=_("Kind of evidence"),
        required=False,
        choices=[("", _("Choose…")), *EvidenceKind.choices],
    )
    evidence_text = forms.CharField(
        label=_("Your evidence"),
        required=False,
        max_length=EVIDENCE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your position, and a registration number, a P@SHA or Astana Hub membership number, "
            "or who can confirm it."
        ),
    )
    evidence_file = forms.FileField(
        label=_("Document (PDF or image)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.webp,.gif"}),
    )


class DecisionForm(forms.Form):
    """Approve or refuse; a refusal needs a reason the person will read."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (required to refuse)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for refusing."))
        return data


AGE_CHOICES = [
    ("", _("Any age")),
    ("3", _("Waiting over 3 days")),
    ("7", _("Waiting over a week")),
    ("30", _("Waiting over a month")),
]


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Claims and new organisations")),
            (selectors.CLAIMS, _("Claims")),
            (selectors.REGISTRATIONS, _("New organisations")),
        ],
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    route = forms.ChoiceField(
        label=_("Route"), required=False, choices=[("", _("Any route")), *ClaimRoute.choices]
    )
    age = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_CHOICES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Any country")),
            *((code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES),
        ]

    def to_filters(self) -> selectors.QueueFilters:
        """The filters that validated; invalid ones are left out rather than failing the page."""
        if not self.is_bound:
            return selectors.QueueFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        age = data.get("age") or ""
        return selectors.QueueFilters(
            kind=data.get("kind") or "",
            country=data.get("country") or "",
            route=data.get("route") or "",
            older_than_days=int(age) if age.isdigit() else None,
        )
