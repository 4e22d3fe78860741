"""Meeting requests between participants: send, accept, decline, cancel, preference marks, and
the periodic expiry and reminder jobs.

Every answer is a conditional UPDATE on the pending state, so two people answering at once cannot
both win; one open request per pair is a database constraint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.forums import permissions
from silkbridge.forums.models import (
    MAX_PROPOSED_SLOTS,
    MESSAGE_MAX_LENGTH,
    OPEN_REQUEST_STATUSES,
    Event,
    Mark,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    RequestOrigin,
    RequestStatus,
    TimeSlot,
    pair_key,
)
from silkbridge.forums.services import field_error
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.notifications.services import notify, people_of

# Remind the receiver when this much of the answering time is left (at most a day).
REMINDER_SHARE = 0.25
REMINDER_MAX = dt.timedelta(hours=24)


def requests_url(event: Event) -> str:
    return reverse("forums:requests", kwargs={"slug": event.slug})


def _params(event: Event, organisation_name: str) -> dict:
    return {"event": event.name, "organisation": organisation_name}


def meetings_counted(participant: Participant) -> int:
    """Accepted requests: the meetings a participant has agreed to hold."""
    return MeetingRequest.objects.filter(
        Q(sender=participant) | Q(receiver=participant), status=RequestStatus.ACCEPTED
    ).count()


def requests_counted(participant: Participant) -> int:
    """Requests sent that still count against the cap (pending or accepted)."""
    return participant.sent_requests.filter(status__in=OPEN_REQUEST_STATUSES).count()


def check_pair(sender: Participant, receiver: Participant, actor: User | None = None) -> None:
    """Whether `sender` may ask `receiver` for a meeting under the event's rules; a
    ValidationError on the "receiver" field that says why not."""
    event = sender.event
    if receiver.event_id != sender.event_id:
        raise field_error("receiver", _("This organisation is not at the same forum."), "invalid")
    if receiver.pk == sender.pk:
        raise field_error(
            "receiver", _("You cannot request a meeting with yourself."), "self_request"
        )
    if actor is not None and receiver.organisation_id in member_organisation_ids(actor):
        raise field_error(
            "receiver",
            _("You belong to this organisation too: meet your own people outside the schedule."),
            "own_organisation",
        )
    if receiver.status != ParticipantStatus.APPROVED:
        raise field_error(
            "receiver", _("This organisation is not an approved participant."), "not_approved"
        )
    if event.cross_border_only and receiver.organisation.country == sender.organisation.country:
        raise field_error(
            "receiver",
            _("This forum is for cross-border meetings: choose an organisation abroad."),
            "same_country",
        )
    if event.allowed_pairs:
        pair = sorted([sender.participation_type, receiver.participation_type])
        if pair not in [sorted(p) for p in event.allowed_pairs]:
            raise field_error(
                "receiver",
                _("At this forum a %(mine)s may not request a meeting with a %(theirs)s.")
                % {
                    "mine": sender.get_participation_type_display().lower(),
                    "theirs": receiver.get_participation_type_display().lower(),
                },
                "pair_not_allowed",
            )


def _check_mark(mark: str, field: str) -> str:
    mark = mark or ""
    if mark and mark not in Mark.values:
        raise field_error(field, _("Select a valid choice."), "invalid")
    return mark


def send_request(
    *,
    actor: User,
    sender: Participant,
    receiver: Participant,
    message: str = "",
    mark: str = "",
    origin: str = RequestOrigin.MANUAL,
    proposed_slots: Iterable[TimeSlot | int] = (),
    now: dt.datetime | None = None,
) -> MeetingRequest:
    """Ask for a meeting, optionally proposing up to three times. With the event's auto-accept
    it is accepted at once; otherwise the receiver's people are asked and it expires after the
    event's answering time."""
    if not permissions.can_request_meetings(actor, sender):
        raise PermissionDenied(_("Only an approved participant's people can request meetings."))
    check_pair(sender, receiver, actor)
    proposed = check_proposed_slots(sender, proposed_slots)
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise field_error(
            "message",
            _("Please keep it under %(limit)d characters.") % {"limit": MESSAGE_MAX_LENGTH},
            "max_length",
        )
    mark = _check_mark(mark, "mark")
    if origin not in RequestOrigin.values:
        origin = RequestOrigin.MANUAL
    event = sender.event
    now = now or timezone.now()
    auto = event.auto_accept
    try:
        with transaction.atomic():
            # Serialise one sender's requests so the cap holds under concurrent sends.
            Participant.objects.select_for_update().filter(pk=sender.pk).first()
            if requests_counted(sender) >= event.max_requests_per_participant:
                raise ValidationError(
                    _("You have sent the most requests allowed at this forum (%(cap)d).")
                    % {"cap": event.max_requests_per_participant},
                    code="request_cap",
                )
            if auto:
                _check_meeting_cap(sender, receiver)
            with transaction.atomic():
                request = MeetingRequest.objects.create(
                    event=event,
                    sender=sender,
                    receiver=receiver,
                    pair=pair_key(sender.pk, receiver.pk),
                    message=message,
                    sender_mark=mark,
                    origin=origin,
                    created_by=actor,
                    created_at=now,
                    status=RequestStatus.ACCEPTED if auto else RequestStatus.PENDING,
                    responded_at=now if auto else None,
                    expires_at=None
                    if auto
                    else now + dt.timedelta(hours=event.request_expiry_hours),
                )
                request.proposed_slots.set(proposed)
            notify(
                people_of(receiver.organisation_id),
                "forum_request_accepted" if auto else "forum_request_received",
                url=requests_url(event),
                params=_params(event, sender.organisation.name),
                exclude=actor,
            )
    except IntegrityError as error:
        raise field_error(
            "receiver",
            _("There is already an open request between your organisations."),
            "duplicate",
        ) from error
    return request


def check_proposed_slots(sender: Participant, slots: Iterable[TimeSlot | int]) -> list[TimeSlot]:
    """At most MAX_PROPOSED_SLOTS slots of the event in which the sender is available."""
    ids = {slot if isinstance(slot, int) else slot.pk for slot in slots or ()}
    if len(ids) > MAX_PROPOSED_SLOTS:
        raise field_error(
            "proposed_slots",
            _("Propose at most %(count)d times.") % {"count": MAX_PROPOSED_SLOTS},
            "too_many",
        )
    found = list(TimeSlot.objects.filter(event=sender.event, pk__in=ids).order_by("starts_at"))
    if len(found) != len(ids):
        raise field_error(
            "proposed_slots", _("Some of these times are not part of this forum."), "invalid"
        )
    free = set(sender.available_slots.filter(pk__in=ids).values_list("pk", flat=True))
    if any(slot.pk not in free for slot in found):
        raise field_error(
            "proposed_slots",
            _("Propose only times in which your organisation is available."),
            "unavailable",
        )
    return found


def _check_meeting_cap(*sides: Participant) -> None:
    for side in sides:
        cap = side.event.max_meetings_per_participant
        if meetings_counted(side) >= cap:
            raise ValidationError(
                _("%(organisation)s already has the most meetings allowed (%(cap)d).")
                % {"organisation": side.organisation.name, "cap": cap},
                code="meeting_cap",
            )


def _answer(actor: User, request: MeetingRequest, status: str, mark: str = "") -> MeetingRequest:
    if not permissions.can_respond_to_request(actor, request):
        raise PermissionDenied(_("Only the receiving organisation can answer this request."))
    mark = _check_mark(mark, "mark")
    now = timezone.now()
    with transaction.atomic():
        if status == RequestStatus.ACCEPTED:
            _check_meeting_cap(request.receiver, request.sender)
        changes = {"status": status, "responded_by": actor, "responded_at": now}
        if mark:
            changes["receiver_mark"] = mark
        updated = (
            MeetingRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .update(**changes)
        )
        if not updated:
            request.refresh_from_db()
            if request.status == RequestStatus.PENDING:
                raise ValidationError(_("This request has expired."), code="expired")
            raise ValidationError(_("This request has already been answered."), code="not_pending")
        notify(
            people_of(request.sender.organisation_id),
            "forum_request_accepted"
            if status == RequestStatus.ACCEPTED
            else "forum_request_declined",
            url=requests_url(request.event),
            params=_params(request.event, request.receiver.organisation.name),
            exclude=actor,
        )
    request.refresh_from_db()
    return request


def accept_request(*, actor: User, request: MeetingRequest, mark: str = "") -> MeetingRequest:
    """The receiver agrees to meet; the meeting waits for the next scheduler run."""
    return _answer(actor, request, RequestStatus.ACCEPTED, mark)


def decline_request(*, actor: User, request: MeetingRequest) -> MeetingRequest:
    return _answer(actor, request, RequestStatus.DECLINED)


def set_mark(*, actor: User, request: MeetingRequest, mark: str) -> MeetingRequest:
    """Either side's preference (must / would / no thanks) weights the schedule."""
    mark = _check_mark(mark, "mark")
    mine = member_organisation_ids(actor)
    if request.sender.organisation_id in mine:
        field = "sender_mark"
    elif request.receiver.organisation_id in mine:
        field = "receiver_mark"
    else:
        raise PermissionDenied(_("Only the two organisations can mark this request."))
    updated = MeetingRequest.objects.filter(pk=request.pk, status__in=OPEN_REQUEST_STATUSES).update(
        **{field: mark}
    )
    if not updated:
        raise ValidationError(_("This request is closed."), code="closed")
    request.refresh_from_db()
    return request


def cancel_request(*, actor: User, request: MeetingRequest) -> MeetingRequest:
    """Either side (or an organiser) calls the meeting off. A scheduled meeting is cancelled;
    if it was published, the other side is told at once."""
    if not permissions.can_cancel_request(actor, request):
        raise PermissionDenied(_("Only the two organisations or an organiser can cancel this."))
    with transaction.atomic():
        updated = MeetingRequest.objects.filter(
            pk=request.pk, status__in=OPEN_REQUEST_STATUSES
        ).update(status=RequestStatus.CANCELLED, responded_at=timezone.now())
        if not updated:
            raise ValidationError(_("This request is already closed."), code="closed")
        meeting = (
            Meeting.objects.filter(request=request)
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("a__organisation", "b__organisation", "event")
            .first()
        )
        if meeting is not None:
            was_published = meeting.status != MeetingStatus.DRAFT
            Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
            if was_published:
                tell_cancelled(meeting, actor=actor)
    request.refresh_from_db()
    return request


def tell_cancelled(meeting: Meeting, *, actor: User) -> None:
    """Tell both sides' people (never the actor) that a published meeting is off."""
    for side, other in ((meeting.a, meeting.b), (meeting.b, meeting.a)):
        notify(
            people_of(side.organisation_id),
            "forum_meeting_cancelled",
            url=meeting.event.get_absolute_url(),
            params=_params(meeting.event, other.organisation.name),
            exclude=actor,
        )


# --- periodic jobs -----------------------------------------------------------------------------


def expire_requests(now: dt.datetime) -> int:
    """Pending requests past their answering time become expired; senders are told. Idempotent:
    a request expires once."""
    due = list(
        MeetingRequest.objects.filter(
            status=RequestStatus.PENDING, expires_at__isnull=False, expires_at__lte=now
        ).select_related("event", "sender__organisation", "receiver__organisation")
    )
    count = 0
    for request in due:
        with transaction.atomic():
            updated = MeetingRequest.objects.filter(
                pk=request.pk, status=RequestStatus.PENDING
            ).update(status=RequestStatus.EXPIRED, responded_at=now)
            if not updated:
                continue
            count += 1
            notify(
                people_of(request.sender.organisation_id),
                "forum_request_expired",
                url=requests_url(request.event),
                params=_params(request.event, request.receiver.organisation.name),
            )
    return count


def reminder_due(request: MeetingRequest) -> dt.datetime:
    """When to remind the receiver: a quarter of the answering time before expiry, at most a
    day before."""
    window = request.expires_at - request.created_at
    return request.expires_at - min(window * REMINDER_SHARE, REMINDER_MAX)


def remind_requests(now: dt.datetime) -> int:
    """Remind receivers of pending requests that expire soon, once per request."""
    candidates = MeetingRequest.objects.filter(
        status=RequestStatus.PENDING,
        reminded_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + REMINDER_MAX,
    ).select_related("event", "sender__organisation", "receiver__organisation")
    count = 0
    for request in candidates:
        if reminder_due(request) > now:
            continue
        with transaction.atomic():
            updated = MeetingRequest.objects.filter(
                pk=request.pk, status=RequestStatus.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not updated:
                continue
            count += 1
            local = timezone.localtime(request.expires_at, request.event.zone)
            notify(
                people_of(request.receiver.organisation_id),
                "forum_request_reminder",
                url=requests_url(request.event),
                params={
                    **_params(request.event, request.sender.organisation.name),
                    "date": local.date().isoformat(),
                },
            )
    return count
