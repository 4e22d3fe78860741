"""Pages and API of the agenda and the forum's day: who may do what (organiser, secretariat, the
participant's people, its partner's people, another participant's people, an outsider,
anonymous), and that each operation does what it says."""

import datetime as dt
import json

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.forums.models import (
    EventStatus,
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    TimeSlot,
)
from silkbridge.introductions.models import Introduction

PERSONAS = ["organiser", "secretariat", "own", "partner", "other", "outsider", "anonymous"]


@pytest.fixture
def live(forum, make_participant, make_user, person_of):
    """The forum happening now: slot 1 is over, slot 2 is running, slots 3 and 4 are to come.
    kz meets pk in slot 1 (table 1) and in... only there; `other` is a third participant."""
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=45)
    for index, slot in enumerate(forum.slots.order_by("starts_at")):
        TimeSlot.objects.filter(pk=slot.pk).update(
            starts_at=start + dt.timedelta(minutes=30 * index),
            ends_at=start + dt.timedelta(minutes=30 * (index + 1)),
        )
    forum.status = EventStatus.PUBLISHED
    forum.save(update_fields=["status"])
    slots = list(forum.slots.order_by("starts_at"))
    kz = make_participant(forum, country="KZ", name="Qazaq Cloud")
    pk = make_participant(forum, country="PK", name="Karachi Code Works")
    other = make_participant(forum, country="PK", name="Multan Robotics")
    meeting = Meeting.objects.create(
        event=forum, a=kz, b=pk, slot=slots[0], table=1, status=MeetingStatus.PUBLISHED
    )
    organiser = make_user(full_name="Forum Organiser")
    forum.organisers.add(organiser)
    people = {
        "organiser": organiser,
        "own": person_of(kz),
        "partner": person_of(pk),
        "other": person_of(other),
        "outsider": make_user(),
    }
    return {
        "event": forum,
        "slots": slots,
        "kz": kz,
        "pk": pk,
        "other": other,
        "meeting": meeting,
        "people": people,
    }


@pytest.fixture
def as_persona(client, live, request):
    def sign_in(name):
        if name == "secretariat":
            client.force_login(request.getfixturevalue("secretariat"))
        elif name != "anonymous":
            client.force_login(live["people"][name])
        return client

    return sign_in


def _status(response):
    """302 to the sign-in page counts as "anonymous refused"."""
    if response.status_code == 302 and "/accounts/login" in response["Location"]:
        return "login"
    return response.status_code


# --- agenda pages ------------------------------------------------------------------------------

AGENDA_ACCESS = {
    "organiser": 200,
    "secretariat": 200,
    "own": 200,
    "partner": 403,
    "other": 403,
    "outsider": 403,
    "anonymous": "login",
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["agenda", "agenda-pdf", "agenda-ics"])
def test_agenda_pages_permission_matrix(as_persona, live, persona, name):
    url = reverse(f"forums:{name}", args=[live["event"].slug, live["kz"].pk])
    assert _status(as_persona(persona).get(url)) == AGENDA_ACCESS[persona]


def test_agenda_page_shows_meeting_code_and_actions(as_persona, live):
    response = as_persona("own").get(
        reverse("forums:agenda", args=[live["event"].slug, live["kz"].pk])
    )
    page = response.content.decode()
    assert "Karachi Code Works" in page
    assert "Table 1" in page
    assert 'role="img"' in page and live["kz"].checkin_token in page
    assert reverse("forums:meeting-mark", args=[live["meeting"].pk]) in page
    assert reverse("forums:feedback", args=[live["meeting"].pk]) in page


def test_agenda_downloads(as_persona, live):
    client = as_persona("own")
    ics = client.get(reverse("forums:agenda-ics", args=[live["event"].slug, live["kz"].pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics["Content-Disposition"]
    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"forum-meeting-{live['meeting'].pk}@silkbridge"]
    assert events[0].decoded("DTSTART").astimezone(dt.UTC) == live["slots"][0].starts_at
    pdf = client.get(reverse("forums:agenda-pdf", args=[live["event"].slug, live["kz"].pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_my_agenda_leads_to_the_own_participant(as_persona, live):
    response = as_persona("own").get(reverse("forums:my-agenda", args=[live["event"].slug]))
    assert response["Location"] == reverse(
        "forums:agenda", args=[live["event"].slug, live["kz"].pk]
    )
    outsider = as_persona("outsider").get(reverse("forums:my-agenda", args=[live["event"].slug]))
    assert outsider.status_code == 404


# --- check-in ----------------------------------------------------------------------------------

DESK_ACCESS = {
    "organiser": 200,
    "secretariat": 200,
    "own": 403,
    "partner": 403,
    "other": 403,
    "outsider": 403,
    "anonymous": "login",
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["checkin", "day", "stats"])
def test_organiser_pages_permission_matrix(as_persona, live, persona, name):
    url = reverse(f"forums:{name}", args=[live["event"].slug])
    assert _status(as_persona(persona).get(url)) == DESK_ACCESS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_check_in_by_scanned_url_permission_matrix(as_persona, live, persona):
    kz = live["kz"]
    url = reverse("forums:checkin-code", args=[live["event"].slug, kz.checkin_token])
    client = as_persona(persona)
    assert _status(client.get(url)) == DESK_ACCESS[persona]
    response = client.post(url)
    kz.refresh_from_db()
    if DESK_ACCESS[persona] == 200:
        assert response.status_code == 302
        assert kz.checked_in_at is not None
    else:
        assert _status(response) == DESK_ACCESS[persona]
        assert kz.checked_in_at is None


def test_check_in_desk_form(as_persona, live):
    client = as_persona("organiser")
    url = reverse("forums:checkin", args=[live["event"].slug])
    wrong = client.post(url, {"token": "nobody-has-this"})
    assert wrong.status_code == 422
    assert "No participant has this check-in code." in wrong.content.decode()
    done = client.post(url, {"token": live["kz"].checkin_token}, follow=True)
    page = done.content.decode()
    assert "Qazaq Cloud is checked in." in page
    assert "1 of 3 participants checked in" in page
    again = client.post(url, {"token": live["kz"].checkin_token}, follow=True)
    assert "was already checked in" in again.content.decode()


def test_unknown_scanned_code_is_a_404_page(as_persona, live):
    url = reverse("forums:checkin-code", args=[live["event"].slug, "nobody-has-this"])
    response = as_persona("organiser").get(url)
    assert response.status_code == 404
    assert "Unknown check-in code" in response.content.decode()


# --- marks, walk-ins ---------------------------------------------------------------------------

MARK_ACCESS = {
    "organiser": 302,
    "secretariat": 302,
    "own": 302,
    "partner": 302,
    "other": 403,
    "outsider": 403,
    "anonymous": "login",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_mark_meeting_permission_matrix(as_persona, live, persona):
    meeting = live["meeting"]
    url = reverse("forums:meeting-mark", args=[meeting.pk])
    response = as_persona(persona).post(url, {"status": "held"})
    assert _status(response) == MARK_ACCESS[persona]
    meeting.refresh_from_db()
    expected = MeetingStatus.HELD if MARK_ACCESS[persona] == 302 else MeetingStatus.PUBLISHED
    assert meeting.status == expected


WALK_IN_PAGE = {
    "organiser": 200,
    "secretariat": 200,
    "own": 200,
    "partner": 200,
    "other": 200,
    "outsider": 403,
    "anonymous": "login",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_walk_in_page_permission_matrix(as_persona, live, persona):
    url = reverse("forums:walk-in", args=[live["event"].slug])
    assert _status(as_persona(persona).get(url)) == WALK_IN_PAGE[persona]


def test_participant_books_a_walk_in_for_itself(as_persona, live):
    slot = live["slots"][2]
    url = reverse("forums:walk-in", args=[live["event"].slug])
    response = as_persona("own").post(
        url, {"slot": slot.pk, "a": live["other"].pk, "b": live["other"].pk}
    )
    # `a` is always the booking participant, whatever the form says.
    assert response.status_code == 302
    booked = Meeting.objects.get(walk_in=True)
    assert (booked.a, booked.b, booked.slot, booked.table) == (
        live["kz"],
        live["other"],
        slot,
        1,
    )


def test_walk_in_errors_show_on_the_form(as_persona, live):
    url = reverse("forums:walk-in", args=[live["event"].slug])
    # kz already meets pk in slot 1, which is over anyway: the form offers only open slots.
    response = as_persona("organiser").post(
        url, {"slot": live["slots"][0].pk, "a": live["kz"].pk, "b": live["other"].pk}
    )
    assert response.status_code == 422
    busy = as_persona("organiser").post(
        url, {"slot": live["slots"][1].pk, "a": live["kz"].pk, "b": live["pk"].pk}
    )
    assert busy.status_code == 422
    assert "These two participants already have a meeting." in busy.content.decode()


# --- feedback ----------------------------------------------------------------------------------

FEEDBACK_ACCESS = {
    "organiser": 403,
    "secretariat": 403,
    "own": 200,
    "partner": 200,
    "other": 403,
    "outsider": 403,
    "anonymous": "login",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_feedback_page_permission_matrix(as_persona, live, persona):
    url = reverse("forums:feedback", args=[live["meeting"].pk])
    assert _status(as_persona(persona).get(url)) == FEEDBACK_ACCESS[persona]


def test_feedback_with_follow_up_offers_venture_and_introduction(as_persona, live):
    meeting = live["meeting"]
    client = as_persona("own")
    url = reverse("forums:feedback", args=[meeting.pk])
    invalid = client.post(url, {"rating": "9", "follow_up_planned": "yes"})
    assert invalid.status_code == 422
    page = client.post(
        url, {"rating": "4", "follow_up_planned": "yes", "notes": "Pilot in June"}, follow=True
    ).content.decode()
    saved = MeetingFeedback.objects.get(meeting=meeting, participant=live["kz"])
    assert (saved.rating, saved.follow_up_planned, saved.notes) == (4, True, "Pilot in June")
    assert f'href="/ventures/new/?from_meeting={meeting.pk}"' in page
    intro_url = reverse("forums:feedback-introduction", args=[meeting.pk])
    assert intro_url in page
    response = client.post(intro_url)
    introduction = Introduction.objects.get()
    assert response["Location"] == introduction.get_absolute_url()
    assert {introduction.org_a, introduction.org_b} == {
        live["kz"].organisation,
        live["pk"].organisation,
    }


def test_stats_csv_download(as_persona, live):
    url = reverse("forums:stats", args=[live["event"].slug]) + "?format=csv"
    response = as_persona("organiser").get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("organisation,country,participation_type")
    assert len(lines) == 4


# --- API ---------------------------------------------------------------------------------------


def api(client, method, path, body=None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(f"/api/v1/forums{path}", **kwargs)


API_AGENDA = {**AGENDA_ACCESS, "anonymous": 401}
API_DESK = {**DESK_ACCESS, "anonymous": 401}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_agenda_permission_matrix(as_persona, live, persona):
    response = api(
        as_persona(persona),
        "get",
        f"/events/{live['event'].slug}/participants/{live['kz'].pk}/agenda",
    )
    assert response.status_code == API_AGENDA[persona]
    if response.status_code == 200:
        body = response.json()
        assert body["event_time_zone"] == "Asia/Almaty"
        assert [m["meeting_id"] for m in body["meetings"]] == [live["meeting"].pk]
        assert body["meetings"][0]["partner_name"] == "Karachi Code Works"
        assert body["meetings"][0]["table"] == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_check_in_and_statistics_permission_matrix(as_persona, live, persona):
    client = as_persona(persona)
    slug = live["event"].slug
    response = api(client, "post", f"/events/{slug}/checkin", {"token": live["kz"].checkin_token})
    assert response.status_code == API_DESK[persona]
    if response.status_code == 200:
        assert response.json()["already_checked_in"] is False
        again = api(client, "post", f"/events/{slug}/checkin", {"token": live["kz"].checkin_token})
        assert again.json()["already_checked_in"] is True
    stats = api(client, "get", f"/events/{slug}/statistics")
    assert stats.status_code == API_DESK[persona]
    if stats.status_code == 200:
        assert stats.json()["totals"]["meetings_scheduled"] == 1


def test_api_check_in_errors(as_persona, live):
    response = api(
        as_persona("organiser"), "post", f"/events/{live['event'].slug}/checkin", {"token": "x"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["token"] == ["No participant has this check-in code."]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_marks_permission_matrix(as_persona, live, persona):
    # The API answers 404 for a meeting one is not part of: its id reveals nothing.
    expected = {**MARK_ACCESS, "anonymous": 401, "other": 404, "outsider": 404}[persona]
    response = api(as_persona(persona), "post", f"/meetings/{live['meeting'].pk}/no-show")
    assert response.status_code == (200 if expected == 302 else expected)
    live["meeting"].refresh_from_db()
    if response.status_code == 200:
        assert response.json()["status"] == "no_show"
    else:
        assert live["meeting"].status == MeetingStatus.PUBLISHED


def test_api_walk_in_and_feedback(as_persona, live):
    client = as_persona("own")
    slug = live["event"].slug
    body = {"slot_id": live["slots"][3].pk, "a_id": live["kz"].pk, "b_id": live["other"].pk}
    created = api(client, "post", f"/events/{slug}/walk-ins", body)
    assert created.status_code == 201
    assert created.json()["walk_in"] is True and created.json()["table"] == 1
    again = api(client, "post", f"/events/{slug}/walk-ins", body)
    assert again.status_code == 422
    not_mine = {**body, "a_id": live["pk"].pk}
    assert api(client, "post", f"/events/{slug}/walk-ins", not_mine).status_code == 403

    path = f"/meetings/{live['meeting'].pk}/feedback"
    feedback = {"participant_id": live["kz"].pk, "rating": 5, "follow_up_planned": True}
    saved = api(client, "put", path, feedback)
    assert saved.status_code == 200
    assert saved.json()["venture_url"] == f"/ventures/new/?from_meeting={live['meeting'].pk}"
    assert api(client, "put", path, {**feedback, "rating": 7}).status_code == 422
    for persona in ("partner", "organiser"):
        assert api(as_persona(persona), "put", path, feedback).status_code == 403


def test_day_desk_lists_the_slot_s_meetings_and_free_tables(as_persona, live):
    url = reverse("forums:day", args=[live["event"].slug])
    page = as_persona("organiser").get(f"{url}?slot={live['slots'][0].pk}").content.decode()
    assert "Qazaq Cloud" in page and "Karachi Code Works" in page
    assert "1 table free" in page
    assert reverse("forums:meeting-mark", args=[live["meeting"].pk]) in page
    # Without a choice, the desk opens on the slot running now, which has no meetings.
    running = as_persona("organiser").get(url).content.decode()
    assert "No meetings in this slot." in running


def test_agenda_pdf_for_an_urdu_reader_is_printed(as_persona, live):
    client = as_persona("own")
    client.cookies["django_language"] = "ur"
    response = client.get(reverse("forums:agenda-pdf", args=[live["event"].slug, live["kz"].pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
