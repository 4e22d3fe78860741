"""On the day: check-in, held / no-show, walk-ins, feedback and the follow-up introduction.

The `forum` fixture's day is 12 May 2027, 10:00–12:00 in Almaty (four 30-minute slots, two tables
each); services take `now`, so each test says when "now" is."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from silkbridge.forums import day_services
from silkbridge.forums.models import (
    EventStatus,
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    ParticipantStatus,
    Representative,
)
from silkbridge.introductions.models import Introduction
from silkbridge.notifications.models import Notification

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
DURING_FIRST_SLOT = dt.datetime(2027, 5, 12, 10, 10, tzinfo=ALMATY)
AFTER_FIRST_SLOT = dt.datetime(2027, 5, 12, 10, 40, tzinfo=ALMATY)
BEFORE_DAY = dt.datetime(2027, 5, 11, 18, 0, tzinfo=ALMATY)


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def published(forum):
    forum.status = EventStatus.PUBLISHED
    forum.save(update_fields=["status"])
    return forum


@pytest.fixture
def slots(forum):
    return list(forum.slots.order_by("starts_at"))


@pytest.fixture
def kz(published, make_participant):
    return make_participant(published, country="KZ", name="Qazaq Cloud")


@pytest.fixture
def pk(published, make_participant):
    return make_participant(published, country="PK", name="Karachi Code Works")


@pytest.fixture
def meeting(published, kz, pk, slots):
    return Meeting.objects.create(
        event=published, a=kz, b=pk, slot=slots[0], table=1, status=MeetingStatus.PUBLISHED
    )


# --- check-in ----------------------------------------------------------------------------------


def test_check_in_is_idempotent_and_records_who(published, kz, secretariat):
    first = day_services.check_in(actor=secretariat, event=published, token=kz.checkin_token)
    assert not first.already
    assert first.participant.checked_in_at is not None
    assert first.participant.checked_in_by == secretariat
    again = day_services.check_in(actor=secretariat, event=published, token=kz.checkin_token)
    assert again.already
    assert again.participant.checked_in_at == first.participant.checked_in_at


def test_check_in_accepts_the_scanned_url(published, kz, secretariat):
    url = f"https://silkbridge.example/forums/{published.slug}/checkin/{kz.checkin_token}/"
    result = day_services.check_in(actor=secretariat, event=published, token=f"  {url}\n")
    assert result.participant == kz


def test_a_named_organiser_checks_in(published, kz, make_user):
    organiser = make_user()
    published.organisers.add(organiser)
    assert not day_services.check_in(
        actor=organiser, event=published, token=kz.checkin_token
    ).already


@pytest.mark.parametrize(
    ("case", "code"),
    [("unknown", "unknown"), ("other_event", "other_event"), ("pending", "not_approved")],
)
def test_wrong_codes_are_clear_errors(
    case, code, published, kz, secretariat, make_participant, make_organisation
):
    from silkbridge.forums import services

    token = "not-a-real-code"
    if case == "other_event":
        other = services.create_event(
            actor=secretariat,
            data={
                "name": "Lahore Tech Week",
                "slug": "lahore-tech-week",
                "time_zone": "Asia/Karachi",
                "starts_on": dt.date(2027, 6, 1),
                "ends_on": dt.date(2027, 6, 1),
            },
        )
        token = make_participant(other, country="PK").checkin_token
    elif case == "pending":
        token = make_participant(
            published, country="PK", status=ParticipantStatus.PENDING
        ).checkin_token
    with pytest.raises(ValidationError) as error:
        day_services.check_in(actor=secretariat, event=published, token=token)
    assert codes(error.value) == {code}
    assert "token" in error.value.error_dict


def test_participants_cannot_check_themselves_in(published, kz, person_of):
    with pytest.raises(PermissionDenied):
        day_services.check_in(actor=person_of(kz), event=published, token=kz.checkin_token)
    kz.refresh_from_db()
    assert kz.checked_in_at is None


# --- held and no-show --------------------------------------------------------------------------


def test_either_party_marks_held_and_can_correct_it(meeting, kz, pk, person_of):
    marked = day_services.mark_meeting(
        actor=person_of(kz), meeting=meeting, status="held", now=DURING_FIRST_SLOT
    )
    assert marked.status == MeetingStatus.HELD
    assert marked.status_changed_by == person_of(kz)
    corrected = day_services.mark_meeting(
        actor=person_of(pk), meeting=meeting, status="no_show", now=AFTER_FIRST_SLOT
    )
    assert corrected.status == MeetingStatus.NO_SHOW


def test_organiser_marks_and_outsiders_cannot(meeting, secretariat, make_user, make_participant):
    stranger = make_user(organisation=make_participant(meeting.event, country="KZ").organisation)
    with pytest.raises(PermissionDenied):
        day_services.mark_meeting(
            actor=stranger, meeting=meeting, status="held", now=DURING_FIRST_SLOT
        )
    day_services.mark_meeting(
        actor=secretariat, meeting=meeting, status="no_show", now=DURING_FIRST_SLOT
    )
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.NO_SHOW


def test_marks_wait_for_the_slot_and_need_a_published_meeting(meeting, kz, person_of):
    with pytest.raises(ValidationError) as error:
        day_services.mark_meeting(
            actor=person_of(kz), meeting=meeting, status="held", now=BEFORE_DAY
        )
    assert codes(error.value) == {"not_started"}
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        day_services.mark_meeting(
            actor=person_of(kz), meeting=meeting, status="held", now=DURING_FIRST_SLOT
        )
    assert codes(error.value) == {"not_published"}
    with pytest.raises(ValidationError):
        day_services.mark_meeting(
            actor=person_of(kz), meeting=meeting, status="cancelled", now=DURING_FIRST_SLOT
        )


# --- walk-ins ----------------------------------------------------------------------------------


def test_organiser_books_the_first_free_table_and_both_sides_are_told(
    meeting, published, slots, secretariat, make_participant, person_of
):
    kz2 = make_participant(published, country="KZ")
    pk2 = make_participant(published, country="PK")
    booked = day_services.book_walk_in(
        actor=secretariat, event=published, slot=slots[0], a=kz2, b=pk2, now=BEFORE_DAY
    )
    assert (booked.table, booked.walk_in, booked.status) == (2, True, MeetingStatus.PUBLISHED)
    for side in (kz2, pk2):
        assert Notification.objects.filter(
            recipient=person_of(side), kind="forum_agenda_changed"
        ).exists()


def test_a_full_slot_and_a_taken_table_are_refused(
    meeting, published, slots, secretariat, make_participant
):
    kz2, pk2 = make_participant(published, country="KZ"), make_participant(published, country="PK")
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat,
            event=published,
            slot=slots[0],
            a=kz2,
            b=pk2,
            table=1,
            now=BEFORE_DAY,
        )
    assert codes(error.value) == {"taken"}
    day_services.book_walk_in(
        actor=secretariat, event=published, slot=slots[0], a=kz2, b=pk2, now=BEFORE_DAY
    )
    kz3, pk3 = make_participant(published, country="KZ"), make_participant(published, country="PK")
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat, event=published, slot=slots[0], a=kz3, b=pk3, now=BEFORE_DAY
        )
    assert codes(error.value) == {"full"}
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat,
            event=published,
            slot=slots[1],
            a=kz3,
            b=pk3,
            table=3,
            now=BEFORE_DAY,
        )
    assert codes(error.value) == {"range"}


def test_a_participant_is_not_booked_twice_in_a_slot_beyond_its_people(
    meeting, published, slots, kz, secretariat, make_participant, make_user
):
    other = make_participant(published, country="PK")
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat, event=published, slot=slots[0], a=kz, b=other, now=BEFORE_DAY
        )
    assert codes(error.value) == {"busy"}
    assert "a" in error.value.error_dict
    # A second representative: two meetings at once.
    Representative.objects.create(participant=kz, user=make_user(organisation=kz.organisation))
    booked = day_services.book_walk_in(
        actor=secretariat, event=published, slot=slots[0], a=kz, b=other, now=BEFORE_DAY
    )
    assert booked.table == 2


def test_the_same_pair_is_not_booked_again(meeting, published, slots, kz, pk, secretariat):
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat, event=published, slot=slots[1], a=pk, b=kz, now=BEFORE_DAY
        )
    assert codes(error.value) == {"pair"}


def test_participants_book_for_themselves_under_the_request_rules(
    published, slots, kz, pk, person_of, make_participant
):
    booked = day_services.book_walk_in(
        actor=person_of(kz), event=published, slot=slots[2], a=kz, b=pk, now=BEFORE_DAY
    )
    assert booked.a == kz and booked.table == 1
    neighbour = make_participant(published, country="KZ")
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=person_of(kz),
            event=published,
            slot=slots[3],
            a=kz,
            b=neighbour,
            now=BEFORE_DAY,
        )
    assert codes(error.value) == {"same_country"}
    assert "b" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        day_services.book_walk_in(
            actor=person_of(kz),
            event=published,
            slot=slots[3],
            a=neighbour,
            b=pk,
            now=BEFORE_DAY,
        )


def test_organisers_may_set_the_pair_rules_aside(
    published, slots, kz, secretariat, make_participant
):
    neighbour = make_participant(published, country="KZ")
    booked = day_services.book_walk_in(
        actor=secretariat, event=published, slot=slots[3], a=kz, b=neighbour, now=BEFORE_DAY
    )
    assert booked.walk_in


def test_walk_ins_need_a_published_schedule_and_a_slot_not_over(
    forum, slots, secretariat, make_participant
):
    kz, pk = make_participant(forum, country="KZ"), make_participant(forum, country="PK")
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat, event=forum, slot=slots[0], a=kz, b=pk, now=BEFORE_DAY
        )
    assert codes(error.value) == {"not_published"}
    forum.status = EventStatus.PUBLISHED
    forum.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat, event=forum, slot=slots[0], a=kz, b=pk, now=AFTER_FIRST_SLOT
        )
    assert codes(error.value) == {"past"}


def test_virtual_walk_ins_get_a_video_link_until_the_rooms_run_out(
    published, slots, secretariat, make_participant
):
    slot = slots[1]
    slot.virtual_rooms = 1
    slot.save(update_fields=["virtual_rooms"])
    kz, pk = make_participant(published, country="KZ"), make_participant(published, country="PK")
    booked = day_services.book_walk_in(
        actor=secretariat, event=published, slot=slot, a=kz, b=pk, virtual=True, now=BEFORE_DAY
    )
    assert booked.table is None and booked.virtual
    assert booked.video_link == f"https://meet.example/{published.slug}-{booked.pk}"
    kz2, pk2 = make_participant(published, country="KZ"), make_participant(published, country="PK")
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=secretariat,
            event=published,
            slot=slot,
            a=kz2,
            b=pk2,
            virtual=True,
            now=BEFORE_DAY,
        )
    assert codes(error.value) == {"full"}


# --- feedback and follow-up --------------------------------------------------------------------


def test_feedback_after_the_meeting_replaces_the_earlier_answer(meeting, kz, person_of):
    with pytest.raises(ValidationError) as error:
        day_services.submit_feedback(
            actor=person_of(kz),
            meeting=meeting,
            participant=kz,
            rating=4,
            follow_up_planned=True,
            now=DURING_FIRST_SLOT,
        )
    assert codes(error.value) == {"not_held"}
    day_services.submit_feedback(
        actor=person_of(kz),
        meeting=meeting,
        participant=kz,
        rating=4,
        follow_up_planned=True,
        notes="Good fit.",
        now=AFTER_FIRST_SLOT,
    )
    saved = day_services.submit_feedback(
        actor=person_of(kz),
        meeting=meeting,
        participant=kz,
        rating=5,
        follow_up_planned=False,
        now=AFTER_FIRST_SLOT,
    )
    assert MeetingFeedback.objects.filter(meeting=meeting).count() == 1
    assert (saved.rating, saved.follow_up_planned, saved.notes) == (5, False, "")
    assert saved.submitted_by == person_of(kz)


@pytest.mark.parametrize("rating", [0, 6])
def test_ratings_run_from_one_to_five(meeting, kz, person_of, rating):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        day_services.submit_feedback(
            actor=person_of(kz),
            meeting=meeting,
            participant=kz,
            rating=rating,
            follow_up_planned=False,
        )
    assert "rating" in error.value.error_dict


def test_feedback_is_each_side_s_own_and_not_after_a_no_show(
    meeting, kz, pk, person_of, secretariat
):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    for actor in (person_of(pk), secretariat):
        with pytest.raises(PermissionDenied):
            day_services.submit_feedback(
                actor=actor, meeting=meeting, participant=kz, rating=3, follow_up_planned=False
            )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.NO_SHOW)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        day_services.submit_feedback(
            actor=person_of(pk),
            meeting=meeting,
            participant=pk,
            rating=3,
            follow_up_planned=False,
        )
    assert codes(error.value) == {"not_held"}


def test_a_follow_up_proposes_one_introduction(meeting, kz, pk, person_of, make_user):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    introduction, created = day_services.request_introduction(
        actor=person_of(kz), meeting=meeting, participant=kz
    )
    assert created
    assert {introduction.org_a, introduction.org_b} == {kz.organisation, pk.organisation}
    assert introduction.status == "pending"
    again, created = day_services.request_introduction(
        actor=person_of(pk), meeting=meeting, participant=pk
    )
    assert (again, created) == (introduction, False)
    assert Introduction.objects.count() == 1
    with pytest.raises(PermissionDenied):
        day_services.request_introduction(actor=make_user(), meeting=meeting, participant=kz)


def test_venture_link_names_the_meeting(meeting):
    assert day_services.venture_url(meeting) == f"/ventures/new/?from_meeting={meeting.pk}"


def test_a_participant_s_own_walk_ins_respect_the_meeting_cap(
    meeting, published, slots, kz, secretariat, person_of, make_participant
):
    published.max_meetings_per_participant = 1
    published.save(update_fields=["max_meetings_per_participant"])
    other = make_participant(published, country="PK")
    with pytest.raises(ValidationError) as error:
        day_services.book_walk_in(
            actor=person_of(kz), event=published, slot=slots[2], a=kz, b=other, now=BEFORE_DAY
        )
    assert codes(error.value) == {"meeting_cap"}
    booked = day_services.book_walk_in(
        actor=secretariat, event=published, slot=slots[2], a=kz, b=other, now=BEFORE_DAY
    )
    assert booked.walk_in
