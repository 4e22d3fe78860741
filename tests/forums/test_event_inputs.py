"""A forum's settings accept only what an organiser can mean: a video link that is a web address
with its placeholder, an address made from the name, a known time zone chosen from a list, and
caps within sensible bounds; each refusal on its field, on the page and as 422 in the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from silkbridge.forums import services
from silkbridge.forums.models import Event

BASE = "/api/v1/forums"


def new_forum(**data):
    return {
        "name": "Karachi Connect",
        "time_zone": "Asia/Karachi",
        "starts_on": dt.date(2027, 9, 1),
        "ends_on": dt.date(2027, 9, 2),
        **data,
    }


def fields_of(error: ValidationError) -> set[str]:
    return set(error.message_dict)


@pytest.mark.parametrize(
    "template",
    [
        "javascript:alert(1)",
        "javascript:alert('{meeting}')",
        "data:text/html,{meeting}",
        "https://meet.example/room",  # one room for every meeting at once
        "https://meet.example/{meeting}/{secret}",
        "ftp://meet.example/{meeting}",
        "meet.example/{meeting}",
    ],
)
def test_a_video_link_template_must_be_a_web_address_with_the_meeting_placeholder(
    secretariat, template
):
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=secretariat, data=new_forum(video_link_template=template))
    assert fields_of(error.value) == {"video_link_template"}
    assert not Event.objects.exists()


def test_a_good_video_link_template_gives_each_meeting_its_room(secretariat):
    event = services.create_event(
        actor=secretariat,
        data=new_forum(video_link_template="https://meet.example/{event}-{meeting}"),
    )
    assert event.video_link_for(7) == f"https://meet.example/{event.slug}-7"


def test_the_address_is_made_from_the_name_and_kept_unique(secretariat):
    first = services.create_event(actor=secretariat, data=new_forum())
    second = services.create_event(actor=secretariat, data=new_forum())
    cyrillic = services.create_event(actor=secretariat, data=new_forum(name="Форум Астаны"))
    assert (first.slug, second.slug) == ("karachi-connect", "karachi-connect-2")
    assert cyrillic.slug == "forum"
    services.update_event(actor=secretariat, event=first, data={"slug": "renamed", "name": "New"})
    first.refresh_from_db()
    assert first.slug == "karachi-connect" and first.name == "New"


def test_an_address_given_through_the_api_is_validated(secretariat):
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=secretariat, data=new_forum(slug="not a slug!"))
    assert fields_of(error.value) == {"slug"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Base"),
        ("time_zone", "local"),
        ("max_meetings_per_participant", 100_000),
        ("max_requests_per_participant", 100_000),
        ("request_expiry_hours", 100_000),
        ("default_tables", 100_000),
        ("default_virtual_rooms", 100_000),
        ("description", "x" * 5001),
        ("ends_on", dt.date(2027, 12, 31)),
        ("starts_on", dt.date(2020, 1, 1)),
    ],
)
def test_out_of_bounds_settings_are_refused_on_their_field(secretariat, field, value):
    data = new_forum(**{field: value})
    if field == "starts_on":
        data["ends_on"] = value
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=secretariat, data=data)
    assert fields_of(error.value) == {field}
    assert not Event.objects.exists()


def test_meetings_per_participant_cannot_exceed_the_slots(forum, secretariat):
    assert forum.slots.count() == 4
    with pytest.raises(ValidationError) as error:
        services.update_event(
            actor=secretariat, event=forum, data={"max_meetings_per_participant": 5}
        )
    assert fields_of(error.value) == {"max_meetings_per_participant"}
    forum.refresh_from_db()
    assert forum.max_meetings_per_participant == 12  # the old default, left as it was
    services.update_event(actor=secretariat, event=forum, data={"max_meetings_per_participant": 4})


def test_session_capacity_is_bounded(forum, secretariat):
    slot = forum.slots.first()
    with pytest.raises(ValidationError) as error:
        services.set_slot_capacity(actor=secretariat, slot=slot, tables=100_000, virtual_rooms=0)
    assert fields_of(error.value) == {"tables"}


def test_the_page_offers_zones_from_a_list_and_no_address_field(client, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("forums:create")).content.decode()
    assert 'name="slug"' not in page
    assert '<select name="time_zone"' in page and '<option value="Asia/Karachi"' in page


def test_the_page_shows_each_error_under_its_field(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("forums:create"),
        {
            "name": "Karachi Connect",
            "time_zone": "Nowhere/Town",
            "starts_on": "2027-09-01",
            "ends_on": "2027-09-01",
            "meeting_minutes": "30",
            "request_expiry_hours": "72",
            "max_requests_per_participant": "20",
            "max_meetings_per_participant": "100000",
            "default_tables": "10",
            "default_virtual_rooms": "0",
            "video_link_template": "javascript:alert(1)",
        },
    )
    errors = response.context["form"].errors
    assert set(errors) == {"time_zone", "max_meetings_per_participant", "video_link_template"}
    assert not Event.objects.exists()


def test_the_page_makes_the_address(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("forums:create"),
        {
            "name": "Karachi Connect",
            "slug": "typed-by-hand",
            "time_zone": "Asia/Karachi",
            "starts_on": "2027-09-01",
            "ends_on": "2027-09-01",
            "meeting_minutes": "30",
            "request_expiry_hours": "72",
            "max_requests_per_participant": "20",
            "max_meetings_per_participant": "8",
            "default_tables": "10",
            "default_virtual_rooms": "0",
            "video_link_template": "https://meet.example/{event}-{meeting}",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get().slug == "karachi-connect"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"video_link_template": "javascript:alert(1)"}, "video_link_template"),
        ({"time_zone": "Nowhere/Town"}, "time_zone"),
        ({"max_meetings_per_participant": 100000}, "max_meetings_per_participant"),
        ({"slug": "Not A Slug"}, "slug"),
    ],
)
def test_the_api_answers_422_on_the_field(client, secretariat, body, field):
    client.force_login(secretariat)
    payload = {"name": "Karachi Connect", "starts_on": "2027-09-01", "ends_on": "2027-09-01"}
    response = client.post(f"{BASE}/events", payload | body, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Event.objects.exists()


def test_the_api_edit_answers_422_on_a_bad_link(client, forum, secretariat):
    client.force_login(secretariat)
    response = client.patch(
        f"{BASE}/events/{forum.slug}",
        {"video_link_template": "javascript:alert(1)"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "video_link_template" in response.json()["error"]["fields"]


def test_a_pitch_over_its_limit_is_refused_through_the_api(client, forum, make_participant):
    participant = make_participant(forum)
    person = participant.representatives.first().user
    client.force_login(person)
    response = client.patch(
        f"{BASE}/events/{forum.slug}/participants/{participant.pk}",
        {"pitch": "x" * 2001},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "pitch" in response.json()["error"]["fields"]
    participant.refresh_from_db()
    assert participant.pitch == ""


def test_a_session_name_over_its_limit_is_refused(forum, secretariat):
    start = forum.sessions.get().ends_at
    with pytest.raises(ValidationError) as error:
        services.add_session(
            actor=secretariat,
            event=forum,
            name="x" * 121,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            slot_minutes=30,
        )
    assert fields_of(error.value) == {"name"}
