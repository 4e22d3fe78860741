"""Organiser statistics computed from the event's requests, meetings, check-ins and feedback."""

import csv
import io

import pytest
from django.utils import timezone

from silkbridge.forums import stats
from silkbridge.forums.models import Meeting, MeetingFeedback, MeetingRequest, ParticipantStatus


@pytest.fixture
def forum_data(forum, make_participant, make_organisation):
    """Two buyers (KZ) and two suppliers (PK); six requests in every state; four meetings."""
    buyer1 = make_participant(forum, country="KZ", type="buyer", name="Astana Buyer")
    buyer2 = make_participant(forum, country="KZ", type="buyer", name="Almaty Buyer")
    supplier1 = make_participant(forum, country="PK", type="supplier", name="=Formula Supplier")
    supplier2 = make_participant(forum, country="PK", type="supplier", name="Karachi Supplier")
    make_participant(forum, country="PK", type="supplier", status=ParticipantStatus.PENDING)
    requests = {}
    for sender, receiver, status in [
        (buyer1, supplier1, "accepted"),
        (buyer1, supplier2, "accepted"),
        (buyer2, supplier1, "accepted"),
        (buyer2, supplier2, "declined"),
        (supplier1, buyer1, "expired"),  # a second, closed request of the same pair
        (supplier2, buyer2, "pending"),
    ]:
        requests[(sender.pk, receiver.pk)] = MeetingRequest.objects.create(
            event=forum, sender=sender, receiver=receiver, status=status
        )
    slots = list(forum.slots.order_by("starts_at"))
    held = Meeting.objects.create(
        event=forum,
        a=buyer1,
        b=supplier1,
        slot=slots[0],
        table=1,
        status="held",
        request=requests[(buyer1.pk, supplier1.pk)],
    )
    Meeting.objects.create(
        event=forum,
        a=buyer1,
        b=supplier2,
        slot=slots[1],
        table=1,
        status="no_show",
        request=requests[(buyer1.pk, supplier2.pk)],
    )
    Meeting.objects.create(
        event=forum,
        a=buyer2,
        b=supplier1,
        slot=slots[1],
        table=2,
        status="published",
        request=requests[(buyer2.pk, supplier1.pk)],
    )
    Meeting.objects.create(  # a walk-in that took place
        event=forum, a=buyer2, b=supplier2, slot=slots[2], table=1, status="held", walk_in=True
    )
    Meeting.objects.create(  # neither cancelled nor draft meetings count as scheduled
        event=forum, a=buyer1, b=supplier2, slot=slots[3], table=1, status="cancelled"
    )
    Meeting.objects.create(event=forum, a=buyer2, b=supplier1, slot=slots[3], table=2)
    MeetingFeedback.objects.create(
        meeting=held, participant=buyer1, rating=5, follow_up_planned=True
    )
    MeetingFeedback.objects.create(meeting=held, participant=supplier1, rating=2)
    buyer1.checked_in_at = timezone.now()
    buyer1.save(update_fields=["checked_in_at"])
    return {"b1": buyer1, "b2": buyer2, "s1": supplier1, "s2": supplier2}


def test_event_totals_count_each_request_and_meeting_once(forum, forum_data):
    figures = stats.event_stats(forum)
    assert figures.requests == {
        "pending": 1,
        "accepted": 3,
        "declined": 1,
        "expired": 1,
        "cancelled": 0,
    }
    t = figures.totals
    assert (t.requests_sent, t.accepted, t.declined, t.expired, t.pending) == (6, 3, 1, 1, 1)
    assert (t.meetings_scheduled, t.meetings_held, t.no_shows, t.walk_ins) == (4, 2, 1, 1)
    assert t.acceptance_rate == pytest.approx(3 / 5)
    assert t.held_rate == pytest.approx(2 / 3)
    assert (figures.participants_approved, figures.checked_in) == (4, 1)
    assert (figures.feedback_count, figures.follow_ups_planned) == (2, 1)
    assert figures.average_rating == pytest.approx(3.5)


def test_per_participant_figures(forum, forum_data):
    rows = {row.participant.pk: row for row in stats.event_stats(forum).participants}
    b1 = rows[forum_data["b1"].pk]
    f = b1.figures
    assert (f.requests_sent, f.requests_received) == (2, 1)
    assert (f.accepted, f.declined, f.expired, f.pending) == (2, 0, 1, 0)
    assert (f.meetings_scheduled, f.meetings_held, f.no_shows, f.walk_ins) == (2, 1, 1, 0)
    assert b1.checked_in and b1.average_rating == 5.0
    s2 = rows[forum_data["s2"].pk].figures
    assert (s2.requests_sent, s2.requests_received, s2.declined, s2.pending) == (1, 2, 1, 1)
    assert (s2.meetings_scheduled, s2.meetings_held, s2.no_shows, s2.walk_ins) == (2, 1, 1, 1)
    assert len(rows) == 5  # the pending registration is listed, with zeros


def test_per_type_figures_add_up_the_participants(forum, forum_data):
    by_type = {kind: (f, count) for kind, _label, f, count in stats.event_stats(forum).by_type}
    buyers, n_buyers = by_type["buyer"]
    suppliers, n_suppliers = by_type["supplier"]
    assert (n_buyers, n_suppliers) == (2, 3)
    assert (buyers.requests_sent, suppliers.requests_sent) == (4, 2)
    assert (buyers.meetings_scheduled, suppliers.meetings_scheduled) == (4, 4)
    assert (buyers.meetings_held, buyers.no_shows) == (2, 1)


def test_csv_has_one_row_per_participant_and_defuses_formulas(forum, forum_data):
    text = stats.stats_csv(stats.event_stats(forum))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    assert list(rows[0]) == list(stats.CSV_COLUMNS)
    by_name = {row["organisation"]: row for row in rows}
    assert "'=Formula Supplier" in by_name
    astana = by_name["Astana Buyer"]
    assert (astana["checked_in"], astana["requests_sent"], astana["meetings_held"]) == (
        "yes",
        "2",
        "1",
    )
    assert astana["average_rating"] == "5.00"


def test_an_event_without_activity_has_zero_figures(forum):
    figures = stats.event_stats(forum)
    assert figures.totals.requests_sent == 0
    assert figures.totals.acceptance_rate is None
    assert figures.average_rating is None
    assert figures.participants == [] and figures.by_type == []
