"""Forms of the agreement pages: they parse, the services (and talent_agreements.validation)
decide what is allowed, so the pages and the API give the same field errors."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.models import LANGUAGE_CHOICES, Organisation, OrganisationKind
from silkbridge.talent.agreements.isced import isced_choices
from silkbridge.talent.agreements.languages import CEFR_LEVELS
from silkbridge.talent.agreements.models import (
    TITLE_MAX_LENGTH,
    AgreementStatus,
    MobilityType,
)
from silkbridge.talent.agreements.selectors import Filters
from silkbridge.ventures.models import ACADEMIC_KINDS, Venture

LANGUAGE_SLOTS = 2


class InstitutionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.country.code})"


def academic_institutions():
    return (
        Organisation.objects.active()
        .in_platform_countries()
        .filter(kind=OrganisationKind.ACADEMIC)
        .order_by("country", "name")
    )


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    academic_year_start = forms.IntegerField(
        label=_("From academic year"),
        help_text=_("The first year of the academic year: 2026 means 2026/2027."),
    )
    academic_year_end = forms.IntegerField(label=_("To academic year"))
    institutions = InstitutionChoiceField(
        label=_("Institutions"),
        queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Two or more academic institutions, of both countries."),
    )
    ventures = forms.ModelMultipleChoiceField(
        label=_("Academic alliances"),
        queryset=Venture.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("The recorded alliances this agreement belongs to, if any."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from silkbridge.ventures.selectors import visible_ventures

        self.fields["institutions"].queryset = academic_institutions()
        self.fields["ventures"].queryset = (
            visible_ventures(user).filter(kind__in=list(ACADEMIC_KINDS)).order_by("title")
        )


def _language_choices():
    return [("", "—"), *LANGUAGE_CHOICES]


def _cefr_choices():
    return [("", "—"), *[(level, level) for level in CEFR_LEVELS]]


class ConditionForm(forms.Form):
    sending_institution = forms.ModelChoiceField(
        label=_("Sending institution"), queryset=Organisation.objects.none()
    )
    receiving_institution = forms.ModelChoiceField(
        label=_("Receiving institution"), queryset=Organisation.objects.none()
    )
    mobility_type = forms.ChoiceField(label=_("Mobility type"), choices=MobilityType.choices)
    isced_code = forms.CharField(
        label=_("Subject area (ISCED-F 2013)"),
        widget=forms.Select(choices=[("", "—"), *isced_choices()]),
    )
    eqf_level = forms.IntegerField(
        label=_("Study level (EQF)"),
        help_text=_("5 short cycle, 6 bachelor, 7 master, 8 doctorate."),
    )
    people_per_year = forms.IntegerField(label=_("People per year"))
    total_months_per_year = forms.DecimalField(
        label=_("Total months per year"),
        required=False,
        help_text=_("All the people's months together; leave empty for staff mobility."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(self, *args, agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        institutions = agreement.institutions.order_by("country", "name")
        for name in ("sending_institution", "receiving_institution"):
            self.fields[name].queryset = institutions
            self.fields[name].label_from_instance = lambda o: f"{o.name} ({o.country.code})"
        for slot in range(1, LANGUAGE_SLOTS + 1):
            self.fields[f"language_{slot}"] = forms.ChoiceField(
                label=_("Language"), choices=_language_choices(), required=False
            )
            self.fields[f"cefr_{slot}"] = forms.ChoiceField(
                label=_("CEFR level"), choices=_cefr_choices(), required=False
            )

    @classmethod
    def initial_from(cls, condition) -> dict:
        initial = {
            "sending_institution": condition.sending_institution_id,
            "receiving_institution": condition.receiving_institution_id,
            "mobility_type": condition.mobility_type,
            "isced_code": condition.isced_code,
            "eqf_level": condition.eqf_level,
            "people_per_year": condition.people_per_year,
            "total_months_per_year": condition.total_months_per_year,
            "contact_name": condition.contact_name,
            "contact_email": condition.contact_email,
        }
        for slot, item in enumerate(condition.language_requirements[:LANGUAGE_SLOTS], start=1):
            initial[f"language_{slot}"] = item["language"]
            initial[f"cefr_{slot}"] = item["cefr"]
        return initial

    def language_pairs(self):
        return [(self[f"language_{n}"], self[f"cefr_{n}"]) for n in range(1, LANGUAGE_SLOTS + 1)]

    def to_data(self) -> dict:
        """The cleaned values in the shape the services take."""
        data = {
            name: self.cleaned_data.get(name)
            for name in (
                "sending_institution",
                "receiving_institution",
                "mobility_type",
                "isced_code",
                "eqf_level",
                "people_per_year",
                "total_months_per_year",
                "contact_name",
                "contact_email",
            )
        }
        languages = []
        for slot in range(1, LANGUAGE_SLOTS + 1):
            language = self.cleaned_data.get(f"language_{slot}")
            cefr = self.cleaned_data.get(f"cefr_{slot}")
            if language or cefr:
                languages.append({"language": language, "cefr": cefr})
        data["language_requirements"] = languages
        return data


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the agreement end?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _country_choices():
    return [("", _("Any country"))] + [
        (code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES
    ]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Title or institution"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *AgreementStatus.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=_country_choices)
    mobility_type = forms.ChoiceField(
        label=_("Mobility type"),
        required=False,
        choices=[("", _("Any mobility type")), *MobilityType.choices],
    )
    isced_code = forms.ChoiceField(
        label=_("Subject area"),
        required=False,
        choices=lambda: [("", _("Any subject area")), *isced_choices()],
    )
    mine = forms.BooleanField(label=_("Only my institutions' agreements"), required=False)

    def to_filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            status=data["status"],
            country=data["country"],
            mobility_type=data["mobility_type"],
            isced_code=data["isced_code"],
            q=data["q"].strip(),
            mine=data["mine"],
        )
