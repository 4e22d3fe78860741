"""A visitor becomes a forum participant, as the issue tells it: she reads the secretariat's
announcement in Russian, opens the forum it announces, follows "Register your organisation and
take part" to the sign-up page, verifies her e-mail address from the link in the mail, claims
her company's record by her address's domain (the joining pages), comes back to the forum and
registers for it. On a desk and on a phone, with screenshots of each step.

The forms are found by their fields' ids, so the journey holds whichever of its strings are
translated into Russian yet.
"""

import datetime as dt
import re
import zoneinfo

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.layout import assert_fits

PASSWORD = "Almaty-to-Lahore-2026"
EMAIL = "dana@steppepay.example.kz"
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
TITLE_RU = "Открыта регистрация на Астанинский ИТ-форум"


@pytest.fixture
def forum_announced(db, make_organisation, make_user):
    """An announced forum open for registration, the secretariat's forum announcement written in
    English and Russian, and the visitor's company in the directory, unclaimed."""
    from silkbridge.announcements import services as announcements
    from silkbridge.forums import services as forums
    from silkbridge.forums.models import EventStatus

    secretariat = make_user("desk@secretariat.example.org", platform_role="secretariat")
    company = make_organisation("Steppe Pay", country="KZ", website="https://steppepay.example.kz")
    day = dt.date.today() + dt.timedelta(days=60)
    event = forums.create_event(
        actor=secretariat,
        data={
            "name": "Astana IT Forum",
            "slug": "astana-it-forum",
            "venue": "Expo Centre, Astana",
            "time_zone": "Asia/Almaty",
            "starts_on": day,
            "ends_on": day,
            "meeting_minutes": 30,
            "default_tables": 4,
        },
    )
    forums.add_session(
        actor=secretariat,
        event=event,
        name="Morning meetings",
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=ALMATY),
        ends_at=dt.datetime.combine(day, dt.time(12), tzinfo=ALMATY),
        slot_minutes=30,
    )
    event = forums.set_event_status(actor=secretariat, event=event, status=EventStatus.REGISTRATION)
    announcement = announcements.create_announcement(
        actor=secretariat,
        data={
            "kind": "forum",
            "forum": event,
            "title_en": "Registration is open for the Astana IT Forum",
            "body_en": "Companies of both countries meet one to one at the Expo Centre.",
            "title_ru": TITLE_RU,
            "body_ru": "Компании двух стран встречаются один на один в Экспо-центре.",
        },
    )
    announcement = announcements.publish_announcement(actor=secretariat, announcement=announcement)
    return {"event": event, "announcement": announcement, "company": company}


def shoot(tab, width: int, step: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"visitor-journey-{width}-{step}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_visitor_reads_an_announcement_signs_up_and_registers_for_the_forum(
    browser, live_server, forum_announced, width
):
    event = forum_announced["event"]
    context = browser.new_context(
        base_url=live_server.url,
        locale="ru-RU",
        timezone_id="Asia/Almaty",
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        # Dana reads the announcement in Russian, her browser's language.
        tab.goto(forum_announced["announcement"].get_absolute_url())
        expect(tab.locator("html")).to_have_attribute("lang", "ru")
        expect(tab.get_by_role("heading", level=1)).to_have_text(TITLE_RU)
        assert_fits(tab)
        shoot(tab, width, "1-announcement")

        # She opens the forum it announces: a visitor sees how to take part.
        tab.locator(f'main a[href="{event.get_absolute_url()}"]').first.click()
        expect(tab).to_have_url(re.compile(re.escape(event.get_absolute_url()) + "$"))
        take_part = tab.locator("#take-part")
        expect(take_part.locator("ol li")).to_have_count(4)
        assert_fits(tab)
        shoot(tab, width, "2-forum")
        take_part.locator('a[data-act="sign-up"]').click()

        # The sign-up page keeps the forum as where she goes next.
        expect(tab).to_have_url(re.compile(r"/accounts/signup/\?next=.*astana-it-forum"))
        tab.locator("#id_full_name").fill("Dana Nurlanovna")
        tab.locator("#id_email").fill(EMAIL)
        tab.locator("#id_password1").fill(PASSWORD)
        tab.locator("#id_password2").fill(PASSWORD)
        tab.locator("#id_accept_terms").check()
        assert_fits(tab)
        shoot(tab, width, "3-sign-up")
        tab.locator("#id_accept_terms").locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).click()
        expect(tab.locator("#id_password1")).to_have_count(0)

        # She verifies her address from the link in the mail.
        sent = [m for m in mail.outbox if m.to == [EMAIL]]
        assert len(sent) == 1, [m.subject for m in mail.outbox]
        link = re.search(r"https?://\S+?(/accounts/confirm-email/[^\s/]+/)", sent[0].body)
        assert link, sent[0].body
        tab.goto(link.group(1))
        tab.locator("main form button[type=submit]").click()

        # Signed in, without an organisation: back on the forum, or sent to claim one first.
        if "/join/" not in tab.url:
            expect(tab).to_have_url(re.compile(re.escape(event.get_absolute_url())))
            tab.locator('#take-part a[data-act="join"]').click()
        expect(tab).to_have_url(re.compile(r"/join/\?next=.*astana-it-forum"))
        tab.locator("main form input[name=q]").fill("Steppe")
        tab.locator("main form button[type=submit]").first.click()
        expect(tab).to_have_url(re.compile(r"[?&]q=Steppe"))
        assert_fits(tab)
        shoot(tab, width, "4-find")
        claim = forum_announced["company"].slug
        tab.locator(f'#claimable a[href^="/join/claim/{claim}/"]').click()

        # Her verified address is on the company's domain: she joins at once.
        expect(tab.locator("#claim-by-domain")).to_contain_text(EMAIL)
        tab.locator("#claim-submit").click()

        # Back on the forum, a member of an organisation now: she registers for it.
        expect(tab).to_have_url(re.compile(re.escape(event.get_absolute_url()) + "$"))
        tab.locator(f'a[href="/forums/{event.slug}/register/"]').first.click()
        tab.locator("select[name=participation_type]").select_option(index=1)
        assert_fits(tab)
        shoot(tab, width, "5-register")
        tab.locator("main form[method=post] button[type=submit]").first.click()
        expect(tab).to_have_url(re.compile(rf"/forums/{event.slug}/participants/\d+/"))
        assert_fits(tab)
        shoot(tab, width, "6-registered")
    finally:
        context.close()

    from silkbridge.forums.models import Participant

    participant = Participant.objects.get(event=event)
    assert participant.organisation == forum_announced["company"]
    assert participant.status == "pending"
    assert participant.representatives.get().user.email == EMAIL
