"""Who attends each meeting for each side: one of the participant's representatives.

The scheduler lets a participant hold as many meetings in a slot as it has representatives, so
someone must say which person takes which. The organisation's admin (or an organiser) chooses;
every meeting left without a choice, or whose choice no longer holds, gets a default here, after
every run of the scheduler and every move: the representative free in that slot with the fewest
meetings so far. A person is never put in two meetings of one slot.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import PersonRole
from silkbridge.directory.permissions import AnyUser, organisation_role
from silkbridge.forums import permissions
from silkbridge.forums.models import Event, Meeting, MeetingStatus, Participant, Representative

__all__ = [
    "assign_defaults",
    "attendee_of",
    "can_choose_representative",
    "choose_representative",
]

SIDES = ("a", "b")


def can_choose_representative(user: AnyUser, participant: Participant) -> bool:
    """The organisation's admins and the forum's organisers say who attends."""
    return organisation_role(user, participant.organisation) == PersonRole.ADMIN or (
        permissions.can_organise(user, participant.event)
    )


def attendee_of(meeting: Meeting, participant_id: int) -> Representative | None:
    """The representative who attends `meeting` for the participant, if one is set."""
    if participant_id == meeting.a_id:
        return meeting.a_representative
    if participant_id == meeting.b_id:
        return meeting.b_representative
    return None


def _live(event: Event):
    return Meeting.objects.filter(event=event).exclude(status=MeetingStatus.CANCELLED)


def assign_defaults(event: Event, *, slot_ids: set[int] | None = None) -> int:
    """Give every live meeting side without a valid representative a free one (in `slot_ids`
    only, when given); returns how many sides changed. A choice that still holds (the person
    represents that side and is not in another meeting of the slot) is kept."""
    live = _live(event)
    if slot_ids is not None:
        live = live.filter(slot_id__in=slot_ids)
    meetings = list(live.order_by("slot__starts_at", "pk"))
    people: dict[int, list[Representative]] = defaultdict(list)
    for rep in Representative.objects.filter(participant__event=event).order_by("pk"):
        people[rep.participant_id].append(rep)
    by_id = {rep.pk: rep for reps in people.values() for rep in reps}
    busy: dict[int, set[int]] = defaultdict(set)  # slot id -> user ids taken
    load: Counter[int] = Counter()  # representative id -> meetings so far
    pending: list[tuple[Meeting, str]] = []
    # First keep every choice that holds, so defaults never take a chosen person's place.
    for meeting in meetings:
        for side in SIDES:
            rep = by_id.get(getattr(meeting, f"{side}_representative_id"))
            owner = getattr(meeting, f"{side}_id")
            if (
                rep is not None
                and rep.participant_id == owner
                and rep.user_id not in busy[meeting.slot_id]
            ):
                busy[meeting.slot_id].add(rep.user_id)
                load[rep.pk] += 1
            else:
                pending.append((meeting, side))
    changed: dict[int, dict[str, int | None]] = defaultdict(dict)
    for meeting, side in pending:
        free = [
            rep
            for rep in people.get(getattr(meeting, f"{side}_id"), [])
            if rep.user_id not in busy[meeting.slot_id]
        ]
        chosen = min(free, key=lambda rep: (load[rep.pk], rep.pk)) if free else None
        if chosen is not None:
            busy[meeting.slot_id].add(chosen.user_id)
            load[chosen.pk] += 1
        new_id = chosen.pk if chosen else None
        if getattr(meeting, f"{side}_representative_id") != new_id:
            changed[meeting.pk][f"{side}_representative_id"] = new_id
    by_pk = {meeting.pk: meeting for meeting in meetings}
    for pk, values in changed.items():
        for name, value in values.items():
            setattr(by_pk[pk], name, value)
    # One statement per batch: a run over thousands of meetings stays quick.
    Meeting.objects.bulk_update(
        [by_pk[pk] for pk in changed],
        ["a_representative", "b_representative"],
        batch_size=500,
    )
    return sum(len(values) for values in changed.values())


@transaction.atomic
def choose_representative(
    *, actor: User, meeting: Meeting, participant: Participant, representative: Representative
) -> Meeting:
    """Name who attends `meeting` for `participant`. When that person is already in another of
    the participant's meetings in the same slot, the two swap; a person in another meeting of
    the slot for someone else is refused."""
    if participant.pk not in (meeting.a_id, meeting.b_id):
        raise PermissionDenied(_("This organisation does not take part in this meeting."))
    if not can_choose_representative(actor, participant):
        raise PermissionDenied(_("Only the organisation's admins can choose who attends."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."), code="cancelled")
    if representative.participant_id != participant.pk:
        raise ValidationError(
            {"representative": _("Choose one of this organisation's representatives.")},
            code="not_representative",
        )
    Event.objects.select_for_update().filter(pk=meeting.event_id).first()
    meeting.refresh_from_db()
    side = "a" if participant.pk == meeting.a_id else "b"
    current = getattr(meeting, f"{side}_representative_id")
    user_id = representative.user_id
    others = (
        _live(meeting.event)
        .filter(slot_id=meeting.slot_id)
        .filter(Q(a_representative__user=user_id) | Q(b_representative__user=user_id))
        .exclude(pk=meeting.pk)
        .select_related("a_representative", "b_representative")
    )
    for other in others:
        rep_a = other.a_representative
        other_side = "a" if rep_a is not None and rep_a.user_id == user_id else "b"
        if getattr(other, f"{other_side}_id") != participant.pk:
            name = representative.user.get_full_name() or representative.user.email
            raise ValidationError(
                {
                    "representative": _("%(name)s already attends another meeting at this time.")
                    % {"name": name}
                },
                code="busy",
            )
        Meeting.objects.filter(pk=other.pk).update(
            **{f"{other_side}_representative_id": current, "updated_at": timezone.now()}
        )
    Meeting.objects.filter(pk=meeting.pk).update(
        **{f"{side}_representative_id": representative.pk, "updated_at": timezone.now()}
    )
    assign_defaults(meeting.event)
    meeting.refresh_from_db()
    return meeting
