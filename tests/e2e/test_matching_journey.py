"""Recommendations in a real browser, as the issue tells it: a Kazakh company's member opens
their organisation's recommendations, reads why a Pakistani company is suggested, requests an
introduction to it with a note of their own, and dismisses another suggestion, which does not
come back.

The matching index is built in process from the database (the directory here is small).
"""

import re

import pytest
from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"


@pytest.fixture
def market(settings, tmp_path, make_organisation, make_user, make_term, make_opportunity):
    """Two Kazakh and three Pakistani companies with sectors, technologies, descriptions and
    published offers and requests, so that the engine has real evidence to explain."""
    from silkbridge.matching import services

    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"  # never a saved index
    fintech = make_term("sector", "fintech", "Fintech", label_ur="فن ٹیک")
    banking = make_term("sector", "banking", "Banking")
    textiles = make_term("sector", "textiles", "Textiles")
    payments = make_term("technology", "payments", "Payment systems")
    vision = make_term("technology", "computer-vision", "Computer vision")

    steppe = make_organisation(
        "Steppe Pay",
        country="KZ",
        description="Mobile wallet and QR payments for retailers in Kazakhstan.",
        sectors=[fintech, banking],
        technologies=[payments],
        languages=["en", "ru"],
    )
    make_organisation(
        "Almaty Vision Systems",
        country="KZ",
        description="Machine vision cameras for inline fabric inspection.",
        sectors=[textiles],
        technologies=[vision],
        languages=["en", "ru"],
    )
    karachi = make_organisation(
        "Karachi Payments Hub",
        country="PK",
        description="Card processing, payment gateway integration and merchant acquiring.",
        sectors=[fintech, banking],
        technologies=[payments],
        languages=["en", "ur"],
    )
    lahore = make_organisation(
        "Lahore Card Services",
        country="PK",
        description="Prepaid cards and payment gateway services for banks and retailers.",
        sectors=[fintech],
        technologies=[payments],
        languages=["en", "ur"],
    )
    looms = make_organisation(
        "Faisalabad Looms",
        country="PK",
        description="Denim weaving mills seeking computer vision for fabric quality control.",
        sectors=[textiles],
        languages=["en", "ur"],
    )
    make_opportunity(
        steppe,
        direction="request",
        title="Card processing partner for QR payments",
        summary="We seek a payment gateway partner for card processing and merchant acquiring.",
        sectors=[fintech],
        technologies=[payments],
    )
    make_opportunity(
        karachi,
        direction="offer",
        title="Payment gateway and card processing",
        summary="We offer payment gateway integration, card processing and merchant acquiring.",
        sectors=[fintech],
        technologies=[payments],
    )
    make_opportunity(
        lahore,
        direction="offer",
        title="Prepaid card issuing for retailers",
        summary="We offer prepaid card issuing and a payment gateway for retail chains.",
        sectors=[fintech],
        technologies=[payments],
    )
    make_opportunity(
        looms,
        direction="request",
        title="Computer vision for textile quality control",
        summary="We seek a camera system that finds weaving faults on denim at line speed.",
        sectors=[textiles],
        technologies=[vision],
    )
    member = make_user("aigerim@steppepay.example.kz", organisation=steppe, full_name="Aigerim S.")
    services.reset_index()
    return {"steppe": steppe, "karachi": karachi, "lahore": lahore, "member": member}


@pytest.fixture
def tab(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_member_reads_a_reason_requests_an_introduction_and_dismisses_a_suggestion(tab, market):
    # A Kazakh member signs in and opens their organisation's page: partners are recommended.
    tab.goto("/accounts/login/")
    tab.get_by_label("E-mail").fill(market["member"].email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("button", name="Sign in")).to_have_count(0)
    tab.goto(f"/directory/{market['steppe'].slug}/")
    panel = tab.get_by_role("region", name="Recommended partners")
    expect(panel.get_by_role("link", name="Karachi Payments Hub")).to_be_visible()
    panel.get_by_role("link", name="All recommendations and suggested opportunities").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Recommendations for Steppe Pay")

    # They read why a Pakistani company is suggested: the offer that answers their request, by
    # title, with the tags the two have in common.
    partners = tab.get_by_role("region", name="Recommended partners")
    karachi = partners.get_by_role("listitem").filter(
        has=tab.get_by_role("link", name="Karachi Payments Hub")
    )
    reasons = karachi.get_by_role("list").first
    expect(reasons).to_contain_text(
        "They offer “Payment gateway and card processing”; "
        "you seek “Card processing partner for QR payments” — in common: "
    )
    expect(reasons).to_contain_text("Fintech")
    expect(reasons).to_contain_text("Both work in English")

    # They open "Request an introduction": a note prefilled from the reasons, and word that
    # nobody at Karachi uses Silkbridge yet, so the secretariat will broker it.
    karachi.locator("summary", has_text="Request an introduction").click()
    note = karachi.get_by_label("Note to them")
    expect(note).to_have_value(re.compile("We were suggested to each other because:"))
    expect(karachi).to_contain_text(
        "No one at Karachi Payments Hub uses Silkbridge yet: "
        "the secretariat will broker this introduction."
    )

    # Emptied, the note is refused with a reason under it and nothing is sent.
    note.fill("")
    note.evaluate("el => el.removeAttribute('required')")  # the server checks too
    karachi.get_by_role("button", name="Send the request").click()
    expect(karachi.get_by_role("alert")).to_have_text("Write a note: it is what they read first.")

    # With their own words the introduction opens, waiting for the other side, note shown.
    note.fill("We process QR payments in Kazakhstan and need card acquiring in Pakistan.")
    karachi.get_by_role("button", name="Send the request").click()
    expect(tab.get_by_role("alert").first).to_contain_text("Introduction requested.")
    expect(tab.locator("#introduction-status")).to_have_text("Pending")
    expect(tab.get_by_text("need card acquiring in Pakistan")).to_be_visible()
    tab.goto("/introductions/")
    tab.get_by_role("link", name="Pending the other side").click()
    introductions = tab.locator("#introductions")
    expect(introductions.get_by_role("link", name="Karachi Payments Hub")).to_be_visible()
    expect(introductions).to_contain_text("from: Recommendation")

    # Back on the recommendations, they dismiss another suggestion with a reason.
    tab.goto(f"/matching/organisations/{market['steppe'].slug}/")
    partners = tab.get_by_role("region", name="Recommended partners")
    lahore = partners.get_by_role("listitem").filter(
        has=tab.get_by_role("link", name="Lahore Card Services")
    )
    lahore.get_by_label("Why?").select_option(label="Already in contact")
    lahore.get_by_role("button", name="Dismiss").click()
    expect(partners.get_by_role("link", name="Lahore Card Services")).to_have_count(0)

    # and after a reload it is still gone, while the others stay.
    tab.reload()
    partners = tab.get_by_role("region", name="Recommended partners")
    expect(partners.get_by_role("link", name="Karachi Payments Hub")).to_be_visible()
    expect(partners.get_by_role("link", name="Lahore Card Services")).to_have_count(0)

    from silkbridge.matching.models import Dismissal

    dismissal = Dismissal.objects.get(organisation=market["steppe"])
    assert (dismissal.target_id, dismissal.reason) == (market["lahore"].pk, "already_in_contact")


@pytest.mark.parametrize("language", ["en", "ru", "kk", "ur"])
def test_recommendations_fit_the_window_with_the_note_open(
    browser, live_server, market, language, tmp_path
):
    """Filters, fit labels and an open note fit a phone and a desk in every language (Urdu
    right to left); a screenshot of each is kept for a look."""
    context = browser.new_context(
        base_url=live_server.url, locale=language, viewport={"width": 390, "height": 900}
    )
    context.set_default_timeout(10_000)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.locator("input[type=email], input[name=login], input[name=username]").first.fill(
        market["member"].email
    )
    tab.locator("input[type=password]").first.fill(PASSWORD)
    tab.locator("input[type=password]").first.press("Enter")
    expect(tab.locator("input[type=password]")).to_have_count(0)
    tab.goto(f"/matching/organisations/{market['steppe'].slug}/")
    expect(tab.locator("html")).to_have_attribute("lang", language)
    expect(tab.locator("[data-fit]").first).to_be_visible()
    tab.locator("details.introduce summary").first.click()
    expect(tab.locator("details.introduce textarea").first).to_be_visible()
    wide = {}
    for width in (390, 1366):  # a phone, then the same page on a desk
        tab.set_viewport_size({"width": width, "height": 900})
        wide[width] = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        tab.screenshot(
            path=str(tmp_path / f"recommendations-{language}-{width}.png"), full_page=True
        )
    context.close()
    assert all(px <= 0 for px in wide.values()), f"wider than the window: {wide}"
