"""Organisers act on many registrations at once: approve or refuse a selection (checked whole
before anything is written), and message everyone or a filtered group, who read it on its page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from silkbridge.forums import bulk, selectors
from silkbridge.forums.models import ForumMessage, ParticipantStatus
from silkbridge.notifications.models import Notification

PENDING = ParticipantStatus.PENDING


@pytest.fixture
def crowd(forum, make_participant, make_user):
    pending = [
        make_participant(forum, country=c, name=f"Pending {c} {i}", status=PENDING)
        for i, c in enumerate(["KZ", "PK", "PK"])
    ]
    approved = make_participant(forum, country="KZ", name="Approved KZ")
    withdrawn = make_participant(
        forum, country="PK", name="Gone PK", status=ParticipantStatus.WITHDRAWN
    )
    organiser = make_user()
    forum.organisers.add(organiser)
    return {
        "event": forum,
        "pending": pending,
        "approved": approved,
        "withdrawn": withdrawn,
        "organiser": organiser,
    }


def statuses(participants):
    for p in participants:
        p.refresh_from_db()
    return [p.status for p in participants]


def test_approving_a_selection_decides_each_and_skips_the_decided(crowd):
    event, pending = crowd["event"], crowd["pending"]
    result = bulk.decide_many(
        actor=crowd["organiser"],
        event=event,
        participant_ids=[p.pk for p in pending] + [crowd["approved"].pk],
        approve=True,
    )
    assert sorted(p.pk for p in result.decided) == sorted(p.pk for p in pending)
    assert [p.pk for p in result.skipped] == [crowd["approved"].pk]
    assert statuses(pending) == [ParticipantStatus.APPROVED] * 3
    assert Notification.objects.filter(kind="forum_registration_approved").count() == 3


def test_a_selection_with_a_foreign_id_writes_nothing(crowd, forum, make_participant, secretariat):
    from silkbridge.forums import services

    other = services.create_event(
        actor=secretariat,
        data={"name": "Other", "starts_on": forum.starts_on, "ends_on": forum.ends_on},
    )
    stranger = make_participant(other, status=PENDING)
    with pytest.raises(ValidationError) as error:
        bulk.decide_many(
            actor=crowd["organiser"],
            event=crowd["event"],
            participant_ids=[crowd["pending"][0].pk, stranger.pk],
            approve=False,
        )
    assert "participants" in error.value.message_dict
    assert statuses(crowd["pending"]) == [PENDING] * 3
    with pytest.raises(ValidationError):
        bulk.decide_many(
            actor=crowd["organiser"], event=crowd["event"], participant_ids=[], approve=True
        )


def test_only_organisers_decide_in_bulk(crowd):
    member = crowd["approved"].representatives.first().user
    with pytest.raises(PermissionDenied):
        bulk.decide_many(
            actor=member,
            event=crowd["event"],
            participant_ids=[crowd["pending"][0].pk],
            approve=True,
        )


def test_the_participants_page_refuses_a_selection(client, crowd):
    event = crowd["event"]
    client.force_login(crowd["organiser"])
    page = client.get(reverse("forums:participants", kwargs={"slug": event.slug}))
    assert 'form="bulk-decide"' in page.content.decode()
    chosen = crowd["pending"][:2]
    response = client.post(
        reverse("forums:participants-decide", kwargs={"slug": event.slug}),
        {"participants": [p.pk for p in chosen], "decision": "reject"},
        follow=True,
    )
    assert "2 registrations refused." in response.content.decode()
    assert statuses(chosen) == [ParticipantStatus.REJECTED] * 2


def test_a_message_reaches_the_filtered_group_and_not_the_withdrawn(crowd):
    event = crowd["event"]
    message = bulk.message_participants(
        actor=crowd["organiser"],
        event=event,
        filters=selectors.ParticipantFilters(country="PK"),
        subject="Venue change",
        body="The forum moves to hall B.",
    )
    # Two pending Pakistani registrations; the withdrawn one is left out.
    assert set(message.recipients.all()) == set(crowd["pending"][1:])
    told = Notification.objects.filter(kind="forum_message")
    assert told.count() == 2
    assert told.first().params == {"event": event.name, "subject": "Venue change"}


def test_a_message_needs_a_subject_a_body_and_someone_to_reach(crowd):
    event = crowd["event"]
    with pytest.raises(ValidationError) as error:
        bulk.message_participants(
            actor=crowd["organiser"],
            event=event,
            filters=selectors.ParticipantFilters(),
            subject=" ",
            body="x" * 5001,
        )
    assert set(error.value.message_dict) == {"subject", "body"}
    with pytest.raises(ValidationError):
        bulk.message_participants(
            actor=crowd["organiser"],
            event=event,
            filters=selectors.ParticipantFilters(q="nobody-by-this-name"),
            subject="Hello",
            body="Hello",
        )
    assert not ForumMessage.objects.exists()


@pytest.mark.parametrize(
    ("persona", "form_status", "read_status"),
    [
        ("organiser", 200, 200),
        ("recipient", 404, 200),
        ("left_out", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_message_pages_permission_matrix(
    client, crowd, make_user, persona, form_status, read_status
):
    event = crowd["event"]
    message = bulk.message_participants(
        actor=crowd["organiser"],
        event=event,
        filters=selectors.ParticipantFilters(country="KZ"),
        subject="Welcome",
        body="See you at the forum.",
    )
    people = {
        "organiser": crowd["organiser"],
        "recipient": crowd["approved"].representatives.first().user,
        "left_out": crowd["pending"][1].representatives.first().user,
        "outsider": make_user(),
    }
    client.force_login(people[persona])
    form = client.get(reverse("forums:participants-message", kwargs={"slug": event.slug}))
    assert form.status_code == form_status
    read = client.get(reverse("forums:message", kwargs={"slug": event.slug, "pk": message.pk}))
    assert read.status_code == read_status
    if read_status == 200:
        assert "See you at the forum." in read.content.decode()


def test_the_message_page_sends_and_counts(client, crowd):
    event = crowd["event"]
    client.force_login(crowd["organiser"])
    url = reverse("forums:participants-message", kwargs={"slug": event.slug})
    preview = client.get(url, {"country": "PK"})
    assert "reaches 2 organisations" in preview.content.decode()
    bad = client.post(url, {"country": "PK", "subject": "", "body": "Hi"})
    assert bad.status_code == 422 and "subject" in bad.context["form"].errors
    sent = client.post(url, {"country": "PK", "subject": "Hall B", "body": "Hi"}, follow=True)
    assert "The message is sent to 2 organisations." in sent.content.decode()
    assert ForumMessage.objects.get().audience.startswith("Country: ")


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_only_organisers_reach_the_bulk_decision(client, crowd, make_user, persona):
    event = crowd["event"]
    user = crowd["approved"].representatives.first().user if persona == "member" else make_user()
    client.force_login(user)
    response = client.post(
        reverse("forums:participants-decide", kwargs={"slug": event.slug}),
        {"participants": [p.pk for p in crowd["pending"]], "decision": "approve"},
    )
    assert response.status_code == 404
    assert statuses(crowd["pending"]) == [PENDING] * 3
