"""A forum from registration to a published schedule, in a real browser: a Kazakh member
registers their company, the organiser approves it, a Pakistani participant requests a meeting
that the Kazakh side accepts, the organiser runs the scheduler, reads the grid and publishes, and
the Kazakh participant downloads the agenda's calendar file. The organiser's and participants'
pages meet WCAG AA in English and Urdu."""

import datetime as dt
import os
import zoneinfo
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations

PASSWORD = "correct-horse-battery"
# Screenshots of the key pages to look at after a change, when SILKBRIDGE_SHOTS names a folder.
SHOTS = os.environ.get("SILKBRIDGE_SHOTS", "")
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"forums-{name}.png"), full_page=True)


@pytest.fixture
def forum_open(secretariat, make_organisation, make_user):
    """A forum open for registration (one session of four slots, two tables each), with one
    approved Pakistani participant and a Kazakh company whose member has not registered yet."""
    from silkbridge.forums import services
    from silkbridge.forums.models import EventStatus, Participant, Representative

    day = dt.date.today() + dt.timedelta(days=30)
    event = services.create_event(
        actor=secretariat,
        data={
            "name": "Astana Digital B2B Forum",
            "slug": "astana-digital",
            "venue": "Astana Hub",
            "time_zone": "Asia/Almaty",
            "starts_on": day,
            "ends_on": day,
            "default_tables": 2,
            "description": "Pre-arranged meetings between IT companies of both countries.",
        },
    )
    services.add_session(
        actor=secretariat,
        event=event,
        name="Morning",
        starts_at=dt.datetime.combine(day, dt.time(10), ALMATY),
        ends_at=dt.datetime.combine(day, dt.time(12), ALMATY),
        slot_minutes=30,
    )
    services.set_event_status(actor=secretariat, event=event, status=EventStatus.REGISTRATION)
    karachi = make_organisation("Karachi Code Works", country="PK")
    pk_user = make_user(organisation=karachi, full_name="Ayesha Malik")
    pk = Participant.objects.create(
        event=event,
        organisation=karachi,
        participation_type="buyer",
        status="approved",
        pitch="We look for a cloud hosting partner for our banking clients.",
    )
    Representative.objects.create(participant=pk, user=pk_user)
    pk.available_slots.set(event.slots.all())
    qazaq = make_organisation("Qazaq Cloud Systems", country="KZ")
    kz_user = make_user(organisation=qazaq, full_name="Timur Akhmetov")
    return {"event": event, "pk_user": pk_user, "kz_user": kz_user, "secretariat": secretariat}


def test_registration_request_schedule_publish(page, forum_open):
    event = forum_open["event"]
    slug = event.slug

    # A Kazakh member registers their company, available in every slot by default.
    sign_in(page, forum_open["kz_user"])
    page.goto(f"/forums/{slug}/")
    page.get_by_role("link", name="Register your organisation").click()
    page.get_by_label("Taking part as").select_option("supplier")
    page.get_by_label("What you offer and look for").fill("Cloud hosting and managed Kubernetes.")
    shoot(page, "register")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Your registration is received")).to_be_visible()

    # The organiser approves it from the participant list.
    sign_in(page, forum_open["secretariat"])
    page.goto(f"/forums/{slug}/participants/?status=pending")
    row = page.get_by_role("row", name="Qazaq Cloud Systems")
    row.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Qazaq Cloud Systems is approved.")).to_be_visible()

    # The Pakistani participant finds it and asks for a meeting.
    sign_in(page, forum_open["pk_user"])
    page.goto(f"/forums/{slug}/participants/")
    shoot(page, "participants")
    page.get_by_role("link", name="Qazaq Cloud Systems").click()
    page.get_by_label("Message").fill("Shall we talk about hosting for our bank clients?")
    page.get_by_label("How much do you want this meeting?").select_option("must")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request was sent to Qazaq Cloud Systems.")).to_be_visible()

    # The Kazakh side accepts it.
    sign_in(page, forum_open["kz_user"])
    page.goto(f"/forums/{slug}/requests/")
    shoot(page, "requests")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted: the meeting will be placed")).to_be_visible()

    # The organiser schedules, reads the grid and the quality report, and publishes.
    sign_in(page, forum_open["secretariat"])
    page.goto(f"/forums/{slug}/schedule/")
    page.get_by_role("button", name="Run the scheduler").click()
    expect(page.get_by_text("Placed 1 of 1 meetings")).to_be_visible()
    grid = page.locator("#grid")
    expect(grid.get_by_text("Qazaq Cloud Systems")).to_be_visible()
    expect(page.locator("#quality")).to_contain_text("100%")
    shoot(page, "schedule")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The schedule is published; 2 participants were told.")).to_be_visible()

    # The Kazakh participant opens the agenda and downloads the calendar file.
    sign_in(page, forum_open["kz_user"])
    page.goto(f"/forums/{slug}/")
    page.get_by_role("link", name="My agenda").click()
    expect(page.get_by_text("Karachi Code Works").first).to_be_visible()
    response = page.request.get(page.url.rstrip("/").removesuffix("/agenda") + "/agenda.ics")
    assert response.ok
    assert "BEGIN:VEVENT" in response.text() and "Karachi Code Works" in response.text()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_forum_pages_meet_wcag_aa(page, live_server, forum_open, language):
    from silkbridge.forums import meeting_requests, scheduling
    from silkbridge.forums.models import Participant

    event = forum_open["event"]
    slug = event.slug
    kz = Participant.objects.create(
        event=event,
        organisation=forum_open["kz_user"].people.get().organisation,
        participation_type="supplier",
        status="approved",
    )
    kz.available_slots.set(event.slots.all())
    pk = Participant.objects.get(event=event, organisation__country="PK")
    request = meeting_requests.send_request(
        actor=forum_open["pk_user"], sender=pk, receiver=kz, message="Let us meet."
    )
    meeting_requests.accept_request(actor=forum_open["kz_user"], request=request)
    scheduling.run_schedule(actor=forum_open["secretariat"], event=event)

    def check(pages):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for name, path in pages:
            page.goto(path)
            shoot(page, name if language == "en" else f"{name}-{language}")
            assert violations(page) == [], path

    sign_in(page, forum_open["kz_user"])
    check(
        [
            ("list", "/forums/"),
            ("event", f"/forums/{slug}/"),
            ("participant", f"/forums/{slug}/participants/{pk.pk}/"),
            ("my-requests", f"/forums/{slug}/requests/?tab=accepted"),
            ("marketplace", f"/forums/{slug}/marketplace/"),
            ("registration", f"/forums/{slug}/participants/{kz.pk}/edit/"),
        ]
    )
    sign_in(page, forum_open["secretariat"])
    meeting = event.meetings.get()
    check(
        [
            ("organiser-event", f"/forums/{slug}/"),
            ("edit", f"/forums/{slug}/edit/"),
            ("sessions", f"/forums/{slug}/sessions/"),
            ("organiser-participants", f"/forums/{slug}/participants/"),
            ("schedule-edit", f"/forums/{slug}/schedule/?meeting={meeting.pk}"),
            ("all-requests", f"/forums/{slug}/requests/"),
            ("new", "/forums/new/"),
        ]
    )
