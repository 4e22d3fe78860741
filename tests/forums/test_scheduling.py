"""The scheduling adapter end to end: run → grid → move, swap, lock → publish → cancel → re-run
keeps published meetings fixed; every manual change is checked against the hard constraints."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import schedule_edits, scheduling, selectors
from silkbridge.forums.models import (
    Mark,
    Meeting,
    MeetingStatus,
    ParticipantStatus,
)
from silkbridge.notifications.models import Notification


@pytest.fixture
def accepted(forum, make_participant, person_of):
    """Three KZ and three PK participants; every KZ one meets every PK one (9 meetings, 4 slots
    of 2 tables: at most 8 fit, each side at most 4)."""

    def make(n=3):
        kz = [make_participant(forum, country="KZ", name=f"KZ {i}") for i in range(n)]
        pk = [make_participant(forum, country="PK", name=f"PK {i}") for i in range(n)]
        requests = []
        for a in kz:
            for b in pk:
                r = mr.send_request(actor=person_of(a), sender=a, receiver=b)
                requests.append(mr.accept_request(actor=person_of(b), request=r))
        return kz, pk, requests

    return make


def live(event):
    return list(Meeting.objects.filter(event=event).exclude(status=MeetingStatus.CANCELLED))


def test_run_places_meetings_without_breaking_rules(forum, accepted, secretariat):
    kz, pk, _requests = accepted()
    run = scheduling.run_schedule(actor=secretariat, event=forum)
    meetings = live(forum)
    assert run.report["placed"] == len(meetings) == 8
    assert run.report["upper_bound"] >= run.report["total_weight"]
    assert [row["reason"] for row in run.unplaced] == ["slots_full"]
    seats = {(m.slot_id, m.table) for m in meetings}
    assert len(seats) == 8 and all(1 <= m.table <= 2 for m in meetings)
    for p in kz + pk:
        slots = [m.slot_id for m in meetings if p.pk in (m.a_id, m.b_id)]
        assert len(slots) == len(set(slots))
    assert schedule_edits.conflicts(forum) == []
    rows, width = selectors.grid(forum)
    assert width == 2 and sum(1 for row in rows for cell in row.cells if cell) == 8
    assert all(m.status == MeetingStatus.DRAFT for m in meetings)


def test_unplaced_reasons_are_words(forum, accepted, secretariat, person_of):
    kz, pk, requests = accepted(1)
    # One side is free only in slot 1, the other only in slot 2.
    slots = list(forum.slots.order_by("order"))
    kz[0].available_slots.set([slots[0]])
    pk[0].available_slots.set([slots[1]])
    run = scheduling.run_schedule(actor=secretariat, event=forum)
    assert run.unplaced == [{"request": requests[0].pk, "reason": "no_common_slot"}]
    rows = selectors.unplaced(run)
    assert scheduling.reason_text(rows[0]["reason"]).startswith("The two organisations have")


def test_no_thanks_is_not_scheduled(forum, accepted, secretariat, person_of):
    _kz, pk, requests = accepted(1)
    mr.set_mark(actor=person_of(pk[0]), request=requests[0], mark=Mark.NO_THANKS)
    run = scheduling.run_schedule(actor=secretariat, event=forum)
    assert live(forum) == []
    assert run.unplaced == [{"request": requests[0].pk, "reason": "no_thanks"}]


def test_only_organisers_run_and_publish(forum, accepted, person_of, outsider):
    kz, _pk, _requests = accepted(1)
    for user in (person_of(kz[0]), outsider):
        with pytest.raises(PermissionDenied):
            scheduling.run_schedule(actor=user, event=forum)
        with pytest.raises(PermissionDenied):
            schedule_edits.publish(actor=user, event=forum)


def test_move_swap_lock_publish_cancel_rerun(forum, accepted, secretariat, person_of):
    kz, _pk, _requests = accepted(2)  # 4 meetings, each side 2
    scheduling.run_schedule(actor=secretariat, event=forum)
    meetings = sorted(live(forum), key=lambda m: (m.slot.order, m.table))
    slots = list(forum.slots.order_by("order"))
    first = meetings[0]

    # Moving onto a taken table, or to a slot a side is busy in, is refused in words.
    taken = next(m for m in meetings if m.pk != first.pk)
    with pytest.raises(ValidationError) as error:
        schedule_edits.move_meeting(
            actor=secretariat, meeting=first, slot=taken.slot, table=taken.table
        )
    assert "not free" in " ".join(error.value.messages) or "more meetings" in " ".join(
        error.value.messages
    )
    # A slot where one side is unavailable.
    side = first.a
    side.available_slots.remove(slots[-1])
    with pytest.raises(ValidationError) as error:
        schedule_edits.move_meeting(actor=secretariat, meeting=first, slot=slots[-1], table=2)
    assert "not available" in " ".join(error.value.messages)
    side.available_slots.add(slots[-1])

    # Swap two meetings and lock one.
    second = meetings[1]
    a_pos, b_pos = (first.slot_id, first.table), (second.slot_id, second.table)
    first, second = schedule_edits.swap_meetings(actor=secretariat, first=first, second=second)
    assert (first.slot_id, first.table) == b_pos and (second.slot_id, second.table) == a_pos
    schedule_edits.set_locked(actor=secretariat, meeting=first, locked=True)

    # Publish: every participant with meetings is told once.
    told = schedule_edits.publish(actor=secretariat, event=forum)
    assert told == 4
    assert all(m.status == MeetingStatus.PUBLISHED for m in live(forum))
    assert Notification.objects.filter(kind="forum_agenda_published").count() == 4
    positions = {m.pk: (m.slot_id, m.table) for m in live(forum)}

    # A side cancels one meeting: the other side is told at once.
    cancelled = meetings[2]
    mr.cancel_request(actor=person_of(cancelled.a), request=cancelled.request)
    assert Notification.objects.filter(
        kind="forum_meeting_cancelled", recipient=person_of(cancelled.b)
    ).exists()

    # A new accepted request joins; the re-run keeps the published meetings where they were.
    newcomer = make_newcomer(forum, person_of, kz[0])
    scheduling.run_schedule(actor=secretariat, event=forum)
    after = {m.pk: (m.slot_id, m.table) for m in live(forum) if m.status != MeetingStatus.DRAFT}
    del positions[cancelled.pk]
    assert after == positions
    new = Meeting.objects.get(request=newcomer)
    assert new.status == MeetingStatus.DRAFT

    # Publishing again tells only the two sides of the new meeting.
    Notification.objects.all().delete()
    assert schedule_edits.publish(actor=secretariat, event=forum) == 2
    told_users = set(
        Notification.objects.filter(kind="forum_agenda_changed").values_list("recipient", flat=True)
    )
    assert told_users == {person_of(new.a).pk, person_of(new.b).pk}


def make_newcomer(forum, person_of, kz_participant):
    from silkbridge.forums.models import Participant, Representative

    other = Participant.objects.filter(event=forum, organisation__country="PK").first()
    newcomer = Participant.objects.create(
        event=forum,
        organisation=type(other.organisation).objects.create(
            name="Karachi Newcomer", slug="karachi-newcomer", kind="company", country="PK"
        ),
        participation_type="any",
        status=ParticipantStatus.APPROVED,
    )
    from silkbridge.accounts.models import User
    from silkbridge.directory.models import Person

    user = User.objects.create_user(email="new@karachi.example.pk", password="x-y-z-w-1234")
    Person.objects.create(
        organisation=newcomer.organisation, user=user, full_name="N", email=user.email
    )
    Representative.objects.create(participant=newcomer, user=user)
    newcomer.available_slots.set(forum.slots.all())
    request = mr.send_request(actor=user, sender=newcomer, receiver=kz_participant)
    return mr.accept_request(actor=person_of(kz_participant), request=request)


def test_allow_moves_frees_published_meetings(forum, accepted, secretariat):
    accepted(1)
    scheduling.run_schedule(actor=secretariat, event=forum)
    schedule_edits.publish(actor=secretariat, event=forum)
    run = scheduling.run_schedule(actor=secretariat, event=forum, allow_moves=True)
    assert run.allow_moves and run.report["placed"] == 1
    assert len(live(forum)) == 1


def test_conflict_after_availability_change_blocks_publishing(forum, accepted, secretariat):
    kz, _pk, _requests = accepted(1)
    scheduling.run_schedule(actor=secretariat, event=forum)
    meeting = live(forum)[0]
    kz[0].available_slots.remove(meeting.slot)
    from django.utils import timezone

    when = timezone.localtime(meeting.slot.starts_at, forum.zone).strftime("%H:%M")
    texts = [c["text"] for c in schedule_edits.conflicts(forum)]
    assert texts == [f"{kz[0].organisation.name} is not available at {when}."]
    with pytest.raises(ValidationError):
        schedule_edits.publish(actor=secretariat, event=forum)


def test_virtual_meetings_get_a_video_link(forum, accepted, secretariat):
    forum.slots.update(tables=0, virtual_rooms=2)
    accepted(1)
    scheduling.run_schedule(actor=secretariat, event=forum)
    meeting = live(forum)[0]
    assert meeting.virtual and meeting.table is None
    assert meeting.video_link == f"https://meet.example/{forum.slug}-{meeting.pk}"


def test_walk_ins_keep_their_tables_through_a_run(forum, accepted, secretariat, make_participant):
    """A walk-in (no request) holds table 1 of the first slot; the run works around it."""
    accepted(2)
    first = forum.slots.order_by("order").first()
    x, y = make_participant(forum, country="KZ"), make_participant(forum, country="PK")
    walk_in = Meeting.objects.create(
        event=forum, a=x, b=y, slot=first, table=1, walk_in=True, status=MeetingStatus.PUBLISHED
    )
    run = scheduling.run_schedule(actor=secretariat, event=forum)
    assert run.report["placed"] == 4
    in_first = Meeting.objects.filter(slot=first).exclude(pk=walk_in.pk)
    assert all(m.table == 2 for m in in_first) and in_first.count() <= 1
    walk_in.refresh_from_db()
    assert (walk_in.slot_id, walk_in.table) == (first.pk, 1)
    assert schedule_edits.conflicts(forum) == []


def test_a_move_can_fix_a_conflict_and_others_stay_movable(forum, accepted, secretariat):
    kz, _pk, _requests = accepted(2)
    scheduling.run_schedule(actor=secretariat, event=forum)
    broken = next(m for m in live(forum) if m.a_id == kz[0].pk)
    kz[0].available_slots.remove(broken.slot)
    assert len(schedule_edits.conflicts(forum)) == 1
    # Another meeting can still be moved while the conflict stands...
    other = next(m for m in live(forum) if kz[0].pk not in (m.a_id, m.b_id))
    busy = {(m.slot_id, m.table) for m in live(forum)}
    kz0_slots = {m.slot_id for m in live(forum) if kz[0].pk in (m.a_id, m.b_id)}
    target = next(
        (s, t)
        for s in forum.slots.order_by("order")
        for t in (1, 2)
        if (s.pk, t) not in busy
        and not any(
            s.pk == m.slot_id and {other.a_id, other.b_id} & {m.a_id, m.b_id}
            for m in live(forum)
            if m.pk != other.pk
        )
    )
    schedule_edits.move_meeting(actor=secretariat, meeting=other, slot=target[0], table=target[1])
    # ...and moving the broken one to a slot both sides can make resolves it.
    busy = {(m.slot_id, m.table) for m in live(forum)}
    sides = {broken.a_id, broken.b_id}
    fix = next(
        (s, t)
        for s in kz[0].available_slots.order_by("order")
        for t in (1, 2)
        if (s.pk, t) not in busy
        and s.pk not in kz0_slots
        and not any(s.pk == m.slot_id and sides & {m.a_id, m.b_id} for m in live(forum))
    )
    schedule_edits.move_meeting(actor=secretariat, meeting=broken, slot=fix[0], table=fix[1])
    assert schedule_edits.conflicts(forum) == []
