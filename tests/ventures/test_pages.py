"""Venture pages: who sees and changes what (the permission matrix), forms with field errors,
origins prefilled, the stage timeline, the CSV export and the exchange-rate page."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.ventures.models import ExchangeRate, StageChange, Venture

pytestmark = pytest.mark.django_db

SIGNED_IN = ["secretariat", "party", "group_member", "outsider"]


def _login_redirect(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["anonymous"])
@pytest.mark.parametrize("name", ["ventures:list", "ventures:new", "ventures:rates"])
def test_anonymous_visitors_are_asked_to_sign_in(as_persona, persona, name):
    assert _login_redirect(as_persona(persona).get(reverse(name)))


@pytest.mark.parametrize(
    ("persona", "open_status", "secret_status"),
    [
        ("secretariat", 200, 200),
        ("party", 200, 200),
        ("group_member", 200, 404),
        ("outsider", 200, 404),
    ],
)
def test_detail_matrix(
    as_persona, open_venture, secret_venture, persona, open_status, secret_status
):
    client = as_persona(persona)
    assert client.get(open_venture.get_absolute_url()).status_code == open_status
    assert client.get(secret_venture.get_absolute_url()).status_code == secret_status


def test_anonymous_cannot_see_a_venture(as_persona, open_venture):
    assert _login_redirect(as_persona("anonymous").get(open_venture.get_absolute_url()))


@pytest.mark.parametrize(
    ("persona", "sees_secret"),
    [("secretariat", True), ("party", True), ("group_member", False), ("outsider", False)],
)
def test_the_list_and_csv_hide_confidential_ventures_from_non_parties(
    as_persona, open_venture, secret_venture, persona, sees_secret
):
    client = as_persona(persona)
    page = client.get(reverse("ventures:list")).content.decode()
    assert "Open banking gateway" in page
    assert ("Secret joint venture" in page) is sees_secret
    response = client.get(reverse("ventures:export"))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert ("Secret joint venture" in {row["title"] for row in rows}) is sees_secret


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 302), ("party", 302), ("group_member", 403), ("outsider", 403)],
)
def test_stage_change_matrix(as_persona, open_venture, persona, status, days_ago):
    response = as_persona(persona).post(
        reverse("ventures:stage", args=[open_venture.pk]),
        {
            "to_stage": "in_talks",
            "changed_on": days_ago(1).isoformat(),
            "expected_stage": "introduced",
        },
    )
    assert response.status_code == status
    open_venture.refresh_from_db()
    assert (open_venture.stage == "in_talks") is (status == 302)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("party", 200), ("group_member", 403), ("outsider", 403)],
)
def test_edit_page_matrix(as_persona, open_venture, persona, status):
    assert (
        as_persona(persona).get(reverse("ventures:edit", args=[open_venture.pk])).status_code
        == status
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 302), ("party", 403), ("group_member", 403), ("outsider", 403)],
)
def test_only_the_secretariat_marks_reviewed(as_persona, open_venture, persona, status):
    response = as_persona(persona).post(reverse("ventures:review", args=[open_venture.pk]))
    assert response.status_code == status
    open_venture.refresh_from_db()
    assert (open_venture.reviewed_at is not None) is (status == 302)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 302), ("party", 403), ("group_member", 403), ("outsider", 403)],
)
def test_only_the_secretariat_records_rates(as_persona, persona, status):
    response = as_persona(persona).post(
        reverse("ventures:rates"),
        {
            "currency": "kzt",
            "usd_per_unit": "0.00198",
            "valid_from": timezone.localdate().isoformat(),
            "source": "National Bank of Kazakhstan",
        },
    )
    assert response.status_code == status
    assert ExchangeRate.objects.filter(is_reference=False).exists() is (status == 302)


def test_going_back_without_a_reason_shows_the_error_on_the_form(
    as_persona, make_venture, days_ago
):
    venture = make_venture(stage="mou_signed")
    response = as_persona("party").post(
        reverse("ventures:stage", args=[venture.pk]),
        {
            "to_stage": "in_talks",
            "changed_on": days_ago(1).isoformat(),
            "expected_stage": "mou_signed",
        },
    )
    assert response.status_code == 422
    assert "needs a reason" in response.content.decode()
    assert StageChange.objects.filter(venture=venture).count() == 1


def test_a_stale_page_gets_a_conflict_message(as_persona, open_venture, days_ago):
    Venture.objects.filter(pk=open_venture.pk).update(stage="in_talks")
    response = as_persona("party").post(
        reverse("ventures:stage", args=[open_venture.pk]),
        {
            "to_stage": "mou_signed",
            "changed_on": days_ago(1).isoformat(),
            "expected_stage": "introduced",
        },
    )
    assert response.status_code == 422
    assert "Someone else changed the stage" in response.content.decode()


def _form(**overrides):
    data = {
        "title": "Cloud training programme",
        "summary": "",
        "kind": "services_contract",
        "stage": "in_talks",
        "started_on": timezone.localdate().isoformat(),
        "parties": "qazaq-fintech-labs\nkarachi-cloud-works",
        "value_amount": "250000",
        "value_currency": "USD",
        "jobs_created": "3",
        "people_exchanged": "0",
    }
    data.update(overrides)
    return data


def test_a_party_records_a_venture_on_the_page(as_persona, kz_org, pk_org, member):
    response = as_persona("party").post(reverse("ventures:new"), _form())
    venture = Venture.objects.get()
    assert response.status_code == 302 and response["Location"] == venture.get_absolute_url()
    assert (venture.stage, venture.value_usd, venture.created_by) == ("in_talks", 250000, member)
    page = as_persona("party").get(venture.get_absolute_url()).content.decode()
    assert "Stage timeline" in page and "In talks" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value_amount": "-1"}, "The value cannot be negative."),
        ({"value_currency": "XYZ"}, "Unknown currency XYZ"),
        ({"parties": "qazaq-fintech-labs"}, "at least two organisations"),
        ({"parties": "qazaq-fintech-labs\nno-such-org"}, "no-such-org"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_written(
    as_persona, kz_org, pk_org, overrides, message
):
    response = as_persona("party").post(reverse("ventures:new"), _form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Venture.objects.exists()


def test_a_venture_starts_from_an_accepted_introduction(as_persona, kz_org, pk_org):
    from silkbridge.introductions.models import Introduction

    introduction = Introduction.objects.create(
        org_a=kz_org,
        org_b=pk_org,
        origin="profile",
        status="accepted",
        a_response="accepted",
        b_response="accepted",
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    client = as_persona("party")
    url = reverse("ventures:new") + f"?from_introduction={introduction.pk}"
    page = client.get(url).content.decode()
    assert "qazaq-fintech-labs\nkarachi-cloud-works" in page
    # The addresses are named beside the box, the first as the lead.
    assert "Qazaq Fintech Labs</bdi> (KZ, lead)" in page
    assert "Karachi Cloud Works</bdi> (PK)" in page
    response = client.post(url, _form(from_introduction=introduction.pk))
    assert response.status_code == 302
    venture = Venture.objects.get()
    assert (venture.origin, venture.origin_introduction) == ("introduction", introduction)


@pytest.mark.parametrize(("status", "code"), [("pending", 403), ("accepted", 404)])
def test_introduction_origins_are_checked(
    as_persona, kz_org, pk_org, make_organisation, status, code
):
    from silkbridge.introductions.models import Introduction

    third = make_organisation("Quetta Data", country="PK")
    # Pending: the party may see it but not start a venture; accepted between others: hidden.
    pair = (kz_org, pk_org) if status == "pending" else (pk_org, third)
    introduction = Introduction.objects.create(
        org_a=pair[0], org_b=pair[1], origin="profile", status=status, expires_at=timezone.now()
    )
    response = as_persona("party").get(
        reverse("ventures:new") + f"?from_introduction={introduction.pk}"
    )
    assert response.status_code == code


def test_a_venture_starts_from_a_working_group_decision(
    as_persona, group, group_member, kz_org, pk_org
):
    import datetime

    from silkbridge.workspace.models import Decision, GroupMeeting

    starts = timezone.now() - datetime.timedelta(days=3)
    meeting = GroupMeeting.objects.create(
        group=group,
        title="Spring meeting",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        time_zone="Asia/Almaty",
    )
    decision = Decision.objects.create(meeting=meeting, text="Launch a joint fintech academy.")
    url = reverse("ventures:new") + f"?from_decision={decision.pk}"
    assert as_persona("outsider").get(url).status_code == 404  # private to the group
    client = as_persona("group_member")
    assert client.get(url).status_code == 200
    # A plain member names one of their own organisations among the parties, as anywhere else.
    refused = client.post(url, _form(from_decision=decision.pk, kind="joint_programme"))
    assert refused.status_code == 200
    assert "One of your organisations must be among the parties." in refused.content.decode()
    assert not Venture.objects.exists()
    # The group's co-chair records what its decision started, whoever the parties are.
    from silkbridge.workspace.models import GroupMembership

    GroupMembership.objects.filter(user=group_member).update(role="co_chair")
    response = client.post(url, _form(from_decision=decision.pk, kind="joint_programme"))
    assert response.status_code == 302
    venture = Venture.objects.get()
    assert venture.origin == "working_group_decision"
    assert venture.origin_object == decision
    assert venture.working_group == group
    assert "Spring meeting" in venture.origin_label


def test_people_without_an_organisation_cannot_open_the_form(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("ventures:new")).status_code == 403


def test_list_filters(as_persona, make_venture, sector):
    make_venture(title="Alpha exchange", kind="academic_exchange", sectors=[sector])
    make_venture(title="Beta contract", stage="mou_signed")
    client = as_persona("party")

    def titles(query):
        return client.get(reverse("ventures:list") + query).content.decode()

    assert "Alpha exchange" in titles("?academic=on") and "Beta contract" not in titles(
        "?academic=on"
    )
    assert "Beta contract" in titles("?stage=mou_signed") and "Alpha exchange" not in titles(
        "?stage=mou_signed"
    )
    assert "Alpha exchange" in titles("?sector=fintech") and "Beta contract" not in titles(
        "?sector=fintech"
    )
    assert "Alpha exchange" in titles("?country=PK&stage=bogus")


@pytest.fixture
def b2b_meeting(kz_org, pk_org):
    """A held B2B meeting between the two organisations at a forum (rows written directly)."""
    import datetime

    from silkbridge.forums.models import Event, Meeting, Participant, Session, TimeSlot

    day = timezone.localdate() - datetime.timedelta(days=30)
    starts = timezone.now() - datetime.timedelta(days=30)
    event = Event.objects.create(
        name="Astana IT Forum",
        slug="astana-it",
        time_zone="Asia/Almaty",
        starts_on=day,
        ends_on=day,
    )
    session = Session.objects.create(
        event=event, name="Morning", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    slot = TimeSlot.objects.create(
        event=event,
        session=session,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=30),
    )
    a = Participant.objects.create(event=event, organisation=kz_org)
    b = Participant.objects.create(event=event, organisation=pk_org)
    return Meeting.objects.create(event=event, a=a, b=b, slot=slot, status="held")


def test_a_venture_starts_from_a_b2b_meeting(as_persona, b2b_meeting):
    url = reverse("ventures:new") + f"?from_meeting={b2b_meeting.pk}"
    assert as_persona("outsider").get(url).status_code == 404  # private to its two sides
    client = as_persona("party")
    page = client.get(url).content.decode()
    assert "Astana IT Forum" in page
    assert "qazaq-fintech-labs\nkarachi-cloud-works" in page
    response = client.post(url, _form(from_meeting=b2b_meeting.pk))
    assert response.status_code == 302
    venture = Venture.objects.get()
    assert (venture.origin, venture.origin_object) == ("b2b_meeting", b2b_meeting)
    assert "Astana IT Forum" in venture.origin_label


def test_the_list_page_and_api_read_a_bounded_number_of_queries(
    as_persona, make_venture, sector, group
):
    client = as_persona("party")
    make_venture(sectors=[sector], working_group=group)

    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = (count(reverse("ventures:list")), count("/api/v1/ventures"))
    for n in range(12):
        make_venture(title=f"Venture {n}", sectors=[sector], working_group=group)
    many = (count(reverse("ventures:list")), count("/api/v1/ventures"))
    assert many == few


def test_the_secretariat_corrects_a_venture_on_the_edit_page(as_persona, make_venture, member):
    from auditlog.models import LogEntry

    venture = make_venture(kind="academic_exchange", seats=10)
    client = as_persona("secretariat")
    form = client.get(reverse("ventures:edit", args=[venture.pk])).content.decode()
    assert "qazaq-fintech-labs\nkarachi-cloud-works" in form
    response = client.post(
        reverse("ventures:edit", args=[venture.pk]),
        {
            "title": "Semester exchange in software engineering",
            "kind": "academic_exchange",
            "started_on": venture.started_on.isoformat(),
            "parties": "karachi-cloud-works\nqazaq-fintech-labs",
            "seats": "12",
            "intake_dates": "2027-09-01",
            "fields_of_study": "Software engineering",
            "people_exchanged": "8",
            "jobs_created": "0",
        },
    )
    assert response.status_code == 302
    venture.refresh_from_db()
    assert (venture.title, venture.seats, venture.intake_dates, venture.people_exchanged) == (
        "Semester exchange in software engineering",
        12,
        ["2027-09-01"],
        8,
    )
    assert venture.parties.get(role="lead").organisation.slug == "karachi-cloud-works"
    assert LogEntry.objects.get_for_object(venture).filter(actor__platform_role="secretariat")
    page = as_persona("party").get(venture.get_absolute_url()).content.decode()
    assert "Software engineering" in page and "2027-09-01" in page


@pytest.mark.parametrize(("persona", "status"), [("secretariat", 302), ("party", 403)])
def test_correcting_the_history_on_the_page(as_persona, open_venture, days_ago, persona, status):
    change = open_venture.stage_changes.get()
    client = as_persona(persona)
    page = client.get(open_venture.get_absolute_url()).content.decode()
    assert ("Correct this entry" in page) is (status == 302)
    response = client.post(
        reverse("ventures:correct-stage-change", args=[open_venture.pk, change.pk]),
        {f"{change.pk}-changed_on": days_ago(-3).isoformat(), f"{change.pk}-reason": ""},
    )
    assert response.status_code == status
    if status == 302:
        # A future date is refused with its message; the entry keeps its date.
        messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
        assert "The date cannot be in the future." in messages
    change.refresh_from_db()
    assert change.changed_on == days_ago(200)
