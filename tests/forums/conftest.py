"""Forum fixtures: an event with one session of four 30-minute slots (two tables each), and a
factory for approved participants with their own people."""

import datetime as dt
import itertools
import zoneinfo

import pytest

_n = itertools.count(1)
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


@pytest.fixture
def forum(db, secretariat):
    from silkbridge.forums import services
    from silkbridge.forums.models import EventStatus

    day = dt.date(2027, 5, 12)
    event = services.create_event(
        actor=secretariat,
        data={
            "name": "Astana IT Forum",
            "slug": f"astana-it-{next(_n)}",
            "venue": "Expo Centre, Astana",
            "time_zone": "Asia/Almaty",
            "starts_on": day,
            "ends_on": day,
            "meeting_minutes": 30,
            "default_tables": 2,
            "video_link_template": "https://meet.example/{event}-{meeting}",
        },
    )
    services.add_session(
        actor=secretariat,
        event=event,
        name="Morning",
        starts_at=dt.datetime(2027, 5, 12, 10, 0, tzinfo=ALMATY),
        ends_at=dt.datetime(2027, 5, 12, 12, 0, tzinfo=ALMATY),
        slot_minutes=30,
    )
    return services.set_event_status(
        actor=secretariat, event=event, status=EventStatus.REGISTRATION
    )


@pytest.fixture
def make_participant(db, make_organisation, make_user):
    """An organisation registered (and approved unless told) with `people` users of its own."""
    from silkbridge.forums.models import Participant, ParticipantStatus, Representative

    def make(
        event,
        *,
        country="KZ",
        type="any",
        status=ParticipantStatus.APPROVED,
        people=1,
        organisation=None,
        name=None,
    ):
        organisation = organisation or make_organisation(name, country=country)
        participant = Participant.objects.create(
            event=event, organisation=organisation, participation_type=type, status=status
        )
        for _ in range(people):
            user = make_user(organisation=organisation)
            Representative.objects.create(participant=participant, user=user)
        participant.available_slots.set(event.slots.all())
        return participant

    return make


@pytest.fixture
def person_of():
    """The first representative's user of a participant."""

    def first(participant):
        return participant.representatives.order_by("pk").first().user

    return first
