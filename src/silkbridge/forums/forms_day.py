"""Forms of the on-the-day pages: check-in, walk-in booking and feedback after a meeting."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.forums.day_services import NOTES_MAX_LENGTH
from silkbridge.forums.models import (
    Event,
    Meeting,
    Participant,
    ParticipantStatus,
    Representative,
    TimeSlot,
)


class CheckInForm(forms.Form):
    token = forms.CharField(
        label=_("Check-in code"),
        max_length=300,
        help_text=_("Scan the participant's QR code or type the code printed under it."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


class MarkForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("held", _("Held")), ("no_show", _("No-show"))], widget=forms.HiddenInput
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot: TimeSlot) -> str:
        start = timezone.localtime(slot.starts_at, slot.event.zone)
        end = timezone.localtime(slot.ends_at, slot.event.zone)
        return f"{start:%d.%m %H:%M}–{end:%H:%M}"


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, participant: Participant) -> str:
        return participant.organisation.name


class WalkInForm(forms.Form):
    """Book a meeting into a free table now. A participant's people book for their own
    participant (the form then has no `a`); organisers choose both sides."""

    slot = SlotChoiceField(label=_("Time slot"), queryset=TimeSlot.objects.none())
    a = ParticipantChoiceField(label=_("Participant"), queryset=Participant.objects.none())
    b = ParticipantChoiceField(label=_("Meet with"), queryset=Participant.objects.none())
    table = forms.IntegerField(
        label=_("Table"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for the first free table."),
    )
    virtual = forms.BooleanField(label=_("Meet online instead of at a table"), required=False)

    def __init__(self, *args, event: Event, own: Participant | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.now()
        slots = TimeSlot.objects.filter(event=event, ends_at__gt=now).select_related("event")
        self.fields["slot"].queryset = slots.order_by("starts_at")
        approved = (
            Participant.objects.filter(event=event, status=ParticipantStatus.APPROVED)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["a"].queryset = approved
        self.fields["b"].queryset = approved.exclude(pk=own.pk) if own else approved
        if own is not None:
            del self.fields["a"]  # the participant books for itself, whatever is posted


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the meeting?"),
        coerce=int,
        choices=[
            (5, _("5 – excellent")),
            (4, _("4 – good")),
            (3, _("3 – fair")),
            (2, _("2 – poor")),
            (1, _("1 – not useful")),
        ],
        widget=forms.RadioSelect,
    )
    follow_up_planned = forms.TypedChoiceField(
        label=_("Do you plan to follow up with this partner?"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes (the other party does not see them)"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RepresentativeForm(forms.Form):
    """Who attends a meeting for one side: the side and one of its representatives (by user)."""

    participant = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Participant.objects.none(), widget=forms.HiddenInput
    )
    person = forms.IntegerField(label=_("Attends"), min_value=1)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            pk__in=[meeting.a_id, meeting.b_id]
        ).select_related("organisation", "event")

    def clean(self) -> dict:
        data = super().clean()
        participant, person = data.get("participant"), data.get("person")
        if participant is not None and person is not None:
            rep = (
                Representative.objects.select_related("user")
                .filter(participant=participant, user_id=person)
                .first()
            )
            if rep is None:
                self.add_error("person", _("Choose one of this organisation's representatives."))
            data["representative"] = rep
        return data
