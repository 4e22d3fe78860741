"""A Pakistani software house comes in by itself, as the issue tells it: its developer signs up,
verifies the e-mail address from the link in the mail, finds the company's unclaimed record,
claims it by the address's domain, completes the profile (a description and an offer) and sees
recommended Kazakh partners. On a desk and on a phone, with screenshots of each step.

The matching index is built in process from the database (the directory here is small).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.layout import assert_fits

PASSWORD = "Lahore-to-Almaty-2026"
EMAIL = "ayesha@induscode.example.pk"
DESCRIPTION = (
    "Indus Code Works is a Lahore software house of forty engineers. We build mobile banking "
    "apps, payment integrations and back-office systems for banks and fintech start-ups, and "
    "we maintain them under service agreements with round-the-clock support."
)
OFFER = "Mobile banking apps built and maintained"


@pytest.fixture
def market(settings, tmp_path, make_organisation, make_user, make_term, make_opportunity):
    """The unclaimed Pakistani record, and Kazakh companies asking for what it offers."""
    from silkbridge.matching import services

    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"  # never a saved index
    fintech = make_term("sector", "fintech", "Fintech")
    mobile = make_term("technology", "mobile-development", "Mobile development")
    payments = make_term("technology", "payments", "Payment systems")
    house = make_organisation(
        "Indus Code Works", country="PK", website="https://www.induscode.example.pk"
    )
    steppe = make_organisation(
        "Steppe Pay",
        country="KZ",
        description="Mobile wallet and QR payments for retailers in Kazakhstan.",
        sectors=[fintech],
        technologies=[mobile, payments],
        languages=["en", "ru"],
    )
    make_opportunity(
        steppe,
        direction="request",
        title="Mobile banking app developers",
        summary="We seek a team that builds and maintains our mobile banking and wallet apps.",
        sectors=[fintech],
        technologies=[mobile],
    )
    secretariat = make_user("desk@secretariat.example.org", platform_role="secretariat")
    services.reset_index()
    return {"house": house, "steppe": steppe, "secretariat": secretariat}


def shoot(tab, width: int, step: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"claim-journey-{width}-{step}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_software_house_signs_up_claims_its_record_and_gets_recommendations(
    browser, live_server, market, width
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Asia/Karachi",
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        # Ayesha signs up with her work address.
        tab.goto("/accounts/signup/")
        tab.get_by_label("Full name").fill("Ayesha Siddiqui")
        tab.get_by_label("E-mail").fill(EMAIL)
        tab.locator("#id_password1").fill(PASSWORD)
        tab.get_by_label("Password again").fill(PASSWORD)
        tab.get_by_role("checkbox").check()
        assert_fits(tab)
        shoot(tab, width, "1-sign-up")
        tab.get_by_role("button", name="Create an account").click()
        expect(tab.get_by_role("heading", level=1)).not_to_have_text("Create an account")

        # The mail holds the verification link; she follows it and confirms.
        sent = [m for m in mail.outbox if m.to == [EMAIL]]
        assert len(sent) == 1, [m.subject for m in mail.outbox]
        link = re.search(r"https?://\S+?(/accounts/confirm-email/[^\s/]+/)", sent[0].body)
        assert link, sent[0].body
        tab.goto(link.group(1))
        tab.get_by_role("button", name="Confirm").click()

        # Verified and signed in, she lands on "claim or register" and finds her company.
        expect(tab.get_by_role("heading", level=1)).to_have_text(
            "Claim your organisation or register a new one"
        )
        tab.get_by_label("Organisation's name or website").fill("Indus Code")
        tab.get_by_role("button", name="Find").click()
        results = tab.locator("#claimable")
        expect(results.get_by_role("link", name="Indus Code Works", exact=True)).to_be_visible()
        assert_fits(tab)
        shoot(tab, width, "2-find")
        results.get_by_role("link", name="Claim Indus Code Works").click()

        # Her verified address is on the company's domain: she joins at once, as its admin.
        expect(tab.locator("#claim-by-domain")).to_contain_text(EMAIL)
        expect(tab.locator("#claim-by-domain")).to_contain_text("You will be its admin at once")
        assert_fits(tab)
        shoot(tab, width, "3-claim")
        tab.get_by_role("button", name="Join this organisation").click()
        expect(tab.get_by_role("alert").first).to_contain_text("You now belong to Indus Code Works")
        expect(tab.get_by_role("heading", level=1)).to_contain_text("Indus Code Works")

        # She completes the profile: a description of what the company does,
        tab.get_by_role("link", name="Edit profile").click()
        tab.get_by_label("Description").fill(DESCRIPTION)
        tab.get_by_role("button", name="Save").click()
        expect(tab.get_by_role("alert").first).to_contain_text("The profile was saved.")

        # and an offer, which she submits for review.
        tab.goto("/opportunities/new/")
        tab.get_by_role("radio", name="Technology").check()
        tab.get_by_role("radio", name=re.compile(r"^Offer")).check()
        tab.get_by_label("Title").fill(OFFER)
        tab.get_by_label("Summary").fill(
            "We build and maintain mobile banking and wallet apps for banks and fintechs."
        )
        tab.get_by_role("group", name="Sectors").get_by_label("Fintech").check()
        tab.get_by_role("group", name="Technologies").get_by_label("Mobile development").check()
        tab.get_by_role("button", name="Save draft").click()
        expect(tab.get_by_role("alert").first).to_contain_text("Your draft is saved")
        tab.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=OFFER).click()
        tab.get_by_role("button", name="Submit for review").click()
        expect(tab.locator("#opportunity-badges")).to_contain_text("Awaiting review")

        # The secretariat publishes it (its review queue has a journey of its own).
        from silkbridge.opportunities import services as opportunities
        from silkbridge.opportunities.models import Opportunity

        opportunities.approve_opportunity(
            actor=market["secretariat"], opportunity=Opportunity.objects.get(title=OFFER)
        )

        # Her company's recommendations now name the Kazakh company that asked for it.
        tab.goto(f"/matching/organisations/{market['house'].slug}/")
        expect(tab.get_by_role("heading", level=1)).to_have_text(
            "Recommendations for Indus Code Works"
        )
        partners = tab.get_by_role("region", name="Recommended partners")
        expect(partners.get_by_role("link", name="Steppe Pay")).to_be_visible()
        assert_fits(tab)
        shoot(tab, width, "4-recommendations")
    finally:
        context.close()

    from silkbridge.directory.models import Person
    from silkbridge.joining.models import Claim

    claim = Claim.objects.get(organisation=market["house"])
    assert (claim.route, claim.status, claim.matched_email) == ("domain", "pending", EMAIL)
    assert Person.objects.get(organisation=market["house"], user__email=EMAIL).role == "admin"
