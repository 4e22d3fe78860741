"""Forms for forum pages: input only; the rules live in services, whose field errors the views
put back on these forms."""

from __future__ import annotations

import datetime as dt
import itertools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Term
from silkbridge.forums.models import (
    MAX_TABLES,
    MESSAGE_MAX_LENGTH,
    Event,
    ForumMessage,
    Mark,
    MeetingLength,
    ParticipantStatus,
    ParticipationType,
    TimeSlot,
    time_zone_names,
)
from silkbridge.forums.services import EVENT_FIELDS


def pair_choices() -> list[tuple[str, str]]:
    labels = dict(ParticipationType.choices)
    codes = list(labels)
    return [
        (f"{a}:{b}", f"{labels[a]} ↔ {labels[b]}")
        for a, b in itertools.combinations_with_replacement(codes, 2)
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SlotGrid(forms.CheckboxSelectMultiple):
    """Availability ticks grouped by session, each session's slots on one wrapping row."""

    template_name = "forums/widgets/slot_grid.html"


class EventForm(forms.ModelForm):
    """Create or edit a forum; organisers are named by e-mail address."""

    allowed_pairs = forms.MultipleChoiceField(
        label=_("Who may request whom"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to let any type request any other."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Times of sessions and agendas are in this zone."),
    )
    organiser_emails = forms.CharField(
        label=_("Other organisers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E-mail addresses of their accounts, one per line."),
    )

    class Meta:
        model = Event
        fields = [f for f in EVENT_FIELDS if f != "allowed_pairs"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allowed_pairs"].choices = pair_choices()
        self.fields["time_zone"].choices = [(name, name) for name in sorted(time_zone_names())]
        self.fields["time_zone"].initial = "Asia/Almaty"
        if self.instance.pk:
            self.initial["allowed_pairs"] = [f"{a}:{b}" for a, b in self.instance.allowed_pairs]
            self.initial["organiser_emails"] = "\n".join(
                self.instance.organisers.order_by("email").values_list("email", flat=True)
            )

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data

    def clean_allowed_pairs(self) -> list[list[str]]:
        return [value.split(":") for value in self.cleaned_data["allowed_pairs"]]

    def clean_organiser_emails(self) -> list[User]:
        emails = [e.strip().lower() for e in self.cleaned_data["organiser_emails"].split()]
        emails = [e for e in emails if e]
        users = list(User.objects.filter(email__in=emails, is_active=True))
        missing = set(emails) - {u.email.lower() for u in users}
        if missing:
            raise ValidationError(
                _("No account has the address %(email)s.") % {"email": sorted(missing)[0]}
            )
        return users

    def event_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in EVENT_FIELDS}
        return data


class SessionForm(forms.Form):
    """A session in the event's local time; it is cut into slots of the chosen length."""

    name = forms.CharField(label=_("Name"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    slot_minutes = forms.TypedChoiceField(
        label=_("Slot length"), choices=MeetingLength.choices, coerce=int
    )
    tables = forms.IntegerField(label=_("Tables per slot"), min_value=0, max_value=MAX_TABLES)
    virtual_rooms = forms.IntegerField(
        label=_("Virtual rooms per slot"), min_value=0, max_value=MAX_TABLES
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        self.event = event
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = _("In the forum's time zone (%(zone)s).") % {
            "zone": event.time_zone
        }
        self.initial.setdefault("slot_minutes", event.meeting_minutes)
        self.initial.setdefault("tables", event.default_tables)
        self.initial.setdefault("virtual_rooms", event.default_virtual_rooms)

    def _local(self, value: dt.datetime | None) -> dt.datetime | None:
        """The browser sends a wall-clock time: it is the event's, whatever the user's zone."""
        if value is None:
            return None
        return timezone.make_aware(timezone.make_naive(value).replace(tzinfo=None), self.event.zone)

    def clean_starts_at(self) -> dt.datetime | None:
        return self._local(self.cleaned_data.get("starts_at"))

    def clean_ends_at(self) -> dt.datetime | None:
        return self._local(self.cleaned_data.get("ends_at"))


class SlotCapacityForm(forms.Form):
    tables = forms.IntegerField(label=_("Tables"), min_value=0, max_value=MAX_TABLES)
    virtual_rooms = forms.IntegerField(label=_("Virtual rooms"), min_value=0, max_value=MAX_TABLES)


class RegistrationForm(forms.Form):
    """Register an organisation, or change a registration: type, pitch, representatives and
    the slots it can meet in (all by default)."""

    participation_type = forms.ChoiceField(
        label=_("Taking part as"), choices=ParticipationType.choices
    )
    pitch = forms.CharField(
        label=_("What you offer and look for"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    representatives = forms.ModelMultipleChoiceField(
        label=_("Representatives"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each representative can hold a meeting at the same time as the others."),
    )
    available_slots = forms.ModelMultipleChoiceField(
        label=_("Available"),
        queryset=TimeSlot.objects.none(),
        widget=SlotGrid,
        required=False,
        help_text=_("Untick the slots in which you cannot meet."),
    )

    def __init__(self, *args, event: Event, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representatives"].queryset = User.objects.filter(
            people__organisation=organisation, is_active=True
        ).order_by("full_name", "email")
        self.fields["representatives"].label_from_instance = lambda u: u.get_full_name() or u.email
        self.fields["available_slots"].queryset = event.slots.order_by("order")
        # Slots grouped by session (the grid the participant ticks), times in the event's zone.
        zone = event.zone

        def hhmm(value: dt.datetime) -> str:
            return f"{timezone.localtime(value, zone):%H:%M}"

        def day(value: dt.datetime) -> str:
            return date_format(timezone.localtime(value, zone), "D j M")

        self.fields["available_slots"].choices = [
            (
                f"{session.name} · {day(session.starts_at)}",
                [(s.pk, f"{hhmm(s.starts_at)}–{hhmm(s.ends_at)}") for s in session.slots.all()],
            )
            for session in event.sessions.prefetch_related("slots")
        ]
        if not self.is_bound and "available_slots" not in self.initial:
            self.initial["available_slots"] = list(event.slots.values_list("pk", flat=True))


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    participation_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Any type")), *ParticipationType.choices],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ParticipantStatus.choices],
    )

    def __init__(self, *args, organiser: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django_countries import countries

        self.fields["country"].choices = [("", _("Any country"))] + [
            (code, countries.name(code)) for code in settings.SILKBRIDGE_COUNTRIES
        ]
        self.fields["sector"].choices = [("", _("Any sector"))] + [
            (term.slug, term.label)
            for term in Term.objects.filter(vocabulary="sector").order_by("label_en")
        ]
        if not organiser:
            del self.fields["status"]


class ProposedSlotsField(forms.ModelMultipleChoiceField):
    """Slots shown as "Tue 12 May 10:00–10:30" in the event's time zone."""

    def label_from_instance(self, slot: TimeSlot) -> str:
        zone = slot.event.zone
        start = timezone.localtime(slot.starts_at, zone)
        end = timezone.localtime(slot.ends_at, zone)
        return f"{date_format(start, 'D j M')} {start:%H:%M}–{end:%H:%M}"


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you want to meet: the other side sees it with your request."),
    )
    mark = forms.ChoiceField(
        label=_("How much do you want this meeting?"),
        required=False,
        choices=[
            ("", _("No preference")),
            (Mark.MUST, Mark.MUST.label),
            (Mark.WOULD, Mark.WOULD.label),
        ],
    )
    proposed_slots = ProposedSlotsField(
        label=_("Proposed times (up to three)"),
        queryset=TimeSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The schedule honours them where it can; leave empty for any time."),
    )

    def __init__(self, *args, sender=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if sender is None:
            del self.fields["proposed_slots"]
        else:
            self.fields["proposed_slots"].queryset = sender.available_slots.select_related(
                "event"
            ).order_by("starts_at")


class MarkForm(forms.Form):
    mark = forms.ChoiceField(
        label=_("Preference"), required=False, choices=[("", _("No preference")), *Mark.choices]
    )


class RunForm(forms.Form):
    allow_moves = forms.BooleanField(
        label=_("Allow published meetings to move"),
        required=False,
        help_text=_(
            "Otherwise published meetings stay where they are and only new ones are placed."
        ),
    )
    time_limit = forms.IntegerField(
        label=_("Time budget (seconds)"),
        required=False,
        min_value=1,
        help_text=_("More time lets the scheduler get closer to the best possible schedule."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = int(settings.SCHEDULE_MAX_TIME_LIMIT)
        field = self.fields["time_limit"]
        field.max_value = most
        field.validators.append(MaxValueValidator(most))
        field.widget.attrs.update(max=most, min=1)
        field.initial = int(settings.SCHEDULE_TIME_LIMIT)


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=TimeSlot.objects.none())
    table = forms.IntegerField(label=_("Table"), min_value=1, required=False)
    virtual = forms.BooleanField(label=_("Virtual room"), required=False)

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.order_by("order")
        zone = event.zone
        self.fields["slot"].label_from_instance = lambda s: date_format(
            timezone.localtime(s.starts_at, zone), "D j M H:i"
        )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("virtual") and not data.get("table"):
            self.add_error("table", _("Choose a table, or a virtual room."))
        return data


class SwapForm(forms.Form):
    other = forms.IntegerField(label=_("Meeting to swap with (number)"), min_value=1)


class MessageForm(ParticipantFilterForm):
    """A message to the registrations the filters select (organisers)."""

    subject = forms.CharField(label=_("Subject"), max_length=ForumMessage.SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=ForumMessage.BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, organiser=True, **kwargs)

    def audience_words(self) -> str:
        """The chosen filters in words, e.g. "Country: Pakistan · Status: Approved"."""
        parts = []
        for name in ("q", "country", "participation_type", "sector", "status"):
            value = self.cleaned_data.get(name)
            if value:
                field = self.fields[name]
                shown = dict(getattr(field, "choices", [])).get(value, value)
                parts.append(f"{field.label}: {shown}")
        return " · ".join(parts) or str(_("Everyone registered"))
