"""The workspace API: same permission matrix as the pages, the common error shape, field
errors for bad input (nothing written), and bounded query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from silkbridge.workspace.models import ActionItem, Decision, GroupMeeting
from tests.api.helpers import error_of

pytestmark = pytest.mark.django_db

BASE = "/api/v1/groups"
PERSONAS = ["secretariat", "co_chair", "group_member", "other_member", "outsider", "anonymous"]


@pytest.fixture(autouse=True)
def _empty_rate_limit_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def as_persona(request, client):
    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


READ = {
    "secretariat": 200,
    "co_chair": 200,
    "group_member": 200,
    "other_member": 404,
    "outsider": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_matrix(as_persona, persona, group, meeting, member_action):
    client = as_persona(persona)
    for url in (
        f"{BASE}/{group.slug}",
        f"{BASE}/{group.slug}/members",
        f"{BASE}/{group.slug}/meetings",
        f"{BASE}/{group.slug}/actions",
        f"{BASE}/meetings/{meeting.pk}",
        f"{BASE}/actions/{member_action.pk}",
    ):
        response = client.get(url)
        assert response.status_code == READ[persona], url
        if response.status_code >= 400:
            error_of(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_group_list(as_persona, persona, group, other_group, co_chair, group_member, other_member):
    response = as_persona(persona).get(BASE)
    if persona == "anonymous":
        assert response.status_code == 401
        return
    slugs = {g["slug"] for g in response.json()["items"]}
    expected = {
        "secretariat": {"fintech", "e-government"},
        "co_chair": {"fintech"},
        "group_member": {"fintech"},
        "other_member": {"e-government"},
        "outsider": set(),
    }[persona]
    assert slugs == expected


WRITE = {
    "secretariat": 201,
    "co_chair": 201,
    "group_member": 403,
    "other_member": 404,
    "outsider": 404,
    "anonymous": 401,
}


def meeting_body(**overrides) -> dict:
    return {
        "title": "Pilot review",
        "starts_at": "2030-05-01T10:00",
        "ends_at": "2030-05-01T12:00",
        "time_zone": "Asia/Karachi",
        "agenda": ["Scope", "Budget"],
        **overrides,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_meeting_matrix(as_persona, persona, group, co_chair, group_member):
    response = as_persona(persona).post(
        f"{BASE}/{group.slug}/meetings", meeting_body(), content_type="application/json"
    )
    assert response.status_code == WRITE[persona]
    if response.status_code == 201:
        body = response.json()
        assert body["starts_at"].startswith("2030-05-01T05:00")  # 10:00 in Karachi, in UTC
        assert [a["title"] for a in body["agenda"]] == ["Scope", "Budget"]
    else:
        assert not GroupMeeting.objects.exists()


def test_plan_meeting_bad_input(client, group, co_chair):
    client.force_login(co_chair)
    response = client.post(
        f"{BASE}/{group.slug}/meetings",
        meeting_body(ends_at="2030-05-01T09:00", time_zone="Mars/Olympus"),
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = error_of(response)["fields"]
    assert set(fields) == {"ends_at", "time_zone"}
    assert not GroupMeeting.objects.exists()


def decision_body(owner_id, due_on, **overrides) -> dict:
    return {
        "text": "Go ahead with the pilot.",
        "actions": [
            {"title": "Draft", "owner_user_id": owner_id, "due_on": due_on},
            {"title": "Review", "owner_user_id": owner_id, "due_on": due_on},
        ],
        **overrides,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_decision_matrix(as_persona, persona, held_meeting, group_member):
    today = timezone.localdate().isoformat()
    response = as_persona(persona).post(
        f"{BASE}/meetings/{held_meeting.pk}/decisions",
        decision_body(group_member.pk, today),
        content_type="application/json",
    )
    assert response.status_code == WRITE[persona]
    if response.status_code == 201:
        items = response.json()["action_items"]
        assert [i["owner_user_id"] for i in items] == [group_member.pk] * 2
    assert ActionItem.objects.count() == (2 if response.status_code == 201 else 0)


def test_decision_bad_input_writes_nothing(client, held_meeting, co_chair, outsider):
    client.force_login(co_chair)
    early = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    body = decision_body(co_chair.pk, early)
    body["actions"][1]["owner_user_id"] = outsider.pk
    body["actions"][1]["due_on"] = timezone.localdate().isoformat()
    response = client.post(
        f"{BASE}/meetings/{held_meeting.pk}/decisions", body, content_type="application/json"
    )
    assert response.status_code == 422
    fields = error_of(response)["fields"]
    assert set(fields) == {"actions.0.due_on", "actions.1.owner_user_id"}
    assert not Decision.objects.exists()
    response = client.post(
        f"{BASE}/meetings/{held_meeting.pk}/decisions",
        decision_body(999999, early),
        content_type="application/json",
    )
    assert error_of(response)["fields"] == {"actions.0.owner_user_id": ["No such user."]}


STATUS = {
    "secretariat": 200,
    "co_chair": 200,
    "group_member": 200,
    "other_member": 404,
    "outsider": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_status_matrix(as_persona, persona, member_action):
    response = as_persona(persona).post(
        f"{BASE}/actions/{member_action.pk}/status",
        {"status": "done", "expected": "open"},
        content_type="application/json",
    )
    assert response.status_code == STATUS[persona]
    member_action.refresh_from_db()
    assert (member_action.status == "done") == (response.status_code == 200)
    if response.status_code == 200:
        assert response.json()["completed_at"] is not None


def test_status_conflict_and_bad_value(client, member_action, group_member, co_chair):
    client.force_login(group_member)
    url = f"{BASE}/actions/{member_action.pk}/status"
    bad = client.post(url, {"status": "finished"}, content_type="application/json")
    assert bad.status_code == 422 and "status" in error_of(bad)["fields"]
    client.post(url, {"status": "in_progress"}, content_type="application/json")
    stale = client.post(
        url, {"status": "done", "expected": "open"}, content_type="application/json"
    )
    assert stale.status_code == 422
    assert "changed this action item" in error_of(stale)["message"]


def test_comments_over_the_api(client, member_action, group_member, other_member):
    client.force_login(group_member)
    url = f"{BASE}/actions/{member_action.pk}/comments"
    response = client.post(url, {"text": "Draft sent."}, content_type="application/json")
    assert response.status_code == 201
    detail = client.get(f"{BASE}/actions/{member_action.pk}").json()
    assert [c["text"] for c in detail["comments"]] == ["Draft sent."]
    client.force_login(other_member)
    assert client.post(url, {"text": "x"}, content_type="application/json").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("co_chair", 403), ("group_member", 403), ("anonymous", 401)],
)
def test_overview_matrix(as_persona, persona, status, decision):
    response = as_persona(persona).get(f"{BASE}/actions", {"overdue": "true"})
    assert response.status_code == status
    if status == 200:
        assert [i["title"] for i in response.json()["items"]] == ["Draft the scope"]


def test_my_actions(client, decision, group_member):
    client.force_login(group_member)
    items = client.get(f"{BASE}/actions/mine").json()["items"]
    assert [(i["title"], i["overdue"]) for i in items] == [("Draft the scope", True)]


def test_add_member_explains_co_chair_rule(client, group, co_chair, make_user, organisation):
    second = make_user("second@qfl.example.kz", organisation=organisation)
    client.force_login(co_chair)
    response = client.post(
        f"{BASE}/{group.slug}/members",
        {"user_id": second.pk, "role": "co_chair"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "one co-chair per country" in error_of(response)["fields"]["role"][0]
    ok = client.post(
        f"{BASE}/{group.slug}/members", {"user_id": second.pk}, content_type="application/json"
    )
    assert ok.status_code == 201 and ok.json()["organisation"]["country"] == "KZ"


def test_meeting_detail_queries_are_bounded(client, held_meeting, co_chair, group_member):
    from silkbridge.workspace import services

    client.force_login(co_chair)
    due = timezone.localdate()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{BASE}/meetings/{held_meeting.pk}").status_code == 200
        return len(queries)

    services.record_decision(
        actor=co_chair,
        meeting=held_meeting,
        text="One",
        actions=[{"title": "a", "owner_user": group_member, "due_on": due}],
    )
    few = count()
    for n in range(5):
        services.record_decision(
            actor=co_chair,
            meeting=held_meeting,
            text=f"More {n}",
            actions=[{"title": f"b{n}", "owner_user": group_member, "due_on": due}] * 3,
        )
    assert count() == few


@pytest.mark.parametrize("persona", PERSONAS)
def test_add_organisation_matrix(
    as_persona, persona, group, co_chair, group_member, make_organisation
):
    karachi = make_organisation("Karachi Systems", country="PK")
    response = as_persona(persona).post(
        f"{BASE}/{group.slug}/organisations",
        {"organisation_id": karachi.pk},
        content_type="application/json",
    )
    assert response.status_code == WRITE[persona]
    assert group.member_orgs.filter(organisation=karachi).exists() == (response.status_code == 201)


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_action_and_agenda_matrix(as_persona, persona, group, meeting, group_member):
    client = as_persona(persona)
    response = client.post(
        f"{BASE}/{group.slug}/actions",
        {
            "title": "Collect bank contacts",
            "owner_user_id": group_member.pk,
            "due_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == WRITE[persona]
    if response.status_code == 201:
        assert response.json()["decision_id"] is None
    agenda = client.post(
        f"{BASE}/meetings/{meeting.pk}/agenda",
        {"title": "Any other business"},
        content_type="application/json",
    )
    assert agenda.status_code == WRITE[persona]
    assert meeting.agenda.count() == (3 if agenda.status_code == 201 else 2)


def test_create_action_unknown_owner(client, group, co_chair, outsider):
    client.force_login(co_chair)
    response = client.post(
        f"{BASE}/{group.slug}/actions",
        {"title": "x", "owner_user_id": outsider.pk, "due_on": "2030-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"owner_user_id"}
    assert not ActionItem.objects.exists()
