"""After the forum: a reminder to give feedback, and each participant's own figures (requests
received, meetings held, follow-ups) that its people can see about themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from silkbridge.accounts.models import User
from silkbridge.forums import services
from silkbridge.forums.agenda import agenda_url
from silkbridge.forums.models import (
    Event,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    RequestStatus,
)
from silkbridge.notifications.services import notify, people_of


def _feedback_due(participant: Participant, now: datetime):
    """The participant's meetings that took place (held, or published and over) without its
    feedback."""
    given = MeetingFeedback.objects.filter(participant=participant).values("meeting_id")
    return (
        Meeting.objects.filter(Q(a=participant) | Q(b=participant))
        .filter(
            Q(status=MeetingStatus.HELD) | Q(status=MeetingStatus.PUBLISHED, slot__ends_at__lte=now)
        )
        .exclude(pk__in=given)
    )


def remind_feedback(*, actor: User | None, event: Event, now: datetime | None = None) -> int:
    """Remind each approved participant that owes feedback, once: returns how many were told.
    `actor` None is the platform itself (the event being closed); otherwise an organiser."""
    if actor is not None:
        services.require_organiser(actor, event)
    now = now or timezone.now()
    told = 0
    participants = event.participants.filter(
        status=ParticipantStatus.APPROVED, feedback_reminded_at__isnull=True
    ).select_related("event")
    for participant in participants:
        due = _feedback_due(participant, now).count()
        if not due:
            continue
        with transaction.atomic():
            # Claimed by a conditional update, so two reminders at once tell each side once.
            claimed = Participant.objects.filter(
                pk=participant.pk, feedback_reminded_at__isnull=True
            ).update(feedback_reminded_at=now)
            if not claimed:
                continue
            notify(
                people_of(participant.organisation_id),
                "forum_feedback_reminder",
                url=agenda_url(participant),
                params={"event": event.name, "count": due},
            )
        told += 1
    return told


@dataclass(frozen=True)
class OwnFigures:
    """What a participant can see about itself at one forum."""

    requests_received: int
    requests_sent: int
    requests_accepted: int
    meetings_scheduled: int
    meetings_held: int
    no_shows: int
    feedback_given: int
    feedback_due: int
    follow_ups_planned: int
    introductions: int
    ventures: int


def own_figures(participant: Participant, now: datetime | None = None) -> OwnFigures:
    now = now or timezone.now()
    requests = MeetingRequest.objects.filter(Q(sender=participant) | Q(receiver=participant))
    meetings = Meeting.objects.filter(Q(a=participant) | Q(b=participant))
    feedback = MeetingFeedback.objects.filter(participant=participant)
    meeting_ids = list(meetings.values_list("pk", flat=True))
    from silkbridge.ventures.models import Venture, VentureOrigin

    ventures = Venture.objects.filter(
        origin=VentureOrigin.B2B_MEETING,
        origin_content_type=ContentType.objects.get_for_model(Meeting),
        origin_object_id__in=meeting_ids,
    ).count()
    return OwnFigures(
        requests_received=requests.filter(receiver=participant).count(),
        requests_sent=requests.filter(sender=participant).count(),
        requests_accepted=requests.filter(status=RequestStatus.ACCEPTED).count(),
        meetings_scheduled=meetings.filter(
            status__in=[MeetingStatus.PUBLISHED, MeetingStatus.HELD, MeetingStatus.NO_SHOW]
        ).count(),
        meetings_held=meetings.filter(status=MeetingStatus.HELD).count(),
        no_shows=meetings.filter(status=MeetingStatus.NO_SHOW).count(),
        feedback_given=feedback.count(),
        feedback_due=_feedback_due(participant, now).count(),
        follow_ups_planned=feedback.filter(follow_up_planned=True).count(),
        introductions=meetings.filter(introduction__isnull=False).count(),
        ventures=ventures,
    )
