"""The directory's search and filter form, shared by the list page, the CSV export and the CLI.

`DirectoryFilterForm(request.GET).to_query()` turns query parameters into a `DirectoryQuery`
for `selectors.search_organisations`. The parameters are:

=============  ==========================================================================
``q``          free text; every word must appear in the name, description, city or tags
``country``    ISO alpha-2 code of one of ``settings.SILKBRIDGE_COUNTRIES`` (any case)
``kind``       ``company``, ``authority``, ``academic`` or ``association``
``city``       primary key of a city in one of the platform's countries
``sector``     slug of a sector term (likewise ``technology`` and ``service``)
``verified``   ``yes`` (verified only), ``no`` (not verified only) or blank (both)
``sort``       ``name``, ``-name``, ``newest``, ``country``; blank sorts by relevance or name
=============  ==========================================================================

A parameter that does not validate is left out of the query instead of failing the request, so
an old bookmark with a deleted term still shows a page; `form.errors` says what was ignored.
"""

from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.models import City, OrganisationKind, Vocabulary
from silkbridge.directory.selectors import SORTS, DirectoryQuery
from silkbridge.directory.term_choices import TermChoiceField

VERIFIED_CHOICES = [
    ("", _("Verified or not")),
    ("yes", _("Verified only")),
    ("no", _("Not verified")),
]
SORT_LABELS = {
    "name": _("Name, A to Z"),
    "-name": _("Name, Z to A"),
    "newest": _("Newest first"),
    "country": _("Country"),
}


class _UpperChoiceField(forms.ChoiceField):
    """A choice of upper-case codes that also accepts them in lower case (`?country=kz`)."""

    def to_python(self, value: object) -> str:
        return super().to_python(value).upper()


class DirectoryFilterForm(forms.Form):
    """Search and filter parameters of the directory; `.to_query()` gives a DirectoryQuery."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, skill, city…")}),
    )
    country = _UpperChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *OrganisationKind.choices],
    )
    city = forms.TypedChoiceField(label=_("City"), required=False, coerce=int, empty_value=None)
    sector = TermChoiceField(
        label=_("Sector"), vocabulary=Vocabulary.SECTOR, empty_label=_("Any sector")
    )
    technology = TermChoiceField(
        label=_("Technology"), vocabulary=Vocabulary.TECHNOLOGY, empty_label=_("Any technology")
    )
    service = TermChoiceField(
        label=_("Service"), vocabulary=Vocabulary.SERVICE, empty_label=_("Any service")
    )
    verified = forms.ChoiceField(label=_("Verification"), required=False, choices=VERIFIED_CHOICES)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Relevance")), *((key, SORT_LABELS[key]) for key in SORTS)],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Choices depend on settings and data, so they are read per form, not at import time.
        platform = [code.upper() for code in settings.SILKBRIDGE_COUNTRIES]
        self.fields["country"].choices = [
            ("", _("Any country")),
            *((code, countries.name(code)) for code in platform),
        ]
        # Cities grouped by country, from one query of plain values: hundreds of options, so
        # no model instances or per-option lookups of the country's name.
        cities: dict[str, list[tuple[int, str]]] = {code: [] for code in platform}
        for pk, name, country in (
            City.objects.filter(country__in=platform)
            .order_by("name", "pk")
            .values_list("pk", "name", "country")
        ):
            cities[str(country)].append((pk, name))
        self.fields["city"].choices = [
            ("", _("Any city")),
            *((countries.name(code), cities[code]) for code in platform if cities[code]),
        ]

    def to_query(self) -> DirectoryQuery:
        """The query from the fields that validated; an unbound form gives the empty query."""
        if not self.is_bound:
            return DirectoryQuery()
        self.is_valid()
        data = self.cleaned_data
        city = data.get("city")
        return DirectoryQuery(
            q=(data.get("q") or "").strip(),
            country=data.get("country") or "",
            kind=data.get("kind") or "",
            city=city,
            sector=data.get("sector") or "",
            technology=data.get("technology") or "",
            service=data.get("service") or "",
            verified={"yes": True, "no": False}.get(data.get("verified") or ""),
            sort=data.get("sort") or "",
        )


def directory_query_from_params(params: Mapping[str, str]) -> DirectoryQuery:
    """A DirectoryQuery from query parameters (request.GET or a dict), ignoring invalid ones."""
    return DirectoryFilterForm(params).to_query()
