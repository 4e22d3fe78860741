"""Forms of the exchange pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.models import LANGUAGE_CHOICES, Organisation, Term, Vocabulary
from silkbridge.talent.agreements.isced import isced_choices
from silkbridge.talent.exchanges.models import (
    MOTIVATION_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ApplicationStatus,
    CallStatus,
    CEFRLevel,
    MobilityStatus,
    NominationStatus,
    PlanKind,
    WorkMode,
)
from silkbridge.talent.exchanges.selectors import InternshipFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _eqf_label(level: int) -> str:
    return gettext("EQF level %(level)d") % {"level": level}


# Formatted when shown, in the reader's language; formatted here it would stay English.
EQF_CHOICES = [(level, lazy(_eqf_label, str)(level)) for level in (5, 6, 7, 8)]


def _any(choices) -> list:
    return [("", _("Any")), *choices]


class InternshipFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    subject_area = forms.ChoiceField(label=_("Field"), required=False, choices=[])
    work_mode = forms.ChoiceField(
        label=_("Remote or on site"), required=False, choices=_any(WorkMode.choices)
    )
    country = forms.ChoiceField(label=_("Host country"), required=False, choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_area"].choices = _any(isced_choices())
        self.fields["country"].choices = _any(
            (code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES
        )

    def to_filters(self) -> InternshipFilters:
        if not self.is_valid():
            return InternshipFilters()
        return InternshipFilters(**{k: v for k, v in self.cleaned_data.items() if v})


class CallFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[])
    country = forms.ChoiceField(label=_("Home country"), required=False, choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _any(CallStatus.choices)
        self.fields["country"].choices = _any(
            (code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES
        )

    def to_filters(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class InternshipForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("What the intern will do"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    subject_area = forms.ChoiceField(label=_("Field (ISCED-F)"), choices=[])
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        required=False,
        queryset=Term.objects.filter(vocabulary=Vocabulary.TECHNOLOGY),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET)
    places = forms.IntegerField(label=_("Places"), min_value=1, initial=1)
    stipend_amount = forms.DecimalField(
        label=_("Monthly stipend"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    stipend_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    language = forms.ChoiceField(label=_("Working language"), choices=LANGUAGE_CHOICES)
    language_level = forms.ChoiceField(
        label=_("Language level (CEFR)"), choices=CEFRLevel.choices, initial="B2"
    )
    work_mode = forms.ChoiceField(label=_("Remote or on site"), choices=WorkMode.choices)

    def __init__(self, *args, hosts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts if hosts is not None else Organisation.objects.none()
        self.fields["subject_area"].choices = isced_choices()


class CallForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Home institution"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    academic_year = forms.IntegerField(
        label=_("Academic year (first year)"), min_value=2000, max_value=2100
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    eligibility = forms.CharField(
        label=_("Who may apply"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    requires_cv = forms.BooleanField(label=_("A CV is required"), required=False, initial=True)
    requires_transcript = forms.BooleanField(
        label=_("Transcripts are required"), required=False, initial=True
    )
    conditions = forms.MultipleChoiceField(
        label=_("Places under your agreements"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    internships = forms.MultipleChoiceField(
        label=_("Internships for your students"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, institutions=None, conditions=(), internships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions or Organisation.objects.none()
        self.fields["conditions"].choices = [(str(c.pk), label) for c, label in conditions]
        self.fields["internships"].choices = [(str(i.pk), label) for i, label in internships]


class ProfileForm(forms.Form):
    home_institution = forms.ModelChoiceField(
        label=_("Home institution"),
        queryset=Organisation.objects.active().filter(kind="academic").order_by("name"),
    )
    subject_area = forms.ChoiceField(label=_("Field of study (ISCED-F)"), choices=[])
    study_level = forms.TypedChoiceField(
        label=_("Study level"), coerce=int, choices=EQF_CHOICES, initial=6
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_area"].choices = isced_choices()


class PdfField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    cv = PdfField(label=_("CV (PDF)"), required=False)
    transcript = PdfField(label=_("Transcript of records (PDF)"), required=False)

    def __init__(self, *args, places=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(p.pk), p.label) for p in places]
        for n in range(1, min(5, max(1, len(places))) + 1):
            self.fields[f"choice_{n}"] = forms.ChoiceField(
                label=_("Choice %(n)d") % {"n": n}, required=(n == 1), choices=choices
            )

    @property
    def choice_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("choice_")]

    def choices(self) -> list[str]:
        return [
            self.cleaned_data[name]
            for name in self.fields
            if name.startswith("choice_") and self.cleaned_data.get(name)
        ]


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_any(ApplicationStatus.choices)
    )


class NominationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_any(NominationStatus.choices)
    )


class MobilityFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_any(MobilityStatus.choices)
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE_WIDGET)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE_WIDGET)


class PlanForm(forms.Form):
    """A learning agreement's plan: up to ten rows of course or task, code and credits."""

    ROWS = 10
    plan_kind = forms.ChoiceField(label=_("Plan"), choices=PlanKind.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for n in range(self.ROWS):
            self.fields[f"title_{n}"] = forms.CharField(
                label=_("Course or task"), required=False, max_length=TITLE_MAX_LENGTH
            )
            self.fields[f"code_{n}"] = forms.CharField(
                label=_("Code"), required=False, max_length=40
            )
            self.fields[f"credits_{n}"] = forms.CharField(
                label=_("Credits (ECTS)"), required=False, max_length=8
            )

    @property
    def rows(self) -> list:
        return [
            (self[f"title_{n}"], self[f"code_{n}"], self[f"credits_{n}"]) for n in range(self.ROWS)
        ]

    def components(self) -> list[dict]:
        return [
            {
                "title": self.cleaned_data.get(f"title_{n}", ""),
                "code": self.cleaned_data.get(f"code_{n}", ""),
                "credits": self.cleaned_data.get(f"credits_{n}", ""),
            }
            for n in range(self.ROWS)
        ]


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=MobilityStatus.choices)
    on = forms.DateField(label=_("On"), required=False, widget=DATE_WIDGET)
