"""The organiser's day in a real browser: a Kazakh company registers two representatives, the
organiser approves it with the bulk action, a Pakistani participant proposes a time, the
schedule puts both requests in that time (one per representative), each representative opens
their own agenda, the desk checks one in by name and prints the badges, and the agenda opens
again without a network."""

import datetime as dt
import io
import re
import zoneinfo

import pypdf
import pytest
from playwright.sync_api import expect

from tests.e2e.test_forums_journey import shoot, sign_in

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


@pytest.fixture
def forum_day(secretariat, make_organisation, make_user):
    from silkbridge.forums import services
    from silkbridge.forums.models import EventStatus, Participant, Representative

    day = dt.date.today() + dt.timedelta(days=30)
    event = services.create_event(
        actor=secretariat,
        data={
            "name": "Astana Digital B2B Forum",
            "venue": "Astana Hub",
            "time_zone": "Asia/Almaty",
            "starts_on": day,
            "ends_on": day,
            "default_tables": 2,
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
    partners = {}
    for name, person in (("Karachi Code Works", "Ayesha Malik"), ("Lahore Data", "Bilal Khan")):
        organisation = make_organisation(name, country="PK")
        user = make_user(organisation=organisation, full_name=person)
        participant = Participant.objects.create(
            event=event, organisation=organisation, participation_type="buyer", status="approved"
        )
        Representative.objects.create(participant=participant, user=user)
        participant.available_slots.set(event.slots.all())
        partners[name] = (participant, user)
    qazaq = make_organisation("Qazaq Cloud Systems", country="KZ")
    return {
        "event": event,
        "partners": partners,
        "admin": make_user(organisation=qazaq, full_name="Timur Akhmetov", role="admin"),
        "aigerim": make_user(organisation=qazaq, full_name="Aigerim Sadykova"),
        "daniyar": make_user(organisation=qazaq, full_name="Daniyar Bekov"),
        "secretariat": secretariat,
    }


def test_two_representatives_from_registration_to_an_offline_agenda(page, forum_day):
    from silkbridge.forums import meeting_requests
    from silkbridge.forums.models import Participant

    event = forum_day["event"]
    slug = event.slug
    first_slot = event.slots.order_by("starts_at").first()

    # The company's admin registers two representatives.
    sign_in(page, forum_day["admin"])
    page.goto(f"/forums/{slug}/register/")
    page.get_by_label("Taking part as").select_option("supplier")
    page.get_by_label("Timur Akhmetov").uncheck()  # ticked by default: the admin stays home
    page.get_by_label("Aigerim Sadykova").check()
    page.get_by_label("Daniyar Bekov").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Your registration is received")).to_be_visible()

    # The organiser approves it with the bulk action.
    sign_in(page, forum_day["secretariat"])
    page.goto(f"/forums/{slug}/participants/?status=pending")
    page.get_by_label("Select Qazaq Cloud Systems").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_text("1 registration approved.")).to_be_visible()

    # A Pakistani participant asks for a meeting and proposes the first time.
    _karachi, ayesha = forum_day["partners"]["Karachi Code Works"]
    lahore, bilal = forum_day["partners"]["Lahore Data"]
    qazaq = Participant.objects.get(event=event, organisation__name="Qazaq Cloud Systems")
    sign_in(page, ayesha)
    page.goto(f"/forums/{slug}/participants/{qazaq.pk}/")
    page.locator(f'input[name="proposed_slots"][value="{first_slot.pk}"]').check()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request was sent to Qazaq Cloud Systems.")).to_be_visible()
    # The other proposes the same time (by the API's service, to keep the journey short).
    meeting_requests.send_request(
        actor=bilal, sender=lahore, receiver=qazaq, proposed_slots=[first_slot]
    )

    # The company sees the proposed times and accepts both.
    sign_in(page, forum_day["admin"])
    page.goto(f"/forums/{slug}/requests/")
    expect(page.locator(".proposed-times")).to_have_count(2)
    for _ in range(2):
        page.get_by_role("button", name="Accept").first.click()
        expect(page.get_by_text("Accepted: the meeting will be placed")).to_be_visible()

    # The organiser schedules (both in the proposed time) and publishes.
    sign_in(page, forum_day["secretariat"])
    page.goto(f"/forums/{slug}/schedule/")
    page.get_by_role("button", name="Run the scheduler").click()
    expect(page.locator("#proposals-honoured")).to_contain_text("2 of 2")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The schedule is published")).to_be_visible()

    # Each representative's agenda holds their own meeting and says who attends.
    seen = set()
    for person in ("aigerim", "daniyar"):
        sign_in(page, forum_day[person])
        page.goto(f"/forums/{slug}/my-agenda/")
        expect(page).to_have_url(re.compile(rf"\?person={forum_day[person].pk}$"))
        rows = page.locator(".agenda-day > li")
        expect(rows).to_have_count(1)
        name = forum_day[person].get_full_name()
        expect(rows.first.locator(".attendee")).to_contain_text(f"Attends: {name}")
        seen.add(rows.first.locator("h3 a").inner_text())
        shoot(page, f"agenda-{person}")
    assert seen == {"Karachi Code Works", "Lahore Data"}

    # The desk checks the company in by a representative's name, and prints the badges.
    sign_in(page, forum_day["secretariat"])
    page.goto(f"/forums/{slug}/checkin/")
    page.get_by_label("Find by name or organisation").fill("Daniyar")
    page.get_by_role("button", name="Search").click()
    found = page.locator("#checkin-found")
    expect(found).to_contain_text("Aigerim Sadykova, Daniyar Bekov")
    found.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Qazaq Cloud Systems is checked in.")).to_be_visible()
    badges = page.request.get(page.locator("#badges-all").get_attribute("href"))
    assert badges.ok and badges.headers["content-type"] == "application/pdf"
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(badges.body())).pages]
    assert len(pages) == 4  # two representatives and one person of each partner
    assert any("Daniyar Bekov" in text for text in pages)

    # Aigerim's agenda, once opened, opens again without a network and says so.
    sign_in(page, forum_day["aigerim"])
    page.goto(f"/forums/{slug}/my-agenda/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the worker, which keeps this copy
    expect(page.locator("#agenda-offline-banner")).to_be_hidden()
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#agenda-offline-banner")).to_be_visible()
    expect(page.locator(".agenda-day > li")).to_have_count(1)
    expect(page.locator("#agenda-updated")).to_contain_text("Last updated")
    page.context.set_offline(False)
