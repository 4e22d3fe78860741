"""The form to register a new organisation: field checks here, the write in registrations."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.forms import TagField
from silkbridge.directory.logos import LOGO_MAX_BYTES, prepare_logo
from silkbridge.directory.models import City, OrganisationKind, Term, Vocabulary
from silkbridge.directory.registration_numbers import (
    expected_format,
    parse_registration_number,
)

LOGO_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: City) -> str:
        return obj.name


class RegisterOrganisationForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    name = forms.CharField(
        label=_("Legal name"),
        max_length=255,
        help_text=_("As on the registration certificate."),
    )
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=40, required=False
    )
    website = forms.URLField(
        required=False,
        max_length=300,
        assume_scheme="https",
        label=_("Website"),
        help_text=_("For example https://example.kz"),
        validators=[URLValidator(schemes=["http", "https"])],
    )
    city = CityChoiceField(City.objects.none(), required=False, label=_("City"))
    sectors = TagField(
        Term.objects.filter(vocabulary=Vocabulary.SECTOR), required=False, label=_("Sectors")
    )
    technologies = TagField(
        Term.objects.filter(vocabulary=Vocabulary.TECHNOLOGY),
        required=False,
        label=_("Technologies"),
    )
    services = TagField(
        Term.objects.filter(vocabulary=Vocabulary.SERVICE), required=False, label=_("Services")
    )
    logo = forms.FileField(
        required=False,
        label=_("Logo"),
        widget=forms.FileInput(attrs={"accept": LOGO_ACCEPT}),
    )
    # Set by the "None of these, register anyway" button once the likely duplicates were shown.
    register_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = list(settings.SILKBRIDGE_COUNTRIES)
        self.fields["country"].choices = [("", "---------")] + [
            (code, countries.name(code)) for code in codes
        ]
        cities = City.objects.filter(country__in=codes).order_by("country", "-population", "name")
        self.fields["city"].queryset = cities
        # Cities grouped by country, so the list fits whichever country is chosen.
        groups: dict[str, list] = {}
        for city in cities.only("pk", "name", "country"):
            groups.setdefault(str(city.country), []).append((city.pk, city.name))
        self.fields["city"].choices = [("", "---------")] + [
            (countries.name(code), groups[code]) for code in codes if code in groups
        ]
        self.fields["registration_number"].help_text = " ".join(
            f"{countries.name(code)}: {expected_format(code)}." for code in codes
        )
        self.fields["logo"].help_text = _(
            "PNG, JPEG, WebP or GIF, up to %(size)d MB; shown at most 512 pixels wide."
        ) % {"size": LOGO_MAX_BYTES // (1024 * 1024)}
        for name in ("sectors", "technologies", "services"):
            self.fields[name].queryset = self.fields[name].queryset.order_by("label_en")

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise ValidationError(_("Enter the organisation's full legal name."), code="short")
        return name

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            prepare_logo(upload)  # raises a field error for a file that is not a usable image
        return upload

    def clean(self):
        data = super().clean()
        country, kind = data.get("country"), data.get("kind")
        raw_number = data.get("registration_number", "")
        if country and raw_number:
            try:
                data["registration_number"] = parse_registration_number(country, raw_number).value
            except ValidationError as error:
                self.add_error("registration_number", error)
        elif country and kind == OrganisationKind.COMPANY and not raw_number:
            self.add_error(
                "registration_number",
                ValidationError(
                    _("A company needs its registration number: %(format)s.")
                    % {"format": expected_format(country)},
                    code="required",
                ),
            )
        city = data.get("city")
        if city and country and str(city.country) != country:
            self.add_error("city", _("This city is not in the selected country."))
        return data
