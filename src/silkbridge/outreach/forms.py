from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ContactListForm(forms.Form):
    name = forms.CharField(
        label=_("Campaign name"),
        max_length=200,
        help_text=_("For example the association whose member list this is."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=settings.LANGUAGES, initial="en"
    )
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: email, name and organisation (its website, registration number or exact "
            "name). CSV must be saved as UTF-8."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
