"""Forms of the venture pages and API input: they parse, the services decide what is allowed."""

from __future__ import annotations

import re

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.models import Organisation, Term, Vocabulary
from silkbridge.ventures.currency import known_currencies
from silkbridge.ventures.models import (
    REASON_MAX_LENGTH,
    STAGE_PATH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    PartyRole,
    VentureKind,
    VentureStage,
)
from silkbridge.ventures.selectors import Filters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEPARATORS = re.compile(r"[\s,;]+")


def parse_party_addresses(text: str) -> list[tuple[Organisation, str]]:
    """Organisations by directory address (slug), in order; the first one leads."""
    slugs = [slug for slug in SEPARATORS.split(text or "") if slug]
    found = {o.slug: o for o in Organisation.objects.active().filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError(
            _("No organisation has the directory address “%(slug)s”."),
            code="unknown_organisation",
            params={"slug": unknown[0]},
        )
    return [
        (found[slug], PartyRole.LEAD if index == 0 else PartyRole.PARTNER)
        for index, slug in enumerate(slugs)
    ]


def _working_groups():
    return apps.get_model("workspace", "WorkingGroup").objects.filter(is_active=True)


class VentureForm(forms.Form):
    """A venture's details; `stage` only when recording a new one (later moves are recorded on
    the stage form, with a date and, going back, a reason)."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=VentureKind.choices)
    stage = forms.ChoiceField(
        label=_("Current stage"), choices=VentureStage.choices, initial=VentureStage.INTRODUCED
    )
    started_on = forms.DateField(
        label=_("Started on"),
        widget=DATE_WIDGET,
        help_text=_("When the collaboration began, for example the first meeting."),
    )
    parties = forms.CharField(
        label=_("Parties"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_(
            "The directory addresses (the last part of each organisation's page link) of every "
            "party, one per line; the first one leads. Include organisations of both countries."
        ),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        required=False,
        queryset=Term.objects.filter(vocabulary=Vocabulary.SECTOR),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("None"),
    )
    value_amount = forms.DecimalField(
        label=_("Value"), required=False, max_digits=18, decimal_places=2
    )
    value_currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, widget=forms.Select()
    )
    jobs_created = forms.IntegerField(label=_("Jobs created"), required=False, initial=0)
    people_exchanged = forms.IntegerField(
        label=_("Students or staff exchanged"), required=False, initial=0
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Only the parties and the secretariat see the details; counts stay in totals."),
    )
    seats = forms.IntegerField(label=_("Seats"), required=False)
    intake_dates = forms.CharField(
        label=_("Intake dates"),
        required=False,
        help_text=_("Dates as YYYY-MM-DD, separated by commas."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    fields_of_study = forms.CharField(
        label=_("Fields of study"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    ACADEMIC_FIELDS = ("seats", "intake_dates", "fields_of_study")

    def __init__(self, *args, creating: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = _working_groups()
        codes = known_currencies()
        self.fields["value_currency"].widget.choices = [("", "—")] + [(c, c) for c in codes]
        if not creating:
            del self.fields["stage"]
        self.fields["started_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_parties(self) -> list[tuple[Organisation, str]]:
        return parse_party_addresses(self.cleaned_data["parties"])

    def named_parties(self) -> list[tuple[Organisation, str]]:
        """The parties the addresses in the box stand for, to show their names beside it."""
        text = self["parties"].value() or ""
        try:
            return parse_party_addresses(text)
        except ValidationError:
            return []

    def clean_value_currency(self) -> str:
        return (self.cleaned_data.get("value_currency") or "").strip().upper()

    def academic_fields(self) -> list:
        return [self[name] for name in self.ACADEMIC_FIELDS]

    def detail_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.ACADEMIC_FIELDS]


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"), choices=VentureStage.choices)
    changed_on = forms.DateField(label=_("Date of the change"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the venture goes back to an earlier stage or is reopened."),
    )
    expected_stage = forms.ChoiceField(
        choices=VentureStage.choices, widget=forms.HiddenInput(), required=False
    )

    def __init__(self, *args, current: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if current:
            self.fields["to_stage"].choices = [
                (value, label) for value, label in VentureStage.choices if value != current
            ]
            self.fields["expected_stage"].initial = current
            if current in STAGE_PATH[:-1]:
                # The usual next step is offered first.
                self.fields["to_stage"].initial = STAGE_PATH[STAGE_PATH.index(current) + 1]
        self.fields["changed_on"].initial = timezone.localdate()
        self.fields["changed_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class CorrectionForm(forms.Form):
    """The secretariat correcting one recorded stage change (prefixed by its id, one per entry)."""

    changed_on = forms.DateField(label=_("Date of the change"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FilterForm(forms.Form):
    """The list's filters; an invalid one is left out rather than failing the page."""

    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any stage")), *VentureStage.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *VentureKind.choices]
    )
    country = forms.ChoiceField(label=_("Country of a party"), required=False)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Term.objects.filter(vocabulary=Vocabulary.SECTOR),
        to_field_name="slug",
        empty_label=_("Any sector"),
    )
    group = forms.ModelChoiceField(
        label=_("Working group"),
        required=False,
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label=_("Any group"),
    )
    academic = forms.BooleanField(label=_("Academic alliances only"), required=False)
    mine = forms.BooleanField(label=_("My organisations' ventures"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _working_groups()
        self.fields["country"].choices = [("", _("Any country"))] + [
            (code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES
        ]

    def to_filters(self) -> Filters:
        self.is_valid()
        # Django keeps the valid parameters in cleaned_data when another one is not.
        data = getattr(self, "cleaned_data", {})
        sector = data.get("sector")
        group = data.get("group")
        return Filters(
            stage=data.get("stage") or "",
            kind=data.get("kind") or "",
            country=data.get("country") or "",
            sector=sector.pk if sector else None,
            group=group.pk if group else None,
            academic=bool(data.get("academic")),
            mine=bool(data.get("mine")),
        )


class RateForm(forms.Form):
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        help_text=_("Three-letter code, such as KZT."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocapitalize": "characters"}),
    )
    usd_per_unit = forms.DecimalField(label=_("US dollars per unit"), max_digits=20)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    source = forms.CharField(label=_("Source"), max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()
