"""Forms of the outcomes pages: a target, the dashboard's filters and the report's quarter."""

from __future__ import annotations

import datetime

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.outcomes.metrics import Scope
from silkbridge.outcomes.models import Target
from silkbridge.outcomes.periods import Quarter, check_in_range, parse_quarter, quarter_of


def _groups():
    return apps.get_model("workspace", "WorkingGroup").objects.order_by("name")


def _country_choices(empty_label) -> list[tuple[str, str]]:
    names = dict(countries)
    return [("", empty_label)] + [(c, names.get(c, c)) for c in settings.SILKBRIDGE_COUNTRIES]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "name",
            "metric",
            "baseline",
            "target_value",
            "period_start",
            "deadline",
            "working_group",
            "country",
            "description",
        ]
        widgets = {
            "period_start": DateInput(),
            "deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = _groups()
        self.fields["working_group"].empty_label = _("All working groups")
        self.fields["country"] = forms.ChoiceField(
            label=_("Country"), required=False, choices=_country_choices(_("Both countries"))
        )

    def _post_clean(self):
        """Model checks run in the service, which reports them per field."""


class DashboardFilterForm(forms.Form):
    """The period (from, to) and the working group; the current year so far by default."""

    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), validators=[check_in_range]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), validators=[check_in_range]
    )
    group = forms.ModelChoiceField(
        label=_("Working group"),
        required=False,
        queryset=None,
        empty_label=_("All working groups"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups()
        today = timezone.localdate()
        self.fields["start"].initial = datetime.date(today.year, 1, 1)
        self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period must not be before its start."))
        return data

    def scope(self) -> Scope:
        """The period asked for; a bad or missing part falls back to the default."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or datetime.date(today.year, 1, 1)
        end = data.get("end") or max(today, start)
        group = data.get("group")
        return Scope(start, end, group.pk if group else None)


class QuarterField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return parse_quarter(value) if value else None


class ReportForm(forms.Form):
    quarter = QuarterField(label=_("Quarter"), required=False, help_text=_("For example 2026Q3."))
    group = forms.ModelChoiceField(
        label=_("Working group"),
        required=False,
        queryset=None,
        empty_label=_("All working groups"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups()

    def clean_quarter(self) -> Quarter:
        quarter = self.cleaned_data.get("quarter")
        if quarter is None:
            # The last finished quarter: the one a minister asks about.
            return quarter_of(timezone.localdate()).previous()
        if quarter.start > timezone.localdate():
            raise ValidationError(_("This quarter has not started yet."), code="future")
        check_in_range(quarter.start)
        return quarter
