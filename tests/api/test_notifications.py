"""The notification inbox over the API: private to its recipient, read by keyset pages with no
full count, texts in the reader's language, read marks."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from silkbridge.notifications.models import Notification
from silkbridge.notifications.services import notify
from tests.api.helpers import error_of

INBOX = "/api/v1/notifications"
PERSONAS = ["owner", "counterpart", "secretariat", "outsider", "anonymous"]
FIXTURES = {"owner": "member", "counterpart": "outsider", "outsider": "observer"}


@pytest.fixture
def as_persona(client, request, db):
    """The recipient (`member`), and others who must not see their notifications."""

    def sign_in(name: str) -> Client:
        if name != "anonymous":
            client.force_login(request.getfixturevalue(FIXTURES.get(name, name)))
        return client

    return sign_in


@pytest.fixture
def make_notifications(db):
    """`n` notifications for a user, one minute apart, the last one newest."""

    def make(user, n: int, kind: str = "opportunity_approved", **params):
        start = timezone.now() - datetime.timedelta(minutes=n)
        return Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    kind=kind,
                    params={"title": f"Post {i}", **params},
                    url=f"/opportunities/{i}/",
                    created_at=start + datetime.timedelta(minutes=i),
                )
                for i in range(n)
            ]
        )

    return make


@pytest.mark.parametrize(
    ("persona", "code", "seen"),
    [
        ("owner", 200, 1),
        ("counterpart", 200, 0),
        ("secretariat", 200, 0),
        ("outsider", 200, 0),
        ("anonymous", 401, None),
    ],
)
def test_notifications_are_private_to_their_recipient(
    as_persona, persona, code, seen, member, make_notifications
):
    make_notifications(member, 1)

    response = as_persona(persona).get(INBOX)

    assert response.status_code == code
    if seen is not None:
        assert len(response.json()["items"]) == seen


def test_each_notification_has_its_text_link_and_read_state(client, member, organisation):
    notify(
        [member],
        "interest_received",
        url="/opportunities/7/",
        params={"organisation": "Lahore Software House", "title": "Open banking"},
    )
    client.force_login(member)

    item = client.get(INBOX).json()["items"][0]

    assert set(item) == {"id", "kind", "text", "url", "created_at", "read"}
    assert item["kind"] == "interest_received"
    assert item["text"] == "Lahore Software House is interested in “Open banking”"
    assert item["url"] == "http://testserver/opportunities/7/"
    assert item["read"] is False


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "“Open banking” expires on March 5, 2031; renew it to keep it open"),
        ("ru", "5 марта 2031 г."),
    ],
)
def test_the_text_is_in_the_readers_language(client, member, language, text, token_for):
    # given a reader whose account language is set, calling with a token and no Accept-Language
    member.language = language
    member.save(update_fields=["language"])
    notify([member], "opportunity_expiring", params={"title": "Open banking", "date": "2031-03-05"})

    response = client.get(INBOX, headers={"authorization": f"Bearer {token_for(member)}"})

    assert text in response.json()["items"][0]["text"]


def test_pages_follow_cursors_without_counting_the_inbox(client, member, make_notifications):
    made = make_notifications(member, 25)
    client.force_login(member)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(INBOX, {"page_size": 10}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    back = client.get(third["previous"]).json()

    titles = [f"Post {i}" for i in range(24, -1, -1)]
    assert [i["text"] for i in first["items"]] == [f"“{t}” is published" for t in titles[:10]]
    assert [i["id"] for i in second["items"]] == [n.pk for n in made[14:4:-1]]
    assert [i["id"] for i in third["items"]] == [n.pk for n in made[4::-1]]
    assert third["next"] is None
    assert first["previous"] is None
    assert [i["id"] for i in back["items"]] == [i["id"] for i in second["items"]]
    assert "count" not in first
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"before": "abc"}, "before"),
        ({"before": "0"}, "before"),
        ({"page_size": "500"}, "page_size"),
    ],
)
def test_a_bad_cursor_is_named(client, member, params, field):
    client.force_login(member)

    response = client.get(INBOX, params)

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]


def test_the_unread_count_stops_at_the_badges_limit(client, member, make_notifications):
    client.force_login(member)
    make_notifications(member, 3)

    assert client.get(f"{INBOX}/unread-count").json() == {"unread": 3, "limit": 99, "more": False}

    make_notifications(member, 120)
    assert client.get(f"{INBOX}/unread-count").json() == {"unread": 99, "limit": 99, "more": True}


def test_the_unread_count_needs_a_sign_in(client, db):
    assert client.get(f"{INBOX}/unread-count").status_code == 401


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 404),
        ("secretariat", 404),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_only_the_recipient_marks_a_notification_read(
    as_persona, persona, code, member, make_notifications
):
    [notification] = make_notifications(member, 1)

    response = as_persona(persona).post(f"{INBOX}/{notification.pk}/read")

    assert response.status_code == code
    if code == 200:
        assert response.json()["read"] is True
    notification.refresh_from_db()
    assert (notification.read_at is not None) == (code == 200)


def test_marking_all_read_touches_only_ones_own(member, outsider, make_notifications, token_for):
    make_notifications(member, 4)
    make_notifications(outsider, 2)
    Notification.objects.filter(pk=Notification.objects.filter(recipient=member).first().pk).update(
        read_at=timezone.now()
    )
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"{INBOX}/read-all", headers={"authorization": f"Bearer {token_for(member)}"}
    )

    assert response.status_code == 200
    assert response.json() == {"marked": 3}
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=outsider, read_at__isnull=True).count() == 2
