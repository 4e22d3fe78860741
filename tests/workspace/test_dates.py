"""Dates a working group can mean: meetings ahead (not in 2020), action items due from today,
neither years away; the same rule on the pages and in the API, and nothing written when broken."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from silkbridge.notifications.models import Notification
from silkbridge.workspace import services
from silkbridge.workspace.models import ActionItem, GroupMeeting
from tests.api.helpers import error_of
from tests.workspace.conftest import at

BASE = "/api/v1/groups"


def _local(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def meeting_form(starts: datetime.datetime, ends: datetime.datetime) -> dict:
    return {
        "title": "Pilot review",
        "starts_at": _local(starts),
        "ends_at": _local(ends),
        "time_zone": "Asia/Almaty",
        "agenda": "Scope",
    }


@pytest.mark.parametrize(
    ("starts", "ends", "field", "message"),
    [
        (
            datetime.datetime(2020, 3, 1, 10),
            datetime.datetime(2020, 3, 1, 12),
            "starts_at",
            "Choose a start in the future.",
        ),
        (at(6 * 366), at(6 * 366, 12), "starts_at", "Plan meetings at most 5 years ahead."),
        (at(7), at(12), "ends_at", "A meeting can last at most 3 days."),
    ],
)
def test_the_meeting_page_refuses_a_meeting_in_the_past_years_ahead_or_too_long(
    client, co_chair, group, group_member, starts, ends, field, message
):
    # given a co-chair on the page for a new meeting
    client.force_login(co_chair)

    # when they plan it at a time no working group means
    response = client.post(
        reverse("workspace:meeting-create", args=[group.slug]), meeting_form(starts, ends)
    )

    # then the field says why, and nothing is saved and nobody invited
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not GroupMeeting.objects.exists()
    assert not Notification.objects.filter(kind="group_meeting_invitation").exists()


def test_the_api_refuses_a_meeting_in_2020_with_a_field_error(client, co_chair, group):
    client.force_login(co_chair)
    response = client.post(
        f"{BASE}/{group.slug}/meetings",
        {
            "title": "Pilot review",
            "starts_at": "2020-05-01T10:00",
            "ends_at": "2020-05-01T12:00",
            "time_zone": "Asia/Karachi",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert error_of(response)["fields"]["starts_at"] == ["Choose a start in the future."]
    assert not GroupMeeting.objects.exists()


@pytest.mark.parametrize("zone", ["Mars/Olympus", "localtime", "Factory", ""])
def test_the_api_takes_only_a_time_zone_from_the_list(client, co_chair, group, zone):
    client.force_login(co_chair)
    response = client.post(
        f"{BASE}/{group.slug}/meetings",
        {
            "title": "Pilot review",
            "starts_at": _local(at(7)),
            "ends_at": _local(at(7, 12)),
            "time_zone": zone or " ",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"time_zone"}
    assert not GroupMeeting.objects.exists()


def test_a_meeting_cannot_be_moved_into_the_past_but_a_held_one_can_be_retitled(
    client, co_chair, meeting, held_meeting
):
    client.force_login(co_chair)
    url = f"{BASE}/meetings/{meeting.pk}"
    moved = client.patch(
        url,
        {"starts_at": "2020-05-01T10:00", "ends_at": "2020-05-01T12:00"},
        content_type="application/json",
    )
    assert moved.status_code == 422
    assert set(error_of(moved)["fields"]) == {"starts_at"}
    meeting.refresh_from_db()
    assert meeting.starts_at.year == at(7).year

    renamed = client.patch(
        f"{BASE}/meetings/{held_meeting.pk}", {"title": "Kick-off (Astana)"},
        content_type="application/json",
    )  # fmt: skip
    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Kick-off (Astana)"


def test_a_meeting_recorded_as_held_must_lie_in_the_past_and_invites_nobody(
    co_chair, group, group_member
):
    data = {
        "title": "Kick-off",
        "starts_at": at(3),
        "ends_at": at(3, 12),
        "time_zone": "Asia/Almaty",
    }
    with pytest.raises(ValidationError) as refused:
        services.plan_meeting(actor=co_chair, group=group, data=data, held=True)
    assert [e.code for e in refused.value.error_dict["starts_at"]] == ["future"]

    held = services.plan_meeting(
        actor=co_chair,
        group=group,
        data={**data, "starts_at": at(-3), "ends_at": at(-3, 12)},
        held=True,
    )
    assert held.pk
    assert not Notification.objects.filter(kind="group_meeting_invitation").exists()


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        ("2001-06-30", "The due date cannot be in the past."),
        ("2099-01-01", "Choose a due date within 5 years."),
    ],
)
def test_the_api_refuses_an_action_item_due_in_the_past_or_decades_ahead(
    client, co_chair, group, group_member, due_on, message
):
    client.force_login(co_chair)
    response = client.post(
        f"{BASE}/{group.slug}/actions",
        {"title": "Draft the scope", "owner_user_id": group_member.pk, "due_on": due_on},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert error_of(response)["fields"]["due_on"] == [message]
    assert not ActionItem.objects.exists()


def test_the_action_page_shows_the_due_date_error_and_saves_nothing(
    client, co_chair, group, group_member
):
    client.force_login(co_chair)
    response = client.post(
        reverse("workspace:action-create", args=[group.slug]),
        {"title": "Draft the scope", "owner_user": group_member.pk, "due_on": "2001-06-30"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == ["The due date cannot be in the past."]
    assert not ActionItem.objects.exists()


def test_an_action_item_due_today_is_accepted(client, co_chair, group, group_member):
    client.force_login(co_chair)
    response = client.post(
        f"{BASE}/{group.slug}/actions",
        {
            "title": "Draft the scope",
            "owner_user_id": group_member.pk,
            "due_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201


def test_an_agenda_of_hundreds_of_items_is_refused_on_the_page_and_in_the_api(
    client, co_chair, group
):
    client.force_login(co_chair)
    lines = [f"Item {n}" for n in range(51)]
    page = client.post(
        reverse("workspace:meeting-create", args=[group.slug]),
        {**meeting_form(at(7), at(7, 12)), "agenda": "\n".join(lines)},
    )
    assert page.context["form"].errors["agenda"] == [
        "A meeting's agenda can have at most 50 items."
    ]
    api = client.post(
        f"{BASE}/{group.slug}/meetings",
        {
            "title": "Pilot review",
            "starts_at": _local(at(7)),
            "ends_at": _local(at(7, 12)),
            "time_zone": "Asia/Almaty",
            "agenda": lines,
        },
        content_type="application/json",
    )
    assert api.status_code == 422
    assert set(error_of(api)["fields"]) == {"agenda"}
    assert not GroupMeeting.objects.exists()
