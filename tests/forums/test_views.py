"""Forum pages: who sees what (organiser, participant, other participant, outsider, anonymous),
forms with field errors, and the request and schedule actions through the pages."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import schedule_edits
from silkbridge.forums.models import Event, Meeting, MeetingRequest, Participant, RequestStatus

ROLES = ["organiser", "participant", "other", "outsider", "anonymous"]


@pytest.fixture
def world(forum, make_participant, make_organisation, make_user, person_of):
    a = make_participant(forum, country="KZ", name="Almaty Soft")
    b = make_participant(forum, country="PK", name="Lahore Code")
    organiser = make_user()
    forum.organisers.add(organiser)
    users = {
        "organiser": organiser,
        "participant": person_of(a),
        "other": person_of(b),
        "outsider": make_user(organisation=make_organisation("Bystander", country="PK")),
        "anonymous": None,
    }
    return SimpleNamespace(event=forum, a=a, b=b, users=users)


def as_role(client, world, role):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


PAGES = {
    # page: expected status per role (302 = sent to sign in)
    "event": dict(organiser=200, participant=200, other=200, outsider=200, anonymous=200),
    "edit": dict(organiser=200, participant=404, other=404, outsider=404, anonymous=302),
    "sessions": dict(organiser=200, participant=404, other=404, outsider=404, anonymous=302),
    "schedule": dict(organiser=200, participant=404, other=404, outsider=404, anonymous=302),
    "participants": dict(organiser=200, participant=200, other=200, outsider=404, anonymous=302),
    "marketplace": dict(organiser=200, participant=200, other=200, outsider=404, anonymous=302),
    "requests": dict(organiser=200, participant=200, other=200, outsider=404, anonymous=302),
    "participant": dict(organiser=200, participant=200, other=200, outsider=404, anonymous=302),
    "participant-edit": dict(
        organiser=200, participant=200, other=404, outsider=404, anonymous=302
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_permissions(client, world, role, page):
    kwargs = {"slug": world.event.slug}
    if page.startswith("participant") and page != "participants":
        kwargs["pk"] = world.a.pk
    response = as_role(client, world, role).get(reverse(f"forums:{page}", kwargs=kwargs))
    assert response.status_code == PAGES[page][role]


@pytest.mark.parametrize("role", ROLES)
def test_draft_forum_is_hidden_from_all_but_organisers(client, world, role):
    Event.objects.filter(pk=world.event.pk).update(status="draft")
    response = as_role(client, world, role).get(world.event.get_absolute_url())
    assert response.status_code == (200 if role == "organiser" else 404)
    listing = client.get(reverse("forums:list"))
    assert (world.event.name in listing.content.decode()) == (role == "organiser")


@pytest.mark.parametrize(
    ("role", "status", "accepted"),
    [
        ("participant", 302, True),
        ("other", 403, False),
        ("organiser", 403, False),
        ("outsider", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_only_the_receiver_accepts(client, world, role, status, accepted):
    request = mr.send_request(actor=world.users["other"], sender=world.b, receiver=world.a)
    url = reverse("forums:request-accept", kwargs={"slug": world.event.slug, "pk": request.pk})
    response = as_role(client, world, role).post(url, {"mark": "must"})
    assert response.status_code == status
    request.refresh_from_db()
    assert (request.status == RequestStatus.ACCEPTED) == accepted
    if accepted:
        assert request.receiver_mark == "must"


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_run_the_scheduler(client, world, role):
    mr.accept_request(
        actor=world.users["participant"],
        request=mr.send_request(actor=world.users["other"], sender=world.b, receiver=world.a),
    )
    url = reverse("forums:schedule-run", kwargs={"slug": world.event.slug})
    response = as_role(client, world, role).post(url, {})
    assert response.status_code == {"organiser": 302, "anonymous": 302}.get(role, 404)
    assert Meeting.objects.exists() == (role == "organiser")


def test_send_request_through_the_page(client, world):
    client.force_login(world.users["participant"])
    page = client.get(reverse("forums:participant", args=[world.event.slug, world.b.pk]))
    assert b'id="request"' in page.content
    response = client.post(
        reverse("forums:request-send", args=[world.event.slug, world.b.pk]),
        {"message": "Shall we talk payments?", "mark": "would"},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.sender, request.receiver, request.sender_mark) == (world.a, world.b, "would")
    # The page now explains why no second request can be sent.
    page = client.get(reverse("forums:participant", args=[world.event.slug, world.b.pk]))
    assert "already have an open request" in page.content.decode()
    requests_page = client.get(
        reverse("forums:requests", args=[world.event.slug]) + "?tab=outgoing"
    )
    assert "Lahore Code" in requests_page.content.decode()


def test_same_country_request_shows_the_rule(client, world, make_participant):
    neighbour = make_participant(world.event, country="KZ", name="Astana Neighbour")
    client.force_login(world.users["participant"])
    response = client.post(
        reverse("forums:request-send", args=[world.event.slug, neighbour.pk]), follow=True
    )
    assert "cross-border meetings" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_session_form_errors_are_on_fields(client, world):
    client.force_login(world.users["organiser"])
    url = reverse("forums:sessions", args=[world.event.slug])
    response = client.post(
        url,
        {
            "name": "Evening",
            "starts_at": "2027-05-12T11:00",
            "ends_at": "2027-05-12T13:00",
            "slot_minutes": "30",
            "tables": "3",
            "virtual_rooms": "0",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == ["The session overlaps “Morning”."]
    # Local wall-clock time is the forum's (Almaty), whatever the user's own zone.
    response = client.post(
        url,
        {
            "name": "Afternoon",
            "starts_at": "2027-05-12T14:00",
            "ends_at": "2027-05-12T15:00",
            "slot_minutes": "20",
            "tables": "3",
            "virtual_rooms": "1",
        },
    )
    assert response.status_code == 302
    last = world.event.slots.order_by("order").last()
    assert last.starts_at == dt.datetime(2027, 5, 12, 9, 40, tzinfo=dt.UTC)
    assert (last.tables, last.virtual_rooms) == (3, 1)


def test_event_form_errors(client, world, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("forums:create"),
        {
            "name": "Broken",
            "slug": "broken",
            "time_zone": "Nowhere/Town",
            "starts_on": "2027-06-02",
            "ends_on": "2027-06-01",
            "meeting_minutes": "30",
            "request_expiry_hours": "72",
            "max_requests_per_participant": "20",
            "max_meetings_per_participant": "12",
            "default_tables": "10",
            "default_virtual_rooms": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"time_zone", "ends_on"}


def test_create_forum_through_the_page(client, secretariat, make_user):
    colleague = make_user("colleague@example.org")
    client.force_login(secretariat)
    response = client.post(
        reverse("forums:create"),
        {
            "name": "Karachi Connect",
            "slug": "karachi-connect",
            "time_zone": "Asia/Karachi",
            "starts_on": "2027-09-01",
            "ends_on": "2027-09-02",
            "meeting_minutes": "20",
            "request_expiry_hours": "48",
            "max_requests_per_participant": "10",
            "max_meetings_per_participant": "8",
            "default_tables": "12",
            "default_virtual_rooms": "2",
            "cross_border_only": "on",
            "allowed_pairs": ["buyer:supplier", "any:any"],
            "organiser_emails": "colleague@example.org",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="karachi-connect")
    assert event.allowed_pairs == [["any", "any"], ["buyer", "supplier"]]
    assert set(event.organisers.all()) == {secretariat, colleague}


def test_register_through_the_page(client, world, member, organisation):
    client.force_login(member)
    page = client.get(reverse("forums:register", args=[world.event.slug]))
    assert page.status_code == 200
    first = world.event.slots.order_by("order").first()
    response = client.post(
        reverse("forums:register", args=[world.event.slug]),
        {
            "organisation": organisation.pk,
            "participation_type": "supplier",
            "pitch": "Open banking APIs",
            "representatives": [member.pk],
            "available_slots": [first.pk],
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get(organisation=organisation)
    assert participant.status == "pending"
    assert list(participant.available_slots.all()) == [first]


def test_participant_filters_and_pagination(client, world, make_participant):
    for i in range(25):
        make_participant(world.event, country="PK", name=f"Karachi Firm {i:02d}")
    client.force_login(world.users["participant"])
    url = reverse("forums:participants", args=[world.event.slug])
    first = client.get(url, {"country": "PK"})
    assert first.context["page"].paginator.count == 26
    assert len(first.context["page"].object_list) == 20
    assert "Almaty Soft" not in first.content.decode()
    found = client.get(url, {"q": "firm 07"})
    assert [p.organisation.name for p in found.context["page"]] == ["Karachi Firm 07"]


def test_grid_move_lock_and_publish_pages(client, world):
    mr.accept_request(
        actor=world.users["participant"],
        request=mr.send_request(actor=world.users["other"], sender=world.b, receiver=world.a),
    )
    client.force_login(world.users["organiser"])
    slug = world.event.slug
    client.post(reverse("forums:schedule-run", args=[slug]))
    meeting = Meeting.objects.get()
    page = client.get(reverse("forums:schedule", args=[slug]), {"meeting": meeting.pk})
    assert page.status_code == 200 and b'id="edit-meeting"' in page.content
    last = world.event.slots.order_by("order").last()
    client.post(
        reverse("forums:meeting-move", args=[slug, meeting.pk]),
        {"slot": last.pk, "table": 2},
    )
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table) == (last.pk, 2)
    response = client.post(
        reverse("forums:meeting-move", args=[slug, meeting.pk]),
        {"slot": last.pk, "table": 9},
        follow=True,
    )
    assert "Choose a table from 1 to 2." in response.content.decode()
    client.post(reverse("forums:meeting-lock", args=[slug, meeting.pk]), {"locked": "1"})
    meeting.refresh_from_db()
    assert meeting.locked
    client.post(reverse("forums:schedule-publish", args=[slug]))
    meeting.refresh_from_db()
    assert meeting.status == "published"
    assert schedule_edits.conflicts(world.event) == []
    overview = client.get(world.event.get_absolute_url()).content.decode()
    assert reverse("forums:day", args=[slug]) in overview
    assert reverse("forums:stats", args=[slug]) in overview
