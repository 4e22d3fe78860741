"""Creating forums and sessions: validation errors land on the right field, in words."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from silkbridge.forums import services
from silkbridge.forums.models import EventStatus, ParticipantStatus

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def at(hour, minute=0, day=12):
    return dt.datetime(2027, 5, day, hour, minute, tzinfo=ALMATY)


def field_codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


def test_session_is_cut_into_ordered_slots(forum, secretariat):
    slots = list(forum.slots.order_by("order"))
    assert [s.order for s in slots] == [1, 2, 3, 4]
    assert slots[0].starts_at == at(10) and slots[-1].ends_at == at(12)
    assert all(s.tables == 2 for s in slots)
    # A later session after a break: order continues; 20-minute slots, remainder left free.
    services.add_session(
        actor=secretariat,
        event=forum,
        name="Afternoon",
        starts_at=at(14),
        ends_at=at(15, 10),
        slot_minutes=20,
        tables=3,
    )
    later = list(forum.slots.order_by("order"))[4:]
    assert [(s.order, s.starts_at.astimezone(ALMATY).strftime("%H:%M")) for s in later] == [
        (5, "14:00"),
        (6, "14:20"),
        (7, "14:40"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "minutes", "field", "code"),
    [
        (at(11), at(13), 30, "starts_at", "overlap"),
        (at(15), at(14), 30, "ends_at", "end_before_start"),
        (at(10, day=13), at(11, day=13), 30, "starts_at", "outside_event"),
        (at(23), at(1, day=13), 30, "ends_at", "outside_event"),
        (at(13), at(13, 10), 15, "ends_at", "too_short"),
        (at(13), at(14), 25, "slot_minutes", "invalid"),
        (dt.datetime(2027, 5, 12, 13, 0), at(14), 30, "starts_at", "naive"),
    ],
)
def test_session_validation(forum, secretariat, start, end, minutes, field, code):
    with pytest.raises(ValidationError) as error:
        services.add_session(
            actor=secretariat,
            event=forum,
            name="Bad",
            starts_at=start,
            ends_at=end,
            slot_minutes=minutes,
        )
    assert field_codes(error.value) == {field: {code}}


def test_event_dates_and_time_zone_are_checked(secretariat):
    data = {
        "name": "Lahore Tech Week",
        "slug": "lahore-tech-week",
        "time_zone": "Asia/Karachi",
        "starts_on": dt.date(2027, 6, 2),
        "ends_on": dt.date(2027, 6, 1),
    }
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=secretariat, data=data)
    assert "ends_on" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.create_event(
            actor=secretariat,
            data=data | {"ends_on": dt.date(2027, 6, 3), "time_zone": "Mars/Base"},
        )
    assert "time_zone" in error.value.error_dict


def test_event_cannot_shrink_away_from_its_sessions(forum, secretariat):
    with pytest.raises(ValidationError) as error:
        services.update_event(
            actor=secretariat,
            event=forum,
            data={"starts_on": dt.date(2027, 5, 13), "ends_on": dt.date(2027, 5, 14)},
        )
    assert field_codes(error.value) == {"starts_on": {"session_outside"}}


def test_only_the_secretariat_creates_and_only_organisers_edit(forum, member, make_user):
    with pytest.raises(PermissionDenied):
        services.create_event(actor=member, data={})
    with pytest.raises(PermissionDenied):
        services.update_event(actor=member, event=forum, data={"name": "Mine"})
    organiser = make_user()
    forum.organisers.add(organiser)
    assert services.update_event(actor=organiser, event=forum, data={"name": "Ours"}).name == "Ours"


def test_registration_lifecycle(forum, secretariat, member, organisation, make_user):
    colleague = make_user(organisation=organisation)
    participant = services.register(
        actor=member,
        event=forum,
        organisation=organisation,
        participation_type="supplier",
        representatives=[member, colleague],
    )
    assert participant.status == ParticipantStatus.PENDING
    assert participant.capacity == 2
    assert participant.available_slots.count() == 4
    with pytest.raises(ValidationError) as error:
        services.register(
            actor=member, event=forum, organisation=organisation, participation_type="buyer"
        )
    assert field_codes(error.value) == {"organisation": {"duplicate"}}
    services.decide_participant(actor=secretariat, participant=participant, approve=True)
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.APPROVED
    with pytest.raises(PermissionDenied):
        services.decide_participant(actor=member, participant=participant, approve=False)
    first = forum.slots.order_by("order").first()
    services.update_registration(actor=member, participant=participant, available_slots=[first])
    assert list(participant.available_slots.all()) == [first]


def test_registration_rules(forum, member, organisation, other_organisation, make_user):
    stranger = make_user(organisation=other_organisation)
    with pytest.raises(PermissionDenied):
        services.register(
            actor=member, event=forum, organisation=other_organisation, participation_type="any"
        )
    with pytest.raises(ValidationError) as error:
        services.register(
            actor=member,
            event=forum,
            organisation=organisation,
            participation_type="any",
            representatives=[stranger],
        )
    assert field_codes(error.value) == {"representatives": {"not_member"}}
    with pytest.raises(ValidationError) as error:
        services.register(
            actor=member,
            event=forum,
            organisation=organisation,
            participation_type="any",
            available_slots=[999999],
        )
    assert field_codes(error.value) == {"available_slots": {"invalid"}}
    forum.status = EventStatus.DRAFT
    with pytest.raises(PermissionDenied):
        services.register(
            actor=member, event=forum, organisation=organisation, participation_type="any"
        )


def test_stages(secretariat, forum):
    with pytest.raises(ValidationError) as error:
        services.set_event_status(actor=secretariat, event=forum, status=EventStatus.PUBLISHED)
    assert field_codes(error.value) == {"status": {"publish_schedule"}}
    empty = services.create_event(
        actor=secretariat,
        data={
            "name": "Empty",
            "slug": "empty",
            "time_zone": "Asia/Karachi",
            "starts_on": dt.date(2027, 6, 1),
            "ends_on": dt.date(2027, 6, 1),
        },
    )
    with pytest.raises(ValidationError) as error:
        services.set_event_status(actor=secretariat, event=empty, status=EventStatus.REGISTRATION)
    assert field_codes(error.value) == {"status": {"no_slots"}}
    services.set_event_status(actor=secretariat, event=forum, status=EventStatus.SCHEDULING)
    forum.refresh_from_db()
    assert forum.status == EventStatus.SCHEDULING
