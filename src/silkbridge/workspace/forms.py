"""Forms for working groups: input parsing only; the rules live in services and actions."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.workspace.models import (
    MINUTES_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ActionStatus,
    GroupMeeting,
    Role,
    WorkingGroup,
)
from silkbridge.workspace.validation import time_zone_names

DEFAULT_ZONES = ("Asia/Almaty", "Asia/Karachi", "UTC")


@cache
def zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in sorted(time_zone_names())]


def apply_errors(form: forms.Form, error: ValidationError, prefix: str = "") -> None:
    """Show a service's errors on the form's fields (others at the top of the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.error_dict.items():
        name = field[len(prefix) :] if prefix and field.startswith(prefix) else field
        form.add_error(name if name in form.fields else None, messages)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = forms.ModelChoiceField(
        label=_("Sub-group of"),
        queryset=WorkingGroup.objects.filter(parent__isnull=True, is_active=True),
        required=False,
        empty_label=_("None (a working group of its own)"),
    )


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("The person must have a Silkbridge account.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    organisation = forms.CharField(
        label=_("On behalf of"),
        required=False,
        help_text=_(
            "The organisation's short name in the directory; needed only when the person "
            "belongs to several."
        ),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this e-mail address."), code="unknown")
        return user

    def clean_organisation(self) -> Organisation | None:
        name = self.cleaned_data["organisation"].strip().strip("/").rsplit("/", 1)[-1]
        if not name:
            return None
        organisation = Organisation.objects.filter(slug=name).first()
        if organisation is None:
            raise ValidationError(
                _("No organisation in the directory has this short name."), code="unknown"
            )
        return organisation


class MeetingForm(forms.Form):
    """Start and end are read as wall-clock times in the meeting's own time zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    time_zone = forms.ChoiceField(label=_("Time zone of the meeting"), initial="Asia/Almaty")
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line."),
    )

    def __init__(self, *args, meeting: GroupMeeting | None = None, **kwargs) -> None:
        if meeting is not None:
            zone = ZoneInfo(meeting.time_zone)
            kwargs.setdefault(
                "initial",
                {
                    "title": meeting.title,
                    "starts_at": meeting.starts_at.astimezone(zone).replace(tzinfo=None),
                    "ends_at": meeting.ends_at.astimezone(zone).replace(tzinfo=None),
                    "time_zone": meeting.time_zone,
                    "place": meeting.place,
                    "video_link": meeting.video_link,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()
        if meeting is not None:
            del self.fields["agenda"]

    def clean(self) -> dict:
        data = super().clean()
        zone_name = data.get("time_zone")
        if zone_name:
            zone = ZoneInfo(zone_name)
            for field in ("starts_at", "ends_at"):
                value = data.get(field)
                if isinstance(value, datetime):
                    wall = timezone.make_naive(value) if timezone.is_aware(value) else value
                    data[field] = wall.replace(tzinfo=zone)
        return data

    def agenda_lines(self) -> list[str]:
        return (self.cleaned_data.get("agenda") or "").splitlines()


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=MINUTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, meeting: GroupMeeting, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "minutes": meeting.minutes,
                "present": list(
                    meeting.attendance.filter(present=True).values_list("user_id", flat=True)
                ),
            },
        )
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = User.objects.filter(group_memberships__group=meeting.group).order_by(
            "full_name", "id"
        )
        field.label_from_instance = lambda user: user.get_full_name() or user.email


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=None, required=False, empty_label=_("None")
    )

    def __init__(self, *args, meeting: GroupMeeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner_user = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The owner's organisation"),
    )
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("Details"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_user"]
        owner.queryset = User.objects.filter(group_memberships__group=group).order_by(
            "full_name", "id"
        )
        owner.label_from_instance = lambda user: user.get_full_name() or user.email
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(
            working_groups__group=group
        ).order_by("name")


class BaseActionFormSet(forms.BaseFormSet):
    """Blank rows are ignored: a decision may have no action items."""

    def filled(self) -> list[ActionForm]:
        return [form for form in self.forms if form.has_changed()]


ActionFormSet = forms.formset_factory(ActionForm, formset=BaseActionFormSet, extra=3)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    expected = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("A PDF or an image (PNG, JPEG, WebP or GIF).")
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=None, required=False, empty_label=_("The whole group")
    )

    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = group.meetings.all()


class OverviewFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=WorkingGroup.objects.all(),
        required=False,
        empty_label=_("All groups"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open or in progress")), *list(ActionStatus.choices)],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
