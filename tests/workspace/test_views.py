"""Workspace pages: the permission matrix (secretariat, co-chair, member, another group's
member, outsider, anonymous), forms that show field errors and write nothing, CSV export."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.workspace import services
from silkbridge.workspace.models import ActionItem, Decision, GroupMeeting

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat", "co_chair", "group_member", "other_member", "outsider", "anonymous"]


@pytest.fixture
def as_persona(request, client):
    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


def expect(response, status: int) -> None:
    assert response.status_code == status, (response.status_code, status)
    if status == 302:
        assert reverse("accounts:login") in response["Location"]


SEE = {"secretariat": 200, "co_chair": 200, "group_member": 200}
HIDDEN = {"other_member": 404, "outsider": 404, "anonymous": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_group_and_meeting_pages(as_persona, persona, group, meeting, decision, member_action):
    client = as_persona(persona)
    status = {**SEE, **HIDDEN}[persona]
    expect(client.get(group.get_absolute_url()), status)
    expect(client.get(meeting.get_absolute_url()), status)
    expect(client.get(member_action.get_absolute_url()), status)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("co_chair", 200), ("group_member", 403), *HIDDEN.items()],
)
def test_plan_and_edit_meeting_pages(as_persona, persona, status, group, meeting):
    client = as_persona(persona)
    expect(client.get(reverse("workspace:meeting-create", args=[group.slug])), status)
    expect(client.get(reverse("workspace:meeting-edit", args=[meeting.pk])), status)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("co_chair", 404),
        ("group_member", 404),
        ("other_member", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_overview_and_csv_are_for_the_secretariat(as_persona, persona, status, decision):
    client = as_persona(persona)
    expect(client.get(reverse("workspace:overview")), status)
    expect(client.get(reverse("workspace:overview-csv")), status)


def test_group_list_shows_only_my_groups(client, group, other_group, group_member, other_member):
    client.force_login(group_member)
    page = client.get(reverse("workspace:list")).content.decode()
    assert "Fintech" in page and "E-government" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", "in_progress"),
        ("co_chair", "in_progress"),
        ("group_member", "in_progress"),  # the owner
        ("other_member", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_status_change_matrix(as_persona, persona, status, member_action):
    response = as_persona(persona).post(
        reverse("workspace:action-status", args=[member_action.pk]),
        {"status": "in_progress", "expected": "open"},
    )
    member_action.refresh_from_db()
    if isinstance(status, int):
        expect(response, status)
        assert member_action.status == "open"
    else:
        assert response.status_code == 302
        assert member_action.status == status


def test_pk_co_chair_item_is_not_the_members_to_change(client, decision, group_member):
    theirs = decision.action_items.exclude(owner_user=group_member).get()
    client.force_login(group_member)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("workspace:action-status", args=[theirs.pk]),
        {"status": "done", "expected": "open"},
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "open"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", "created"), ("co_chair", "created"), ("group_member", 403), *HIDDEN.items()],
)
def test_decision_matrix(as_persona, persona, status, held_meeting, group_member):
    response = as_persona(persona).post(
        reverse("workspace:decision-create", args=[held_meeting.pk]),
        {
            "text": "Go ahead.",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Write it",
            "actions-0-owner_user": str(group_member.pk),
            "actions-0-due_on": timezone.localdate().isoformat(),
        },
    )
    if status == "created":
        assert response["Location"].endswith("#decisions")
        assert ActionItem.objects.get().owner_user == group_member
    else:
        expect(response, status)
        assert not Decision.objects.exists()


def test_decision_form_shows_errors_and_writes_nothing(client, co_chair, held_meeting, outsider):
    client.force_login(co_chair)
    early = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("workspace:decision-create", args=[held_meeting.pk]),
        {
            "text": "Go ahead.",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Write it",
            "actions-0-owner_user": str(co_chair.pk),
            "actions-0-due_on": early,
            "actions-1-title": "",
        },
    )
    assert response.status_code == 422
    assert "The due date cannot be before the meeting" in response.content.decode()
    assert not Decision.objects.exists()


def test_meeting_form_reads_times_in_the_meetings_zone(client, co_chair, group):
    client.force_login(co_chair)
    url = reverse("workspace:meeting-create", args=[group.slug])
    data = {
        "title": "Karachi meeting",
        "starts_at": "2030-03-01T10:00",
        "ends_at": "2030-03-01T09:00",
        "time_zone": "Asia/Karachi",
        "agenda": "One\nTwo\n",
    }
    response = client.post(url, data)
    assert "The meeting must end after it starts." in response.content.decode()
    assert not GroupMeeting.objects.exists()
    response = client.post(url, {**data, "ends_at": "2030-03-01T11:30"})
    meeting = GroupMeeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == datetime.datetime(2030, 3, 1, 5, 0, tzinfo=datetime.UTC)
    assert meeting.agenda.count() == 2
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Asia/Karachi" in page


def test_documents_visible_per_group(
    client, group, co_chair, group_member, other_member, png_upload
):
    client.force_login(co_chair)
    response = client.post(
        reverse("workspace:document-upload", args=[group.slug]),
        {"title": "Pilot scope", "file": png_upload()},
    )
    assert response.status_code == 302
    document = group.documents.get()
    client.force_login(group_member)
    download = client.get(reverse("workspace:document", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    client.force_login(other_member)
    assert client.get(reverse("workspace:document", args=[document.pk])).status_code == 404


def test_wrong_file_type_is_refused_on_the_page(client, group, co_chair):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(co_chair)
    response = client.post(
        reverse("workspace:document-upload", args=[group.slug]),
        {"file": SimpleUploadedFile("x.pdf", b"not a pdf at all")},
        follow=True,
    )
    assert "is not a PDF or an image" in response.content.decode()
    assert not group.documents.exists()


def test_my_action_items_page(client, decision, group_member):
    client.force_login(group_member)
    page = client.get(reverse("workspace:my-actions")).content.decode()
    assert "Draft the scope" in page and "Overdue" in page
    assert "Share the QR specification" not in page


def test_csv_export_follows_filters(client, secretariat, decision, group):
    client.force_login(secretariat)
    response = client.get(reverse("workspace:overview-csv"), {"overdue": "on"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("id,group,title,status")
    assert len(lines) == 2 and "Draft the scope" in lines[1] and ",yes," in lines[1]


def test_overview_paginates(client, secretariat, held_meeting, co_chair):
    for n in range(30):
        services.create_action_item(
            actor=co_chair,
            group=held_meeting.group,
            data={"title": f"Item {n}", "owner_user": co_chair, "due_on": timezone.localdate()},
        )
    client.force_login(secretariat)
    first = client.get(reverse("workspace:overview")).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(reverse("workspace:overview"), {"page": 2}).content.decode()
    assert second.count("/groups/actions/") >= 5


def test_member_can_leave_and_loses_access(client, group, group_member):
    membership = group.memberships.get(user=group_member)
    client.force_login(group_member)
    response = client.post(reverse("workspace:member-remove", args=[membership.pk]))
    assert response["Location"] == reverse("workspace:list")
    assert client.get(group.get_absolute_url()).status_code == 404


def test_add_member_page_explains_co_chair_rule(client, group, co_chair, make_user, organisation):
    make_user("second@qfl.example.kz", organisation=organisation)
    client.force_login(co_chair)
    response = client.post(
        reverse("workspace:member-add", args=[group.slug]),
        {"email": "second@qfl.example.kz", "role": "co_chair"},
        follow=True,
    )
    assert "one co-chair per country" in response.content.decode()
    assert group.memberships.count() == 1


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_the_data(
    client, secretariat, co_chair, group_member, held_meeting, png_upload
):
    """No N+1: more decisions, action items and documents cost no extra queries."""
    group = held_meeting.group

    def add(n: int) -> None:
        services.record_decision(
            actor=co_chair,
            meeting=held_meeting,
            text=f"Decision {n}",
            actions=[
                {"title": f"Item {n}", "owner_user": group_member, "due_on": timezone.localdate()}
            ]
            * 2,
        )
        services.upload_document(
            actor=co_chair, group=group, upload=png_upload(), meeting=held_meeting
        )

    add(0)
    client.force_login(secretariat)
    urls = [
        group.get_absolute_url(),
        held_meeting.get_absolute_url(),
        reverse("workspace:overview"),
        reverse("workspace:list"),
    ]
    before = [_queries(client, url) for url in urls]
    for n in range(1, 6):
        add(n)
    assert [_queries(client, url) for url in urls] == before
    client.force_login(group_member)
    mine = _queries(client, reverse("workspace:my-actions"))
    add(9)
    assert _queries(client, reverse("workspace:my-actions")) == mine


def test_sub_groups(client, secretariat, group, co_chair, make_user):
    client.force_login(secretariat)
    response = client.post(
        reverse("workspace:create"), {"name": "Open banking", "parent": group.pk}
    )
    sub = group.subgroups.get()
    assert response["Location"] == sub.get_absolute_url()
    assert "Open banking" in client.get(group.get_absolute_url()).content.decode()
    # A parent group's co-chair is not a member of the sub-group: it stays hidden.
    client.force_login(co_chair)
    assert "Open banking" not in client.get(group.get_absolute_url()).content.decode()
    assert client.get(sub.get_absolute_url()).status_code == 404


def test_add_organisation_by_short_name(client, group, co_chair, group_member, make_organisation):
    karachi = make_organisation("Karachi Systems", country="PK")
    url = reverse("workspace:organisation-add", args=[group.slug])
    client.force_login(group_member)
    assert client.post(url, {"organisation": karachi.slug}).status_code == 403
    client.force_login(co_chair)
    response = client.post(url, {"organisation": "no-such-thing"}, follow=True)
    assert "No organisation in the directory has this short name." in response.content.decode()
    client.post(url, {"organisation": f"http://x/directory/{karachi.slug}/"})
    assert group.member_orgs.filter(organisation=karachi).exists()


def test_add_member_for_one_of_several_organisations(
    client, group, co_chair, make_user, organisation, other_organisation
):
    from silkbridge.directory.models import Person

    both = make_user("both@example.org", organisation=organisation)
    Person.objects.create(organisation=other_organisation, user=both, full_name="Both")
    client.force_login(co_chair)
    url = reverse("workspace:member-add", args=[group.slug])
    client.post(url, {"email": both.email, "role": "co_chair"})
    assert not group.memberships.filter(user=both).exists()  # which organisation?
    client.post(
        url, {"email": both.email, "role": "co_chair", "organisation": other_organisation.slug}
    )
    membership = group.memberships.get(user=both)
    assert (membership.organisation, membership.country) == (other_organisation, "PK")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("co_chair", 200), ("group_member", 403), *HIDDEN.items()],
)
def test_action_create_page_matrix(as_persona, persona, status, group):
    expect(as_persona(persona).get(reverse("workspace:action-create", args=[group.slug])), status)


def test_action_create_page(client, group, co_chair, outsider, group_member):
    client.force_login(co_chair)
    url = reverse("workspace:action-create", args=[group.slug])
    response = client.post(url, {"title": "Collect contacts", "due_on": "2030-01-01"})
    assert "Name an owner" in response.content.decode()
    response = client.post(
        url, {"title": "Collect contacts", "due_on": "2030-01-01", "owner_user": group_member.pk}
    )
    item = ActionItem.objects.get()
    assert response["Location"] == item.get_absolute_url() and item.decision is None


def test_agenda_and_meeting_documents(client, meeting, co_chair, group_member, png_upload):
    client.force_login(group_member)
    url = reverse("workspace:agenda-add", args=[meeting.pk])
    assert client.post(url, {"title": "AOB"}).status_code == 403
    client.force_login(co_chair)
    client.post(url, {"title": "AOB"})
    assert list(meeting.agenda.values_list("title", flat=True))[-1] == "AOB"
    client.post(
        reverse("workspace:document-upload", args=[meeting.group.slug]),
        {"meeting": meeting.pk, "file": png_upload("slides.png")},
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "slides.png" in page
