"""The partnership desk in a real browser, as the issue tells it: a Pakistani company posts a
technology request with a PDF; the secretariat approves it; a Kazakh company finds it and
expresses interest; the owner accepts it, which introduces them; they exchange messages; the
request expires.

Each person has their own browser context (own cookies), as they would on their own machines.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"
TITLE = "Computer vision for textile quality control"
PDF = {
    "name": "requirements.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
}


@pytest.fixture
def open_as(browser, live_server):
    """`open_as(user)` gives a browser tab of a fresh context, signed in as that user."""
    contexts = []

    def open_as(user):
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.goto("/accounts/login/")
        tab.get_by_label("E-mail").fill(user.email)
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        expect(tab.get_by_role("button", name="Sign in")).to_have_count(0)
        return tab

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def desk(make_organisation, make_user, make_term, make_opportunity, secretariat):
    """Two companies, one person each (with contact details), the secretariat, some taxonomy
    and an unrelated published offer that the search must leave out."""
    from silkbridge.directory.models import Person

    textiles = make_term("sector", "textiles", "Textiles")
    vision = make_term("technology", "computer-vision", "Computer vision")
    pakistani = make_organisation("Faisalabad Looms", country="PK", description="Denim mills.")
    kazakh = make_organisation("Almaty Vision Systems", country="KZ", description="Machine vision.")
    pk_member = make_user("amna@looms.example.pk", organisation=pakistani, full_name="Amna Qureshi")
    kz_member = make_user("dias@avs.example.kz", organisation=kazakh, full_name="Dias Nurlanov")
    Person.objects.filter(user=pk_member).update(job_title="Plant manager", phone="+92 41 555 0101")
    make_opportunity(
        kazakh,
        direction="offer",
        title="Fintech training for banks",
        expires_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    return {
        "pk_member": pk_member,
        "kz_member": kz_member,
        "secretariat": secretariat,
        "sector": textiles,
        "technology": vision,
    }


def test_a_technology_request_goes_from_post_to_conversation_to_expiry(open_as, desk):
    expires_on = timezone.localdate() + datetime.timedelta(days=30)

    # A Pakistani company's member posts a technology request, explaining the choice in the form.
    pk = open_as(desk["pk_member"])
    pk.goto("/opportunities/")
    pk.get_by_role("link", name="Post an opportunity").click()
    expect(pk.get_by_role("heading", level=1)).to_have_text("Post an opportunity")
    expect(pk.get_by_text("Who pays whom?")).to_be_visible()
    pk.get_by_role("radio", name="Technology").check()
    pk.get_by_role("radio", name=re.compile(r"^Request")).check()
    pk.get_by_label("Title").fill(TITLE)
    pk.get_by_label("Summary").fill(
        "We seek a camera system that finds weaving faults on denim at line speed."
    )
    pk.get_by_label("Full description").fill("Four looms, 2 m wide fabric, 30 m per minute.")
    pk.get_by_role("group", name="Sectors").get_by_label("Textiles").check()
    pk.get_by_role("group", name="Technologies").get_by_label("Computer vision").check()
    expect(pk.get_by_label("Target country")).to_have_value("KZ")
    pk.get_by_label("Expiry date").fill(expires_on.isoformat())
    pk.get_by_role("button", name="Save draft").click()
    expect(pk.get_by_role("alert").first).to_contain_text("Your draft is saved")
    expect(pk.get_by_role("heading", level=1)).to_have_text("Edit opportunity")

    # and attaches a PDF, then submits the draft for review
    pk.get_by_label("Add files").set_input_files(PDF)
    pk.get_by_role("button", name="Upload").click()
    expect(pk.get_by_role("alert").first).to_contain_text("1 file attached.")
    files = pk.get_by_role("region", name="Files")
    expect(files.get_by_role("link", name="requirements.pdf")).to_be_visible()
    pk.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=TITLE).click()
    expect(pk.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(pk.locator("#opportunity-badges")).to_contain_text("Draft")
    pk.get_by_role("button", name="Submit for review").click()
    expect(pk.get_by_role("alert").first).to_contain_text("the secretariat will review it")
    expect(pk.locator("#opportunity-badges")).to_contain_text("Awaiting review")
    opportunity_url = pk.url

    # The secretariat finds it in the review queue and approves it.
    secretariat = open_as(desk["secretariat"])
    secretariat.get_by_role("button", name="Secretariat").click()
    secretariat.get_by_role("link", name="Review queue").click()
    expect(secretariat.get_by_role("heading", level=1)).to_have_text("Opportunities to review")
    secretariat.get_by_role("link", name=TITLE).click()
    review = secretariat.get_by_role("region", name="Review")
    expect(review).to_be_visible()
    review.get_by_role("button", name="Approve and publish").click()
    expect(secretariat.get_by_role("alert").first).to_contain_text("Approved and published.")
    expect(secretariat.locator("#opportunity-badges")).to_contain_text("Published")

    # A Kazakh company's member searches and filters, and finds only this request.
    kz = open_as(desk["kz_member"])
    kz.goto("/opportunities/")
    results = kz.locator("#results")
    expect(results).to_contain_text("2 opportunities found")
    search = kz.get_by_role("searchbox", name="Search")
    search.fill("denim camera")
    search.press("Enter")
    expect(results).to_contain_text("1 opportunity found")
    kz.get_by_label("Type", exact=True).select_option(label="Technology")
    kz.get_by_label("Offer or request").select_option(label="Request")
    kz.get_by_label("Posted from").select_option("PK")
    kz.get_by_label("Sector", exact=True).select_option(label="Textiles")
    # (the results update in place, and the address keeps the filters)
    expect(kz).to_have_url(
        re.compile(r"type=technology&direction=request&country=PK.*sector=textiles")
    )
    expect(results).to_contain_text("1 opportunity found")
    expect(results).not_to_contain_text("Fintech training for banks")
    results.get_by_role("link", name=TITLE).click()
    expect(kz.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(kz.get_by_role("link", name="requirements.pdf")).to_be_visible()

    # and expresses interest with a message
    interest = kz.get_by_role("region", name="Interest")
    interest.get_by_label("Your message").fill(
        "We build inline fabric inspection with our own cameras; pilot lines in Almaty."
    )
    interest.get_by_role("button", name="Express interest").click()
    expect(kz.get_by_role("alert").first).to_contain_text("Your interest was sent to the owner.")
    expect(interest).to_contain_text("Interest of Almaty Vision Systems: Awaiting answer")

    # The Pakistani member is told, reads the interest and accepts it: the interest and its
    # acceptance are the two consents, so they are introduced at once.
    pk.goto(opportunity_url)
    expect(pk.get_by_role("link", name="2 unread notifications")).to_be_visible()
    interests = pk.get_by_role("region", name="Interest")
    expect(interests).to_contain_text("Almaty Vision Systems")
    expect(interests).to_contain_text("inline fabric inspection")
    interests.get_by_role("button", name="Accept and introduce").click()
    expect(pk.get_by_role("alert").first).to_contain_text("you are introduced")
    expect(pk.locator("#introduction-status")).to_have_text("Accepted")
    for side in ("Faisalabad Looms", "Almaty Vision Systems"):
        expect(
            pk.get_by_role("region", name=side).get_by_text("Accepted", exact=True)
        ).to_be_visible()

    # The Kazakh member, told by a notification, goes from the opportunity to the introduction;
    # nobody asks them to accept again, and the contacts are there.
    kz.reload()
    expect(interest).to_contain_text("Interest of Almaty Vision Systems: Accepted")
    interest.get_by_role("link", name="View the introduction").click()
    expect(kz.locator("#introduction-status")).to_have_text("Accepted")
    expect(kz.get_by_role("region", name=re.compile(r"^Your answer"))).to_have_count(0)
    contacts = kz.get_by_role("region", name="Faisalabad Looms")
    expect(contacts).to_contain_text("Amna Qureshi")
    expect(contacts).to_contain_text("Plant manager")
    expect(contacts.get_by_role("link", name="amna@looms.example.pk")).to_be_visible()
    expect(contacts).to_contain_text("+92 41 555 0101")

    # They exchange messages in the conversation.
    kz.get_by_role("link", name="Open the conversation").click()
    kz.get_by_label("Your message").fill("Salem! Could we see a sample of the faulty fabric?")
    kz.get_by_role("button", name="Send").click()
    thread = kz.get_by_role("list", name="Messages")
    expect(thread).to_contain_text("Could we see a sample of the faulty fabric?")
    expect(kz.get_by_label("Your message")).to_have_value("")

    pk.get_by_role("link", name=re.compile(r"\d+ unread notifications")).click()
    expect(pk.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(pk.get_by_role("list", name="Notifications, newest first")).to_contain_text(
        "New message from Dias Nurlanov"
    )
    pk.get_by_role("link", name="Messages", exact=True).click()
    conversations = pk.locator("#conversations")
    expect(conversations.get_by_text("1 unread")).to_be_visible()
    conversations.get_by_role("link").first.click()
    expect(pk.get_by_role("list", name="Messages")).to_contain_text("Dias Nurlanov")
    expect(pk.get_by_role("list", name="Messages")).to_contain_text("sample of the faulty fabric")
    pk.get_by_label("Your message").fill("Assalam-o-Alaikum! Samples leave Faisalabad on Monday.")
    pk.get_by_role("button", name="Send").click()
    expect(pk.get_by_role("list", name="Messages")).to_contain_text("Samples leave Faisalabad")

    kz.reload()
    expect(kz.get_by_role("list", name="Messages")).to_contain_text("Amna Qureshi")
    expect(kz.get_by_role("list", name="Messages")).to_contain_text("Samples leave Faisalabad")

    # The request expires on its date: the daily job runs (the live server shares the database).
    from silkbridge.opportunities.services import expire_due

    after_expiry = datetime.datetime.combine(
        expires_on + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
    )
    assert expire_due(now=after_expiry) == 1
    pk.goto(opportunity_url)
    expect(pk.locator("#opportunity-badges")).to_contain_text("Expired")
    expect(pk.get_by_text("This opportunity has expired.")).to_be_visible()

    kz.goto("/opportunities/?q=denim+camera")
    expect(kz.locator("#results")).to_contain_text("No opportunities match your search")
    expect(kz.get_by_role("link", name=TITLE)).to_have_count(0)
