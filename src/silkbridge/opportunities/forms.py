"""Forms of the opportunity pages. They parse input; the services decide what is allowed.

The search form's parameters (`OpportunityFilterForm(request.GET).to_query()`):

==================  ===================================================================
``q``               free text; every word must appear in the title, summary, description
                    or tags (in any of the four languages)
``type``            an OpportunityType value (``business``, ``technology``, …)
``direction``       ``offer`` or ``request``
``country``         ISO code of the publishing organisation's country (any case)
``sector``          slug of a sector term (likewise ``technology``)
``kind``            kind of the publishing organisation (``company``, ``academic``, …)
``partner_kind``    kind of partner sought (opportunities open to any kind match too)
``deadline_after``  ISO date: still taking responses on that day
``sort``            ``newest`` (default) or ``deadline`` (closing soonest, still open)
==================  ===================================================================

A parameter that does not validate is left out of the query instead of failing the request, so
an old bookmark or saved search with a deleted term still shows a page.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from silkbridge.directory.models import LANGUAGE_CHOICES, OrganisationKind, Term, Vocabulary
from silkbridge.directory.term_choices import TermChoiceField
from silkbridge.opportunities.models import (
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Direction,
    OpportunityType,
    PartnershipType,
    Stage,
)
from silkbridge.opportunities.selectors import OpportunityQuery

SORT_CHOICES = [("", _("Newest first")), ("deadline", _("Closing soonest"))]

# "Who pays whom?": each type in plain words, as an offer and as a request.
TYPE_GUIDE = {
    OpportunityType.BUSINESS: (
        _("You sell products or services: the partner pays you."),
        _("You want to buy products or services: you pay the partner."),
    ),
    OpportunityType.TECHNOLOGY: (
        _("You have a technology or know-how to license, transfer or apply: the partner pays."),
        _("You look for a technology or expertise: you pay for it or develop it together."),
    ),
    OpportunityType.RESEARCH: (
        _(
            "You propose joint research or an academic programme; each side usually funds "
            "its own part, or a grant funds both."
        ),
        _("You look for a research or academic partner to join a project or programme."),
    ),
    OpportunityType.EGOV: (
        _("Your company has a solution for public bodies: the authority pays."),
        _("Your authority has a need to procure: the authority pays the supplier."),
    ),
    OpportunityType.INVESTMENT: (
        _("You have money to invest: you pay, for a share or a return."),
        _("You seek investment or financing: the investor pays you."),
    ),
    OpportunityType.TALENT: (
        _("You offer internships, exchanges or training places."),
        _("You look for internships, exchanges or training for your people."),
    ),
}
DIRECTION_HELP = {
    Direction.OFFER: _("You have something the other side may want."),
    Direction.REQUEST: _("You are looking for something from the other side."),
}


def platform_country_choices() -> list[tuple[str, str]]:
    return [(code.upper(), countries.name(code.upper())) for code in settings.SILKBRIDGE_COUNTRIES]


class _UpperChoiceField(forms.ChoiceField):
    def to_python(self, value: object) -> str:
        return super().to_python(value).upper()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class OpportunityFilterForm(forms.Form):
    """Search and filter parameters of the list; `.to_query()` gives an OpportunityQuery."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Words in the title or description…")}
        ),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *OpportunityType.choices]
    )
    direction = forms.ChoiceField(
        label=_("Offer or request"),
        required=False,
        choices=[("", _("Offers and requests")), *Direction.choices],
    )
    country = _UpperChoiceField(label=_("Posted from"), required=False)
    kind = forms.ChoiceField(
        label=_("Posted by"),
        required=False,
        choices=[("", _("Any kind of organisation")), *OrganisationKind.choices],
    )
    partner_kind = forms.ChoiceField(
        label=_("Partner sought"),
        required=False,
        choices=[("", _("Any partner")), *OrganisationKind.choices],
    )
    sector = TermChoiceField(
        label=_("Sector"), vocabulary=Vocabulary.SECTOR, empty_label=_("Any sector")
    )
    technology = TermChoiceField(
        label=_("Technology"), vocabulary=Vocabulary.TECHNOLOGY, empty_label=_("Any technology")
    )
    deadline_after = forms.DateField(
        label=_("Open for responses on"), required=False, widget=DateInput()
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Either country")), *platform_country_choices()]

    def to_query(self) -> OpportunityQuery:
        """The query from the fields that validated; an unbound form gives the empty query."""
        if not self.is_bound:
            return OpportunityQuery()
        self.is_valid()
        data = self.cleaned_data
        return OpportunityQuery(
            q=(data.get("q") or "").strip(),
            type=data.get("type") or "",
            direction=data.get("direction") or "",
            country=data.get("country") or "",
            sector=data.get("sector") or "",
            technology=data.get("technology") or "",
            kind=data.get("kind") or "",
            partner_kind=data.get("partner_kind") or "",
            deadline_after=data.get("deadline_after"),
            sort=data.get("sort") or "",
        )


def opportunity_query_from_params(params: Mapping[str, str] | str) -> OpportunityQuery:
    """An OpportunityQuery from query parameters (request.GET, a dict or a query string)."""
    if isinstance(params, str):
        params = QueryDict(params)
    return OpportunityFilterForm(params).to_query()


class OpportunityForm(forms.Form):
    """Create and edit. `organisations` (create only) offers the poster's organisations."""

    organisation = forms.TypedChoiceField(label=_("Posting for"), coerce=int, required=True)
    type = forms.ChoiceField(
        label=_("Type"), choices=OpportunityType.choices, widget=forms.RadioSelect
    )
    direction = forms.ChoiceField(
        label=_("Offer or request"), choices=Direction.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    summary = forms.CharField(
        label=pgettext_lazy("opportunity", "Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("Two or three sentences shown in search results."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Full description"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        required=False,
        queryset=Term.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    technologies = forms.ModelMultipleChoiceField(
        label=_("Technologies"),
        required=False,
        queryset=Term.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    target_country = forms.ChoiceField(label=_("Target country"))
    partner_kinds = forms.MultipleChoiceField(
        label=_("Partners sought"),
        required=False,
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if any kind of organisation is welcome."),
    )
    stage = forms.ChoiceField(
        label=_("Stage of development"), required=False, choices=Stage.choices
    )
    partnership_types = forms.MultipleChoiceField(
        label=_("Type of partnership sought"),
        required=False,
        choices=PartnershipType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(
        label=_("Deadline for responses"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional; on or before the expiry date."),
    )
    expires_on = forms.DateField(
        label=_("Expiry date"),
        widget=DateInput(),
        help_text=_("The post is taken down after this day; you are reminded a week before."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Publish anonymously"),
        required=False,
        help_text=_(
            "Your organisation's name is hidden from others until you accept an introduction."
        ),
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisations and len(organisations) > 1:
            self.fields["organisation"].choices = [("", "---------")] + [
                (o.pk, o.name) for o in organisations
            ]
        else:
            del self.fields["organisation"]
        self.fields["sectors"].queryset = Term.objects.filter(vocabulary=Vocabulary.SECTOR)
        self.fields["technologies"].queryset = Term.objects.filter(vocabulary=Vocabulary.TECHNOLOGY)
        self.fields["target_country"].choices = platform_country_choices()

    @staticmethod
    def initial_from(opportunity) -> dict:
        return {
            "type": opportunity.type,
            "direction": opportunity.direction,
            "title": opportunity.title,
            "summary": opportunity.summary,
            "description": opportunity.description,
            "sectors": list(opportunity.sectors.all()),
            "technologies": list(opportunity.technologies.all()),
            "target_country": str(opportunity.target_country),
            "partner_kinds": opportunity.partner_kinds,
            "stage": opportunity.stage,
            "partnership_types": opportunity.partnership_types,
            "languages": opportunity.languages,
            "deadline": opportunity.deadline,
            "expires_on": opportunity.expires_on,
            "is_anonymous": opportunity.is_anonymous,
        }

    def type_guide(self) -> list[tuple[str, str, str, str]]:
        """(value, label, as an offer, as a request) for the "who pays whom?" table."""
        return [
            (value, label, TYPE_GUIDE[value][0], TYPE_GUIDE[value][1])
            for value, label in OpportunityType.choices
        ]

    def direction_options(self):
        return [(radio, DIRECTION_HELP[radio.data["value"]]) for radio in self["direction"]]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AttachmentForm(forms.Form):
    files = MultipleFileField(
        label=_("Add files"),
        help_text=_("PDF or images (PNG, JPEG, WebP, GIF), up to five files."),
    )


class ReviewForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve and publish")),
        ("changes", _("Ask for changes")),
        ("reject", _("Reject")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment for the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when asking for changes or rejecting."),
    )


class RenewForm(forms.Form):
    expires_on = forms.DateField(label=_("New expiry date"), widget=DateInput())


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of this search"), max_length=100)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
    notify = forms.BooleanField(label=_("Tell me about new matches"), required=False, initial=True)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
