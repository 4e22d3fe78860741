"""After the forum: participants that owe feedback are reminded once (when the organisers close
the event or ask), each participant sees its own figures, and an introduction asked for after a
meeting records that meeting as its origin."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from silkbridge.forums import after_event, day_services, services
from silkbridge.forums import meeting_requests as mr
from silkbridge.forums.models import EventStatus, Meeting, MeetingStatus, TimeSlot
from silkbridge.notifications.models import Notification


@pytest.fixture
def over(forum, make_participant, person_of):
    """A forum whose slots are over: kz met pk (held), kz met other (published, never marked)."""
    start = timezone.now() - dt.timedelta(days=1)
    for index, slot in enumerate(forum.slots.order_by("starts_at")):
        TimeSlot.objects.filter(pk=slot.pk).update(
            starts_at=start + dt.timedelta(minutes=30 * index),
            ends_at=start + dt.timedelta(minutes=30 * (index + 1)),
        )
    forum.status = EventStatus.PUBLISHED
    forum.save(update_fields=["status"])
    slots = list(forum.slots.order_by("starts_at"))
    kz = make_participant(forum, country="KZ", name="Qazaq Cloud")
    pk = make_participant(forum, country="PK", name="Lahore Data Systems")
    other = make_participant(forum, country="PK", name="Multan Robotics")
    request = mr.send_request(actor=person_of(pk), sender=pk, receiver=kz)
    mr.accept_request(actor=person_of(kz), request=request)
    held = Meeting.objects.create(
        event=forum,
        request=request,
        a=pk,
        b=kz,
        slot=slots[0],
        table=1,
        status=MeetingStatus.HELD,
    )
    Meeting.objects.create(
        event=forum, a=kz, b=other, slot=slots[1], table=1, status=MeetingStatus.PUBLISHED
    )
    return {"event": forum, "kz": kz, "pk": pk, "other": other, "held": held}


def test_closing_the_event_reminds_each_participant_that_owes_feedback_once(
    over, secretariat, person_of
):
    day_services.submit_feedback(
        actor=person_of(over["pk"]),
        meeting=over["held"],
        participant=over["pk"],
        rating=5,
        follow_up_planned=True,
        notes="",
    )
    services.set_event_status(actor=secretariat, event=over["event"], status=EventStatus.FINISHED)
    reminded = Notification.objects.filter(kind="forum_feedback_reminder")
    # kz owes two, other owes one; pk gave its feedback.
    assert {n.recipient for n in reminded} == {person_of(over["kz"]), person_of(over["other"])}
    kz_note = reminded.get(recipient=person_of(over["kz"]))
    assert kz_note.params["count"] == 2
    assert after_event.remind_feedback(actor=secretariat, event=over["event"]) == 0
    assert reminded.count() == 2


def test_only_organisers_send_reminders(over, person_of):
    with pytest.raises(PermissionDenied):
        after_event.remind_feedback(actor=person_of(over["kz"]), event=over["event"])


def test_own_figures_count_requests_meetings_and_follow_ups(over, person_of):
    day_services.submit_feedback(
        actor=person_of(over["kz"]),
        meeting=over["held"],
        participant=over["kz"],
        rating=4,
        follow_up_planned=True,
        notes="",
    )
    introduction, created = day_services.request_introduction(
        actor=person_of(over["kz"]), meeting=over["held"], participant=over["kz"]
    )
    assert created
    over["held"].refresh_from_db()
    assert over["held"].introduction == introduction
    assert list(introduction.forum_meetings.all()) == [over["held"]]
    figures = after_event.own_figures(over["kz"])
    assert figures.requests_received == 1 and figures.requests_sent == 0
    assert figures.requests_accepted == 1
    assert (figures.meetings_scheduled, figures.meetings_held, figures.no_shows) == (2, 1, 0)
    assert (figures.feedback_given, figures.feedback_due) == (1, 1)
    assert figures.follow_ups_planned == 1 and figures.introductions == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("own", 200), ("organiser", 200), ("partner", 403), ("outsider", 403), ("anonymous", 302)],
)
def test_own_figures_permission_matrix(
    client, over, person_of, make_user, secretariat, persona, status
):
    people = {
        "own": person_of(over["kz"]),
        "organiser": secretariat,
        "partner": person_of(over["pk"]),
        "outsider": make_user(),
    }
    if persona != "anonymous":
        client.force_login(people[persona])
    url = reverse("forums:own-stats", kwargs={"slug": over["event"].slug, "pk": over["kz"].pk})
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert 'id="own-figures"' in html and 'id="feedback-due"' in html


@pytest.mark.parametrize(("persona", "status"), [("organiser", 302), ("own", 403)])
def test_the_reminder_button_is_for_organisers(
    client, over, person_of, secretariat, persona, status
):
    client.force_login(secretariat if persona == "organiser" else person_of(over["kz"]))
    url = reverse("forums:feedback-remind", kwargs={"slug": over["event"].slug})
    assert client.post(url).status_code == status
    sent = Notification.objects.filter(kind="forum_feedback_reminder").count()
    assert sent == (3 if status == 302 else 0)  # nobody has given feedback yet
