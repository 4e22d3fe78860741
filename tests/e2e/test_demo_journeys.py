"""The README's demo journeys, walked in a real browser with the demo sign-ins on the site a
fresh `make run` gives: each must end somewhere useful, never at an error without a way on.

The demo companies of the two admins are already introduced to each other (the story the demo
tells), so a new request from one is met by the other with a way into their conversation; and
the secretariat's introduction that waits for the Kazakh company is answered by asking for an
introduction from the recommendations.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.demo_site import served_demo, sign_in

SECRETARIAT = "secretariat@silkbridge.example"
KZ_ADMIN = "kz.admin@silkbridge.example"
PK_ADMIN = "pk.admin@silkbridge.example"
KZ_COMPANY = "Silk Road Wallet Labs"
PK_COMPANY = "Khyber Nexus Software"
TITLE = "Mobile banking app audit partner for a Lahore fintech"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    with served_demo(tmp_path_factory) as url:
        yield url


@pytest.fixture
def open_as(browser, demo_site):
    """`open_as(email)`: a tab of its own browser context, signed in with that demo account."""
    tabs = []

    def open_as(email):
        tab = sign_in(browser, demo_site, email)
        tabs.append(tab)
        return tab

    yield open_as
    for tab in tabs:
        tab.context.close()


def test_partnership_request_approval_and_the_way_into_the_conversation(open_as):
    # pk.admin posts a request and submits it for review.
    pk = open_as(PK_ADMIN)
    pk.goto("/opportunities/")
    pk.get_by_role("link", name="Post an opportunity").click()
    pk.get_by_role("radio", name="Technology").check()
    pk.get_by_role("radio", name=re.compile(r"^Request")).check()
    pk.get_by_label("Title").fill(TITLE)
    pk.get_by_label("Summary").fill(
        "We seek a team that audits mobile banking apps against the State Bank's rules."
    )
    pk.get_by_role("button", name="Save draft").click()
    expect(pk.get_by_role("alert").first).to_contain_text("Your draft is saved")
    pk.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=TITLE).click()
    pk.get_by_role("button", name="Submit for review").click()
    expect(pk.locator("#opportunity-badges")).to_contain_text("Awaiting review")
    request_url = pk.url

    # The secretariat approves it from the review queue.
    secretariat = open_as(SECRETARIAT)
    secretariat.goto("/opportunities/review/")
    secretariat.get_by_role("link", name=TITLE).click()
    secretariat.get_by_role("button", name="Approve and publish").click()
    expect(secretariat.locator("#opportunity-badges")).to_contain_text("Published")

    # kz.admin finds it. Their company is already introduced to the Pakistani one, so the
    # page leads into that introduction instead of a form whose answer would dead-end.
    kz = open_as(KZ_ADMIN)
    kz.goto("/opportunities/?q=mobile+banking+audit")
    kz.locator("#results").get_by_role("link", name=TITLE).click()
    interest = kz.get_by_role("region", name="Interest")
    expect(interest).to_contain_text(f"{KZ_COMPANY} is already introduced to {PK_COMPANY}")
    expect(interest.get_by_role("button", name="Express interest")).to_have_count(0)
    interest.get_by_role("link", name="Go to the introduction").click()
    expect(kz.locator("#introduction-status")).to_have_text("Accepted")

    # and writes about the new request in the conversation.
    kz.get_by_role("link", name="Open the conversation").click()
    kz.get_by_label("Your message").fill(f"We saw your request “{TITLE}” and can help.")
    kz.get_by_role("button", name="Send").click()
    expect(kz.get_by_role("list", name="Messages")).to_contain_text("can help")

    # pk.admin is told and reads it.
    pk.goto(request_url)
    pk.get_by_role("link", name=re.compile(r"\d+ unread notifications?")).click()
    notifications = pk.get_by_role("list", name="Notifications, newest first")
    expect(notifications).to_contain_text("New message from")
    pk.get_by_role("link", name="Messages", exact=True).click()
    pk.locator("#conversations").get_by_role("link").first.click()
    expect(pk.get_by_role("list", name="Messages")).to_contain_text("can help")


def test_recommendations_lead_to_an_introduction(open_as):
    # kz.admin opens the company's recommendations and asks for an introduction to the first
    # suggested partner.
    kz = open_as(KZ_ADMIN)
    kz.goto("/directory/silk-road-wallet-labs/")
    kz.get_by_role("link", name="All recommendations and suggested opportunities").click()
    partners = kz.get_by_role("region", name="Recommended partners")
    first = partners.locator("li.suggestion").first
    partner = first.locator("a.fw-semibold").inner_text().strip()
    first.locator("summary", has_text="Request an introduction").click()
    first.get_by_role("button", name="Send the request").click()

    # It lands on the introduction: their side has accepted, the partner is asked.
    expect(kz.get_by_role("alert").first).to_contain_text("Introduction requested.")
    expect(kz.get_by_role("heading", level=1)).to_contain_text(partner)
    expect(kz.locator("#introduction-status")).to_have_text("Pending")
    expect(kz.get_by_role("region", name=KZ_COMPANY)).to_contain_text("Accepted")
    # Nobody from a demo company has an account, so nobody there could answer: the page says
    # the secretariat will reach them, rather than leaving the request to expire in silence.
    expect(kz.get_by_text(f"Nobody from {partner} uses Silkbridge yet")).to_be_visible()
    introduction_url = kz.url

    # Asking again from the recommendations leads back to it, not to an error.
    kz.go_back()
    again = partners.locator("li.suggestion").filter(has_text=partner).first
    again.locator("summary", has_text="Request an introduction").click()
    again.get_by_role("button", name="Send the request").click()
    expect(kz).to_have_url(introduction_url)
    expect(kz.get_by_role("alert").first).to_contain_text(
        "These organisations already have an open introduction: here it is."
    )

    # The secretariat is asked to contact the partner and finds the introduction from there.
    secretariat = open_as(SECRETARIAT)
    secretariat.goto("/notifications/")
    notifications = secretariat.get_by_role("list", name="Notifications, newest first")
    notifications.get_by_role("link", name=re.compile(f"Nobody from {re.escape(partner)}")).click()
    expect(secretariat).to_have_url(re.compile(re.escape(introduction_url) + "$"))
    secretariat.get_by_role("button", name="Nudge").click()
    expect(secretariat.get_by_role("alert").first).to_contain_text("Reminder sent")


def test_the_introduction_waiting_for_an_answer_is_answered_from_the_recommendations(open_as):
    # A partner the engine suggests to the Kazakh company (not the first, which the journey
    # above asks for)...
    kz = open_as(KZ_ADMIN)
    kz.goto("/directory/silk-road-wallet-labs/")
    kz.get_by_role("link", name="All recommendations and suggested opportunities").click()
    recommendations_url = kz.url
    partners = kz.get_by_role("region", name="Recommended partners")
    link = partners.locator("li.suggestion").nth(2).locator("a.fw-semibold")
    partner, profile = link.inner_text().strip(), link.get_attribute("href")

    # ... is introduced to it by the secretariat, from the partner's page: it waits for answers.
    secretariat = open_as(SECRETARIAT)
    secretariat.goto(profile)
    secretariat.locator("#secretariat-introduce summary").click()
    secretariat.get_by_label("Introduce to").fill("silk-road-wallet-labs")
    secretariat.get_by_label("Message to both").fill("You both build payment systems.")
    secretariat.get_by_role("button", name="Introduce", exact=True).click()
    expect(secretariat.locator("#introduction-status")).to_have_text("Pending")
    introduction_url = secretariat.url

    # Asking for an introduction to that partner, from the recommendations, is the answer.
    kz.goto(recommendations_url)
    suggestion = kz.get_by_role("region", name="Recommended partners").locator("li.suggestion")
    answer = suggestion.filter(has_text=partner).first
    answer.locator("summary", has_text="Request an introduction").click()
    answer.get_by_role("button", name="Send the request").click()
    expect(kz).to_have_url(introduction_url)
    expect(kz.get_by_role("alert").first).to_contain_text(
        "This introduction was waiting for your answer: your request accepted it."
    )
    expect(kz.get_by_role("region", name=KZ_COMPANY)).to_contain_text("Accepted")
