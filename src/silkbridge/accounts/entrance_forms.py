"""allauth's forms for signing up, signing in and passwords, in the site's words and markup.

allauth's own catalogue has no Kazakh or Urdu, so every label and message a visitor reads is
replaced here by one of ours; the checks themselves (password validators, no account
enumeration, reset tokens) stay allauth's.
"""

from allauth.account import forms as allauth_forms
from allauth.socialaccount import forms as social_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from silkbridge.accounts.forms import InvalidFieldsMixin, language_choices, time_zone_choices


def _relabel(field: forms.Field, label, *, autocomplete: str = "", help_text="") -> forms.Field:
    """Our label on one of allauth's fields, without its English placeholder and help."""
    field.label = label
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)
    if autocomplete:
        field.widget.attrs["autocomplete"] = autocomplete
    return field


def _passwords_differ(form: forms.Form, first: str, second: str) -> None:
    data = form.cleaned_data
    if data.get(first) and data.get(second) and data[first] != data[second]:
        form.add_error(second, _("The two passwords do not match."))


class SignInForm(InvalidFieldsMixin, allauth_forms.LoginForm):
    """Sign-in by e-mail; the field keeps the name `username`, which django-axes and scripts
    that sign in already post."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("login")
        password = _relabel(self.fields.pop("password"), _("Password"))
        password.widget.attrs["autocomplete"] = "current-password"
        self.fields = {
            "username": forms.EmailField(
                label=_("E-mail"),
                max_length=254,
                widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
            ),
            "password": password,
        }

    def clean_username(self) -> str:
        # Lower-cased, so failed attempts on `A@x` and `a@x` count together.
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        if "username" in self.cleaned_data:
            self.cleaned_data["login"] = self.cleaned_data["username"]
        return super().clean()

    def user_credentials(self) -> dict:
        return {
            "email": self.cleaned_data["username"],
            "password": self.cleaned_data.get("password", ""),
        }


class PersonalDetailsFields(forms.Form):
    """What every new account gives, however it signs in: name, language, time zone and the
    acceptance of the terms and privacy notice (recorded by the adapter's save_user)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name.")},
    )
    language = forms.ChoiceField(label=_("Interface language"), choices=language_choices)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial="UTC",
        help_text=_("Dates and times are shown to you in this time zone."),
        error_messages={
            "invalid_choice": _("Choose a time zone from the list, such as Asia/Almaty.")
        },
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and the privacy notice."),
        error_messages={
            "required": _("Accept the terms of use and the privacy notice to create an account.")
        },
    )

    def _language_from_request(self) -> None:
        if not self.is_bound:
            language = translation.get_language()
            if language in dict(language_choices()):
                self.fields["language"].initial = language

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your full name."), code="required")
        return name


class SignUpForm(InvalidFieldsMixin, PersonalDetailsFields, allauth_forms.SignupForm):
    """A person's own account: address, password, name, language, time zone and consent."""

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "language",
        "time_zone",
        "accept_terms",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["email"], _("E-mail"), autocomplete="email")
        self.fields["email"].error_messages["required"] = _("Enter your e-mail address.")
        _relabel(
            self.fields["password1"],
            _("Password"),
            autocomplete="new-password",
            help_text=password_validators_help_text_html(),
        )
        # Our own confirmation field (ACCOUNT_SIGNUP_FIELDS leaves out allauth's password2,
        # whose message has no Kazakh or Urdu).
        self.fields["password2"] = forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        )
        self._language_from_request()
        self.order_fields(self.field_order)

    def clean(self) -> dict:
        data = super().clean()
        _passwords_differ(self, "password1", "password2")
        return data

    def try_save(self, request):
        if self.account_already_exists:
            # Hash the password all the same, so a taken address answers as slowly as a new one.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


def _name_from_provider(sociallogin) -> str:
    """The name an OpenID Connect provider gave (its userinfo, else the ID token), if any."""
    data = sociallogin.account.extra_data or {}
    claims = data.get("userinfo") or data.get("id_token") or data
    if not isinstance(claims, dict):
        return ""
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    return str(name or "")[:200]


class SocialSignUpForm(InvalidFieldsMixin, PersonalDetailsFields, social_forms.SignupForm):
    """A new account from single sign-on (SOCIALACCOUNT_FORMS): the provider vouches for the
    person, but the name, language, time zone and consent are asked as at sign-up, so no account
    exists without an accepted version of the terms and privacy notice."""

    field_order = ["full_name", "email", "language", "time_zone", "accept_terms"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["email"], _("E-mail"), autocomplete="email")
        self.fields["email"].error_messages["required"] = _("Enter your e-mail address.")
        if not self.is_bound:
            self.fields["full_name"].initial = _name_from_provider(self.sociallogin)
        self._language_from_request()
        self.order_fields(self.field_order)


class ResetPasswordForm(InvalidFieldsMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        email = _relabel(self.fields["email"], _("E-mail"), autocomplete="email")
        email.widget.attrs["autofocus"] = True


class ResetPasswordKeyForm(InvalidFieldsMixin, allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self.fields["password1"],
            _("New password"),
            autocomplete="new-password",
            help_text=password_validators_help_text_html(),
        )
        _relabel(self.fields["password2"], _("New password again"), autocomplete="new-password")

    def clean(self) -> dict:
        # Not allauth's mismatch check: its message is only in allauth's catalogue.
        data = forms.Form.clean(self)
        _passwords_differ(self, "password1", "password2")
        return data


class ChangePasswordForm(InvalidFieldsMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["oldpassword"], _("Current password"), autocomplete="current-password")
        _relabel(
            self.fields["password1"],
            _("New password"),
            autocomplete="new-password",
            help_text=password_validators_help_text_html(),
        )
        _relabel(self.fields["password2"], _("New password again"), autocomplete="new-password")

    def clean(self) -> dict:
        data = forms.Form.clean(self)
        _passwords_differ(self, "password1", "password2")
        return data


class ReauthenticateForm(InvalidFieldsMixin, allauth_forms.ReauthenticateForm):
    """The password asked again before a change to how the person signs in."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["password"], _("Password"), autocomplete="current-password")


class SetPasswordForm(InvalidFieldsMixin, allauth_forms.SetPasswordForm):
    """A first password for an account that signs in through single sign-on."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self.fields["password1"],
            _("New password"),
            autocomplete="new-password",
            help_text=password_validators_help_text_html(),
        )
        _relabel(self.fields["password2"], _("New password again"), autocomplete="new-password")

    def clean(self) -> dict:
        data = forms.Form.clean(self)
        _passwords_differ(self, "password1", "password2")
        return data
