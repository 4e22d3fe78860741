"""Forms for interests and introductions: input only, the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import Organisation
from silkbridge.introductions.models import (
    MESSAGE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    IntroductionStatus,
)


def _limit_to(field: forms.ModelChoiceField, organisations) -> None:
    """Offer only these organisations; with just one, it is chosen silently."""
    organisations = list(organisations or [])
    field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by(
        "name"
    )
    if len(organisations) == 1:
        field.initial = organisations[0].pk
        field.widget = forms.HiddenInput()


class InterestForm(forms.Form):
    """What the interested organisation offers and why; the organisation is asked for only when
    the user belongs to more than one."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you offer and why you are interested."),
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit_to(self.fields["organisation"], organisations)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProposeForm(forms.Form):
    """A member proposing an introduction from a directory profile."""

    from_organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Why do you want to be introduced?"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit_to(self.fields["from_organisation"], organisations)


class SecretariatIntroduceForm(forms.Form):
    """The secretariat putting the organisation on the page in touch with another one."""

    other = forms.ModelChoiceField(
        label=_("Introduce to"),
        queryset=Organisation.objects.active(),
        to_field_name="slug",
        # A text box, not a menu: the directory holds far too many organisations for one.
        widget=forms.TextInput(),
        help_text=_(
            "The other organisation's directory address: the last part of its page's link."
        ),
        error_messages={"invalid_choice": _("No organisation has this directory address.")},
    )
    message = forms.CharField(
        label=_("Message to both"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverviewFilterForm(forms.Form):
    """Filters of the secretariat's overview of every introduction."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *IntroductionStatus.choices],
    )
    broker = forms.ChoiceField(label=_("Broker"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, brokers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["broker"].choices = [
            ("", _("Anyone")),
            ("none", _("Nobody")),
        ] + [(str(user.pk), user.get_full_name() or user.email) for user in brokers]
