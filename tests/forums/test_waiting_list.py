"""A forum with a limited number of places: registrations beyond it wait in line and move up in
the order they came as places free (a withdrawal, a refusal, more places), never more than the
free places, even when two registrations race for the last one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from silkbridge.forums import services
from silkbridge.forums.models import ParticipantStatus
from silkbridge.notifications.models import Notification
from tests.concurrency import run_together

WAITING = ParticipantStatus.WAITING
PENDING = ParticipantStatus.PENDING


@pytest.fixture
def small_forum(forum, secretariat):
    return services.update_event(actor=secretariat, event=forum, data={"max_participants": 2})


@pytest.fixture
def applicant(make_organisation, make_user):
    """A new organisation with one person, ready to register."""

    def make(name):
        organisation = make_organisation(name)
        return organisation, make_user(organisation=organisation)

    return make


def register(event, applicant, name):
    organisation, person = applicant(name)
    return services.register(
        actor=person, event=event, organisation=organisation, participation_type="any"
    )


def test_registrations_beyond_the_places_wait_in_order(small_forum, applicant):
    first, second, third, fourth = (register(small_forum, applicant, f"Org {i}") for i in range(4))
    assert [p.status for p in (first, second, third, fourth)] == [
        PENDING,
        PENDING,
        WAITING,
        WAITING,
    ]
    assert services.waiting_position(third) == 1 and services.waiting_position(fourth) == 2
    assert services.waiting_position(first) is None


def test_a_withdrawal_promotes_the_first_in_line_and_tells_them(small_forum, applicant):
    first, _second, third, fourth = (register(small_forum, applicant, f"Org {i}") for i in range(4))
    services.withdraw(actor=first.registered_by, participant=first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (PENDING, WAITING)
    assert services.waiting_position(fourth) == 1
    told = Notification.objects.filter(kind="forum_waiting_promoted")
    assert [n.recipient for n in told] == [third.registered_by]


def test_a_refusal_and_more_places_promote_too(small_forum, applicant, secretariat):
    first, *_rest = (register(small_forum, applicant, f"Org {i}") for i in range(5))
    services.decide_participant(actor=secretariat, participant=first, approve=False)
    # Five registered for two places: one refusal lets the first of three waiting in.
    assert small_forum.participants.filter(status=WAITING).count() == 2
    services.update_event(actor=secretariat, event=small_forum, data={"max_participants": 4})
    assert small_forum.participants.filter(status=WAITING).count() == 0
    assert small_forum.participants.filter(status=PENDING).count() == 4


def test_organisers_cannot_approve_past_the_line(small_forum, applicant, secretariat):
    waiting = [register(small_forum, applicant, f"Org {i}") for i in range(3)][-1]
    with pytest.raises(ValidationError) as error:
        services.decide_participant(actor=secretariat, participant=waiting, approve=True)
    assert error.value.error_list[0].code == "waiting"


def test_the_places_are_bounded(forum, secretariat):
    with pytest.raises(ValidationError) as error:
        services.update_event(actor=secretariat, event=forum, data={"max_participants": 0})
    assert set(error.value.message_dict) == {"max_participants"}


def test_the_registration_page_says_the_place_in_line(client, small_forum, applicant):
    for i in range(2):
        register(small_forum, applicant, f"Org {i}")
    organisation, person = applicant("Late Org")
    client.force_login(person)
    slots = [s.pk for s in small_forum.slots.all()]
    response = client.post(
        reverse("forums:register", kwargs={"slug": small_forum.slug}),
        {
            "organisation": organisation.pk,
            "participation_type": "any",
            "representatives": [person.pk],
            "available_slots": slots,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "you are number 1 on the waiting list" in html
    assert 'id="waiting-position"' in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("real_database_file")
def test_two_registrations_racing_for_the_last_place(secretariat, applicant):
    day = dt.date.today() + dt.timedelta(days=30)
    event = services.create_event(
        actor=secretariat,
        data={"name": "Race Forum", "starts_on": day, "ends_on": day, "max_participants": 1},
    )
    event.status = "registration"
    event.save(update_fields=["status"])
    (org_a, person_a), (org_b, person_b) = applicant("Racer A"), applicant("Racer B")
    outcomes = run_together(
        lambda: services.register(
            actor=person_a, event=event, organisation=org_a, participation_type="any"
        ),
        lambda: services.register(
            actor=person_b, event=event, organisation=org_b, participation_type="any"
        ),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)]
    statuses = sorted(p.status for p in event.participants.all())
    assert statuses == [PENDING, WAITING]
