"""The organisers' actions on many participants at once: approve or refuse a selection of
registrations, and message all participants or a filtered group.

A selection is checked whole before anything is written: one id that is not a registration of
the forum refuses the lot. Each registration is then decided by the same conditional update as
one at a time (`services.decide_participant`), so a registration someone else decided a moment
ago is counted as skipped, not decided twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.forums import permissions, selectors, services
from silkbridge.forums.models import Event, ForumMessage, Participant, ParticipantStatus
from silkbridge.notifications.services import notify
from silkbridge.notifications.services import people_of as organisation_people

#: A selection larger than this is a mistake, not a decision (pages show 25 at a time).
MAX_SELECTION = 500


@dataclass(frozen=True)
class Decided:
    decided: list[Participant]
    skipped: list[Participant]  # already in the chosen state, or withdrawn


def decide_many(
    *, actor: User, event: Event, participant_ids: Iterable[int], approve: bool
) -> Decided:
    """Approve (or refuse) every selected registration that is not already so."""
    services.require_organiser(actor, event)
    ids = sorted({int(pk) for pk in participant_ids})
    if not ids:
        raise services.field_error(
            "participants", _("Select at least one registration."), "required"
        )
    if len(ids) > MAX_SELECTION:
        raise services.field_error(
            "participants",
            _("Select at most %(count)d registrations at once.") % {"count": MAX_SELECTION},
            "too_many",
        )
    chosen = list(
        Participant.objects.filter(event=event, pk__in=ids)
        .select_related("organisation", "event")
        .order_by("pk")
    )
    if len(chosen) != len(ids):
        raise services.field_error(
            "participants", _("Some of these registrations are not part of this forum."), "invalid"
        )
    target = ParticipantStatus.APPROVED if approve else ParticipantStatus.REJECTED
    decided, skipped = [], []
    with transaction.atomic():
        for participant in chosen:
            if participant.status in (target, ParticipantStatus.WITHDRAWN):
                skipped.append(participant)
                continue
            try:
                with transaction.atomic():
                    services.decide_participant(
                        actor=actor, participant=participant, approve=approve
                    )
            except ValidationError:
                skipped.append(participant)  # decided by someone else meanwhile
            else:
                decided.append(participant)
    return Decided(decided, skipped)


def audience_of(event: Event, filters: selectors.ParticipantFilters):
    """The registrations a message with these filters reaches: never withdrawn or refused ones
    unless the organiser filtered for that status."""
    found = selectors.participants(event, filters, organiser=True)
    if not filters.status:
        found = found.exclude(status__in=[ParticipantStatus.WITHDRAWN, ParticipantStatus.REJECTED])
    return found


def message_participants(
    *,
    actor: User,
    event: Event,
    filters: selectors.ParticipantFilters,
    subject: str,
    body: str,
    audience: str = "",
) -> ForumMessage:
    """Send a message to every registration the filters select; their people are notified
    (in the app, and by e-mail as each person chose)."""
    services.require_organiser(actor, event)
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Give the message a subject.")
    elif len(subject) > ForumMessage.SUBJECT_MAX_LENGTH:
        errors["subject"] = _("Keep the subject under %(count)d characters.") % {
            "count": ForumMessage.SUBJECT_MAX_LENGTH
        }
    if not body:
        errors["body"] = _("Write the message.")
    elif len(body) > ForumMessage.BODY_MAX_LENGTH:
        errors["body"] = _("Keep the message under %(count)d characters.") % {
            "count": ForumMessage.BODY_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    recipients = list(audience_of(event, filters).order_by("pk"))
    if not recipients:
        raise ValidationError(
            _("No registration matches these filters: nobody would get the message."),
            code="nobody",
        )
    with transaction.atomic():
        message = ForumMessage.objects.create(
            event=event, subject=subject, body=body, sent_by=actor, audience=audience[:300]
        )
        message.recipients.set(recipients)
        url = reverse("forums:message", kwargs={"slug": event.slug, "pk": message.pk})
        for participant in recipients:
            notify(
                organisation_people(participant.organisation_id),
                "forum_message",
                url=url,
                params={"event": event.name, "subject": subject},
                exclude=actor,
            )
    return message


def can_read_message(user, message: ForumMessage) -> bool:
    """The organisers, and the people of an organisation the message went to."""
    if permissions.can_organise(user, message.event):
        return True
    return message.recipients.filter(
        pk__in=[p.pk for p in permissions.my_participants(user, message.event)]
    ).exists()
