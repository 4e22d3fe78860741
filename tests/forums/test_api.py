"""The forums API: the same rules as the pages, with field errors in the API's error shape."""

from types import SimpleNamespace

import pytest

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums.models import Meeting, MeetingRequest, Participant

ROLES = ["organiser", "participant", "other", "outsider", "anonymous"]
BASE = "/api/v1/forums"


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


READS = {
    "/events/{slug}": dict(organiser=200, participant=200, other=200, outsider=200, anonymous=200),
    "/events/{slug}/sessions": dict(
        organiser=200, participant=200, other=200, outsider=200, anonymous=200
    ),
    "/events/{slug}/participants": dict(
        organiser=200, participant=200, other=200, outsider=403, anonymous=401
    ),
    "/events/{slug}/participants/{a}": dict(
        organiser=200, participant=200, other=200, outsider=404, anonymous=401
    ),
    "/events/{slug}/requests": dict(
        organiser=200, participant=200, other=200, outsider=403, anonymous=401
    ),
    "/events/{slug}/schedule": dict(
        organiser=200, participant=403, other=403, outsider=403, anonymous=401
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(READS))
def test_read_permissions(client, world, role, path):
    url = BASE + path.format(slug=world.event.slug, a=world.a.pk)
    response = as_role(client, world, role).get(url)
    assert response.status_code == READS[path][role], response.content


def test_availability_is_shown_only_to_its_people_and_organisers(client, world):
    url = f"{BASE}/events/{world.event.slug}/participants/{world.a.pk}"
    own = as_role(client, world, "participant").get(url).json()
    assert len(own["available_slots"]) == 4
    client.logout()
    other = as_role(client, world, "other").get(url).json()
    assert other["available_slots"] == [] and other["representatives"] == []


def test_request_lifecycle_over_the_api(client, world):
    slug = world.event.slug
    client.force_login(world.users["participant"])
    response = client.post(
        f"{BASE}/events/{slug}/requests",
        {"receiver_id": world.b.pk, "message": "Hello", "mark": "must"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    again = client.post(
        f"{BASE}/events/{slug}/requests",
        {"receiver_id": world.b.pk},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert "receiver_id" in again.json()["error"]["fields"]
    assert (
        client.post(f"{BASE}/requests/{request_id}/accept", {}, "application/json").status_code
        == 403
    )
    client.logout()
    client.force_login(world.users["other"])
    accepted = client.post(
        f"{BASE}/requests/{request_id}/accept", {"mark": "would"}, content_type="application/json"
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["receiver_mark"] == "would"


def test_request_to_oneself_is_a_field_error(client, world):
    client.force_login(world.users["participant"])
    response = client.post(
        f"{BASE}/events/{world.event.slug}/requests",
        {"receiver_id": world.a.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["receiver_id"] == [
        "You cannot request a meeting with yourself."
    ]


def test_outsider_cannot_send_or_answer(client, world):
    request = mr.send_request(actor=world.users["other"], sender=world.b, receiver=world.a)
    client.force_login(world.users["outsider"])
    response = client.post(
        f"{BASE}/events/{world.event.slug}/requests",
        {"receiver_id": world.a.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (
        client.post(f"{BASE}/requests/{request.pk}/accept", {}, "application/json").status_code
        == 404
    )
    assert MeetingRequest.objects.get().status == "pending"


def test_session_with_naive_time_is_refused(client, world):
    client.force_login(world.users["organiser"])
    response = client.post(
        f"{BASE}/events/{world.event.slug}/sessions",
        {"name": "Evening", "starts_at": "2027-05-12T18:00", "ends_at": "2027-05-12T19:00+05:00"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "starts_at" in response.json()["error"]["fields"]
    ok = client.post(
        f"{BASE}/events/{world.event.slug}/sessions",
        {
            "name": "Evening",
            "starts_at": "2027-05-12T18:00+05:00",
            "ends_at": "2027-05-12T19:00+05:00",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert len(ok.json()["slots"]) == 2


def test_register_and_approve_over_the_api(client, world, member, organisation, secretariat):
    client.force_login(member)
    response = client.post(
        f"{BASE}/events/{world.event.slug}/participants",
        {"organisation_id": organisation.pk, "participation_type": "buyer"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["representatives"] == [member.pk]
    url = f"{BASE}/events/{world.event.slug}/participants/{pk}/decision"
    assert client.post(url, {"approve": True}, "application/json").status_code == 403
    client.logout()
    client.force_login(secretariat)
    assert client.post(url, {"approve": True}, "application/json").json()["status"] == "approved"
    assert Participant.objects.get(pk=pk).status == "approved"


@pytest.mark.parametrize("role", ROLES)
def test_schedule_run_and_publish_permissions(client, world, role):
    mr.accept_request(
        actor=world.users["participant"],
        request=mr.send_request(actor=world.users["other"], sender=world.b, receiver=world.a),
    )
    client = as_role(client, world, role)
    run = client.post(f"{BASE}/events/{world.event.slug}/schedule/run", {}, "application/json")
    expected = {"organiser": 200, "anonymous": 401}.get(role, 403)
    assert run.status_code == expected
    publish = client.post(f"{BASE}/events/{world.event.slug}/schedule/publish")
    assert publish.status_code == expected
    if role == "organiser":
        body = run.json()
        assert body["report"]["placed"] == 1 and len(body["meetings"]) == 1
        assert publish.json() == {"participants_told": 2}


def test_move_and_lock_over_the_api(client, world):
    mr.accept_request(
        actor=world.users["participant"],
        request=mr.send_request(actor=world.users["other"], sender=world.b, receiver=world.a),
    )
    client.force_login(world.users["organiser"])
    client.post(f"{BASE}/events/{world.event.slug}/schedule/run", {}, "application/json")
    meeting = Meeting.objects.get()
    last = world.event.slots.order_by("order").last()
    moved = client.post(
        f"{BASE}/meetings/{meeting.pk}/move",
        {"slot_id": last.pk, "table": 1},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["slot_id"] == last.pk
    bad = client.post(
        f"{BASE}/meetings/{meeting.pk}/move",
        {"slot_id": last.pk, "table": 5},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "table" in bad.json()["error"]["fields"]
    locked = client.post(
        f"{BASE}/meetings/{meeting.pk}/lock", {"locked": True}, content_type="application/json"
    )
    assert locked.json()["locked"] is True
    client.logout()
    client.force_login(world.users["participant"])
    assert (
        client.post(
            f"{BASE}/meetings/{meeting.pk}/lock", {"locked": False}, content_type="application/json"
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("organiser", 403), ("participant", 403), ("outsider", 403), ("anonymous", 401)],
)
def test_only_the_secretariat_creates_forums(client, world, role, status):
    response = as_role(client, world, role).post(
        f"{BASE}/events",
        {"name": "X", "slug": "x", "starts_on": "2027-06-01", "ends_on": "2027-06-01"},
        content_type="application/json",
    )
    assert response.status_code == status


def test_secretariat_creates_a_forum(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        f"{BASE}/events",
        {
            "name": "Karachi Connect",
            "slug": "karachi-connect",
            "time_zone": "Asia/Karachi",
            "starts_on": "2027-06-02",
            "ends_on": "2027-06-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "ends_on" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("participant", 200), ("other", 200), ("outsider", 403), ("anonymous", 401)],
)
def test_suggestions_permissions(client, world, role, status, settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    response = as_role(client, world, role).get(f"{BASE}/events/{world.event.slug}/suggestions")
    assert response.status_code == status
    if status == 200:
        assert isinstance(response.json(), list)
