"""Forms for the profile, API tokens and invitations; sign-in, sign-up and passwords are in
entrance_forms."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.accounts.models import EmailNotifications, User
from silkbridge.accounts.services import time_zone_names
from silkbridge.directory.models import PersonRole


class InvalidFieldsMixin:
    """Mark fields that have errors `is-invalid`; the project's form renderer does the rest."""

    def add_error(self, field, error) -> None:
        # Every error, from validation or from a service afterwards, passes through here.
        super().add_error(field, error)
        for name in self._errors:
            if name in self.fields:
                _add_class(self.fields[name].widget, "is-invalid")


def _add_class(widget: forms.Widget, css_class: str) -> None:
    classes = widget.attrs.get("class", "").split()
    if css_class not in classes:
        widget.attrs["class"] = " ".join([*classes, css_class])


def language_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(time_zone_names())]


class ProfileForm(InvalidFieldsMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = forms.ChoiceField(label=_("Interface language"), choices=language_choices)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Dates and times are shown to you in this time zone."),
        error_messages={
            "invalid_choice": _("Choose a time zone from the list, such as Asia/Almaty.")
        },
    )
    email_notifications = forms.ChoiceField(
        label=_("E-mail notifications"),
        choices=EmailNotifications.choices,
        widget=forms.RadioSelect,
        # Optional so that a form without it (older clients) keeps the current choice.
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email_notifications"].help_text = _(
            "Notifications always appear in the app. Choose whether you also get an e-mail for "
            "each one, one digest a day (at %(hour)02d:00 in your time zone), or no e-mails."
        ) % {"hour": settings.SILKBRIDGE_DIGEST_HOUR}

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        """The form filled with the user's current profile."""
        initial = {
            "full_name": user.full_name,
            "language": user.language,
            "time_zone": user.time_zone,
            "email_notifications": user.email_notifications,
        }
        return cls(data=data, initial=initial)

    def clean_email_notifications(self) -> str | None:
        """None (keep the current choice) when the field was not sent."""
        return self.cleaned_data.get("email_notifications") or None


class APITokenForm(InvalidFieldsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “CRM sync”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Leave empty for a token that does not expire."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def expires_at(self):
        """The expiry moment the user asked for, or None for no expiry."""
        days = self.cleaned_data.get("expires_in_days")
        return timezone.now() + timedelta(days=days) if days else None


class InvitationForm(InvalidFieldsMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PersonRole.choices,
        initial=PersonRole.MEMBER,
        help_text=_("Admins can edit the organisation's profile and invite people."),
    )


class AcceptInvitationForm(InvalidFieldsMixin, forms.Form):
    """Name and password for an invitee who has no account yet."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirmation = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and the privacy notice."),
        error_messages={
            "required": _("Accept the terms of use and the privacy notice to create an account.")
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_validators_help_text_html()

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("password")
            and data.get("password_confirmation")
            and data["password"] != data["password_confirmation"]
        ):
            self.add_error("password_confirmation", _("The two passwords do not match."))
        return data
