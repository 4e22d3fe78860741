"""B2B forums in a real browser: the whole journey of a forum (registration, a request accepted,
the schedule published, the agenda's calendar file, check-in), and the accessibility of the
agenda and on-the-day pages."""

import datetime as dt
import os
import re
import zoneinfo
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations

PASSWORD = "correct-horse-battery"
#: A folder to save screenshots of the pages in, for a person to look at; none when unset.
SHOTS = os.environ.get("SILKBRIDGE_SHOTS", "")


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


def make_participant(event, organisation, make_user, type="any"):
    """An approved registration with one representative, who is a member of the organisation."""
    from silkbridge.forums.models import Participant, Representative

    participant = Participant.objects.create(
        event=event, organisation=organisation, participation_type=type, status="approved"
    )
    user = make_user(organisation=organisation)
    Representative.objects.create(participant=participant, user=user)
    participant.available_slots.set(event.slots.all())
    return participant, user


@pytest.fixture
def forum_today(secretariat, make_organisation, make_user):
    """A forum happening now (slot 1 over, slot 2 running, two tables a slot), a published
    meeting in slot 1 that took place, and one to come at table 2."""
    from silkbridge.forums import services
    from silkbridge.forums.models import EventStatus, Meeting, MeetingRequest

    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=45)
    zone = zoneinfo.ZoneInfo("Asia/Almaty")
    forum = services.create_event(
        actor=secretariat,
        data={
            "name": "Astana IT Forum",
            "slug": "astana-it-forum",
            "venue": "Expo Centre, Astana",
            "time_zone": "Asia/Almaty",
            "starts_on": timezone.localtime(start, zone).date(),
            "ends_on": timezone.localtime(start + dt.timedelta(hours=2), zone).date(),
            "default_tables": 2,
        },
    )
    services.add_session(
        actor=secretariat,
        event=forum,
        name="Morning",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        slot_minutes=30,
    )
    forum.status = EventStatus.PUBLISHED
    forum.save(update_fields=["status"])
    slots = list(forum.slots.order_by("starts_at"))
    kz, member = make_participant(
        forum, make_organisation("Qazaq Cloud Systems", country="KZ"), make_user, "supplier"
    )
    pk, _ = make_participant(
        forum, make_organisation("Karachi Code Works", country="PK"), make_user, "buyer"
    )
    lahore, _ = make_participant(
        forum, make_organisation("Lahore Data Systems", country="PK"), make_user, "buyer"
    )
    request = MeetingRequest.objects.create(
        event=forum,
        sender=pk,
        receiver=kz,
        status="accepted",
        message="We look for a cloud hosting partner for our banking clients.",
    )
    held = Meeting.objects.create(
        event=forum, request=request, a=pk, b=kz, slot=slots[0], table=1, status="held"
    )
    Meeting.objects.create(event=forum, a=kz, b=lahore, slot=slots[2], table=2, status="published")
    organiser = make_user("organiser@forum.example.org", full_name="Forum Organiser")
    forum.organisers.add(organiser)
    return {"event": forum, "kz": kz, "member": member, "organiser": organiser, "meeting": held}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_agenda_and_day_pages_meet_wcag_aa(page, live_server, forum_today, language):
    slug = forum_today["event"].slug
    kz = forum_today["kz"]
    sign_in(page, forum_today["member"])
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for name, path in [
        ("agenda", f"/forums/{slug}/participants/{kz.pk}/agenda/"),
        ("feedback", f"/forums/meetings/{forum_today['meeting'].pk}/feedback/"),
        ("walk-in-participant", f"/forums/{slug}/walk-in/"),
    ]:
        page.goto(path)
        shoot(page, f"{name}-{language}")
        assert violations(page) == [], path
    if language == "en":  # the agenda on a phone, as participants carry it on the day
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/forums/{slug}/participants/{kz.pk}/agenda/")
        shoot(page, "agenda-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, forum_today["organiser"])
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for name, path in [
        ("checkin", f"/forums/{slug}/checkin/"),
        ("checkin-confirm", f"/forums/{slug}/checkin/{kz.checkin_token}/"),
        ("day", f"/forums/{slug}/day/"),
        ("walk-in", f"/forums/{slug}/walk-in/"),
        ("stats", f"/forums/{slug}/statistics/"),
    ]:
        page.goto(path)
        shoot(page, f"{name}-{language}")
        assert violations(page) == [], path


@pytest.fixture
def forum_open(secretariat, make_organisation, make_user):
    """A forum open for registration (12 May 2027 in Astana, four 30-minute slots), two member
    companies, one in each country, and the secretariat that organises it."""
    from silkbridge.forums import services
    from silkbridge.forums.models import EventStatus

    forum = services.create_event(
        actor=secretariat,
        data={
            "name": "Astana IT Forum",
            "slug": "astana-it-forum",
            "venue": "Expo Centre, Astana",
            "time_zone": "Asia/Almaty",
            "starts_on": dt.date(2027, 5, 12),
            "ends_on": dt.date(2027, 5, 12),
            "default_tables": 2,
        },
    )
    zone = zoneinfo.ZoneInfo("Asia/Almaty")
    services.add_session(
        actor=secretariat,
        event=forum,
        name="Morning",
        starts_at=dt.datetime(2027, 5, 12, 10, 0, tzinfo=zone),
        ends_at=dt.datetime(2027, 5, 12, 12, 0, tzinfo=zone),
        slot_minutes=30,
    )
    services.set_event_status(actor=secretariat, event=forum, status=EventStatus.REGISTRATION)
    kz = make_organisation("Qazaq Cloud Systems", country="KZ")
    pk = make_organisation("Karachi Code Works", country="PK")
    return {
        "event": forum,
        "kz_member": make_user("aigerim@qazaqcloud.example.kz", organisation=kz),
        "pk_member": make_user("bilal@karachicode.example.pk", organisation=pk),
        "organiser": secretariat,
    }


def register(page, user, slug: str, taking_part_as: str) -> None:
    sign_in(page, user)
    page.goto(f"/forums/{slug}/")
    page.get_by_role("link", name="Register your organisation").click()
    page.get_by_label("Taking part as").select_option(label=taking_part_as)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_text("Awaiting approval").first).to_be_visible()


def test_a_forum_from_registration_to_check_in(page, forum_open):
    """Two organisations register, one requests a meeting and the other accepts, the organiser
    schedules and publishes, a participant takes the agenda into a calendar and checks in."""
    from silkbridge.forums.models import Participant

    slug = forum_open["event"].slug
    register(page, forum_open["kz_member"], slug, "Supplier")
    register(page, forum_open["pk_member"], slug, "Buyer")

    # The organiser approves both registrations.
    sign_in(page, forum_open["organiser"])
    page.goto(f"/forums/{slug}/participants/")
    for _ in range(2):
        page.get_by_role("button", name="Approve", exact=True).first.click()
        expect(page.get_by_role("alert").first).to_be_visible()
    # (The bulk "Approve selected" button stays; the rows' own buttons are gone.)
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    kz = Participant.objects.get(event=forum_open["event"], organisation__country="KZ")
    pk = Participant.objects.get(event=forum_open["event"], organisation__country="PK")

    # The Kazakh company asks the Pakistani one for a meeting, with a reason.
    sign_in(page, forum_open["kz_member"])
    page.goto(f"/forums/{slug}/participants/{pk.pk}/")
    request = page.locator("#request")
    request.get_by_label("Message").fill("We host banking workloads and seek a Pakistani partner.")
    request.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert").first).to_be_visible()

    # The Pakistani company accepts it.
    sign_in(page, forum_open["pk_member"])
    page.goto(f"/forums/{slug}/requests/")
    page.locator("#requests").get_by_role("button", name="Accept").click()
    expect(page.get_by_role("alert").first).to_contain_text("Accepted")

    # The organiser runs the scheduler and publishes.
    sign_in(page, forum_open["organiser"])
    page.goto(f"/forums/{slug}/schedule/")
    page.get_by_role("button", name="Run the scheduler").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert").first).to_be_visible()

    # The Kazakh participant opens the agenda and downloads the calendar file.
    sign_in(page, forum_open["kz_member"])
    page.goto(f"/forums/{slug}/")
    page.get_by_role("link", name="My agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda of Qazaq Cloud Systems")
    expect(page.get_by_role("link", name="Karachi Code Works")).to_be_visible()
    expect(page.get_by_text("We host banking workloads")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"{slug}-agenda.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    (meeting,) = calendar.walk("VEVENT")
    assert str(meeting["SUMMARY"]) == "Meeting with Karachi Code Works"
    assert meeting["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert meeting.decoded("DTSTART").astimezone(dt.UTC).date() == dt.date(2027, 5, 12)
    code = page.locator("#checkin-card code").inner_text()
    assert code == kz.checkin_token
    expect(page.get_by_role("img", name=re.compile("Check-in code"))).to_be_visible()

    # At the forum, the organiser types the code at the check-in desk.
    sign_in(page, forum_open["organiser"])
    page.goto(f"/forums/{slug}/checkin/")
    page.get_by_label("Check-in code").fill(code)
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("alert").first).to_contain_text("Qazaq Cloud Systems is checked in.")
    expect(page.locator("#checkin-count")).to_have_text("1 of 2 participants checked in")
    kz.refresh_from_db()
    assert kz.checked_in_at is not None
