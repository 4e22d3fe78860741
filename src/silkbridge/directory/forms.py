"""Forms for directory pages; validation here, writes in services."""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from silkbridge.directory.logos import LOGO_MAX_BYTES, prepare_logo
from silkbridge.directory.models import (
    LANGUAGE_CHOICES,
    City,
    Organisation,
    Person,
    Term,
    Vocabulary,
)
from silkbridge.directory.validation import check_certifications, check_founded_year


class ListField(forms.CharField):
    """A comma-separated list typed in one box, stored as a JSON list."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.split(",") if part.strip()]


class TagField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Term) -> str:
        return obj.label


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        required=False,
        max_length=300,
        assume_scheme="https",
        label=_("Website"),
        help_text=_("For example https://example.kz"),
        # A link people follow from the profile: web pages only (no ftp:, no javascript:).
        validators=[URLValidator(schemes=["http", "https"])],
    )
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
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Working languages"),
    )
    certifications = ListField(
        required=False,
        label=_("Certifications"),
        help_text=_("Separate with commas, e.g. ISO 27001, CMMI Level 3."),
    )
    # Not a model field of this form: the view hands the file to logos.replace_logo, which
    # stores a redrawn WebP instead of the upload itself.
    logo = forms.FileField(
        required=False,
        label=_("Logo"),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    remove_logo = forms.BooleanField(required=False, label=_("Remove the logo"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "country",
            "city",
            "website",
            "email",
            "phone",
            "description",
            "size",
            "founded_year",
            "sectors",
            "technologies",
            "services",
            "languages",
            "certifications",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, can_change_identity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------")] + [
            (code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES
        ]
        country = (
            self.data.get("country")
            or self.initial.get("country")
            or getattr(self.instance, "country", "")
        )
        cities = City.objects.all()
        if country:
            cities = cities.filter(country=str(country))
        self.fields["city"].queryset = cities.order_by("-population", "name")
        if not can_change_identity:
            # Country and kind define which side of the working group an organisation is on.
            for name in ("country", "kind"):
                self.fields[name].disabled = True
        self.fields["logo"].help_text = _(
            "PNG, JPEG, WebP or GIF, up to %(size)d MB; shown at most 512 pixels wide."
        ) % {"size": LOGO_MAX_BYTES // (1024 * 1024)}
        if not getattr(self.instance, "logo", None):
            del self.fields["remove_logo"]

    def clean_founded_year(self):
        year = self.cleaned_data.get("founded_year")
        check_founded_year(year)
        return year

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            prepare_logo(upload)  # a field error for a file that is not a usable image
        return upload

    def clean_certifications(self):
        names = self.cleaned_data.get("certifications") or []
        check_certifications(names)
        return names

    def clean(self):
        data = super().clean()
        city, country = data.get("city"), data.get("country")
        if city and country and str(city.country) != str(country):
            self.add_error("city", _("This city is not in the selected country."))
        if data.get("logo") and data.get("remove_logo"):
            self.add_error(
                "remove_logo", _("Choose a new logo or remove the current one, not both.")
            )
        return data


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "job_title", "email", "phone", "role"]


class MergeForm(forms.Form):
    keep = forms.SlugField(label=_("Organisation to keep (slug)"))
    duplicate = forms.SlugField(label=_("Duplicate to merge into it (slug)"))

    def clean(self):
        data = super().clean()
        found = {}
        for name in ("keep", "duplicate"):
            slug = data.get(name)
            if not slug:
                continue
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                self.add_error(name, _("No organisation has this slug."))
            elif organisation.merged_into_id:
                self.add_error(name, _("This organisation has already been merged."))
            else:
                found[name] = organisation
        if len(found) == 2 and found["keep"].pk == found["duplicate"].pk:
            self.add_error("duplicate", _("Choose two different organisations."))
        data.update(found)
        return data


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = [
            "vocabulary",
            "slug",
            "label_en",
            "label_ru",
            "label_kk",
            "label_ur",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
