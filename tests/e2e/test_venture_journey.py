"""A venture in a real browser, as the issue tells it: a Kazakh company's member records a venture
from an accepted introduction with a Pakistani company, moves it to MoU signed and then contract
signed, and reads the stage timeline; trying to go back without a reason is refused.
The list, form and detail pages pass the accessibility checks."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations

PASSWORD = "correct-horse-battery"
# Screenshots of the key pages to look at after a change, when SILKBRIDGE_SHOTS names a folder.
SHOTS = os.environ.get("SILKBRIDGE_SHOTS", "")


@pytest.fixture
def story(make_organisation, make_user, make_term):
    from silkbridge.introductions.models import Introduction
    from silkbridge.ventures.models import ExchangeRate

    # The rates a data migration seeds are gone after an earlier browser test's flush.
    ExchangeRate.objects.get_or_create(
        currency="USD",
        valid_from=datetime.date(2024, 1, 1),
        defaults={"usd_per_unit": Decimal(1), "source": "Reference", "is_reference": True},
    )
    make_term("sector", "fintech", "Fintech")
    steppe = make_organisation("Steppe Pay", country="KZ")
    karachi = make_organisation("Karachi Payments Hub", country="PK")
    member = make_user("aigerim@steppepay.example.kz", organisation=steppe, full_name="Aigerim S.")
    accepted = timezone.now() - datetime.timedelta(days=60)
    introduction = Introduction.objects.create(
        org_a=steppe,
        org_b=karachi,
        origin="profile",
        status="accepted",
        a_response="accepted",
        b_response="accepted",
        expires_at=accepted,
        accepted_at=accepted,
    )
    return {"member": member, "introduction": introduction}


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"ventures-{name}.png"), full_page=True)


def test_a_member_records_a_venture_from_an_introduction_through_mou_to_contract(page, story):
    today = timezone.localdate()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(story["member"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)

    # The new-venture page opened from the introduction names its origin and both parties.
    page.goto(f"/ventures/new/?from_introduction={story['introduction'].pk}")
    expect(page.locator("#venture-origin")).to_contain_text("Steppe Pay ↔ Karachi Payments Hub")
    expect(page.get_by_label("Parties")).to_have_value("steppe-pay\nkarachi-payments-hub")
    expect(page.locator("#named-parties")).to_have_text(
        "Steppe Pay (KZ, lead) Karachi Payments Hub (PK)", use_inner_text=True
    )
    assert violations(page) == []
    page.get_by_label("Title").fill("QR payments gateway for Karachi merchants")
    page.get_by_label("Kind").select_option(label="Outsourcing or services contract")
    page.get_by_label("Current stage").select_option(label="In talks")
    page.get_by_label("Value").fill("-10")
    page.get_by_label("Currency").select_option("USD")
    _shot(page, "form")
    page.get_by_role("button", name="Record the venture").click()
    # A negative value is refused on its field, and nothing is recorded.
    expect(page.locator("#id_value_amount_error")).to_have_text("The value cannot be negative.")
    page.get_by_label("Value").fill("250000")
    page.get_by_role("button", name="Record the venture").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "QR payments gateway for Karachi merchants"
    )
    expect(page.locator("#venture-origin")).to_contain_text("Introduction")

    # The MoU is signed ten days ago, the contract today.
    stage_form = page.locator("#stage-form")
    stage_form.get_by_label("New stage").select_option(label="MoU signed")
    stage_form.get_by_label("Date of the change").fill(
        (today - datetime.timedelta(days=10)).isoformat()
    )
    stage_form.get_by_role("button", name="Record the stage").click()
    expect(page.get_by_role("alert").first).to_contain_text("The new stage was recorded.")
    stage_form = page.locator("#stage-form")
    stage_form.get_by_label("New stage").select_option(label="Contract signed")
    stage_form.get_by_role("button", name="Record the stage").click()
    expect(page.get_by_role("alert").first).to_contain_text("The new stage was recorded.")

    timeline = page.locator("#venture-timeline > li")
    expect(timeline).to_have_count(3)
    expect(timeline.nth(0)).to_contain_text("In talks")
    expect(timeline.nth(1)).to_contain_text("MoU signed")
    expect(timeline.nth(2)).to_contain_text("Contract signed")
    expect(timeline.nth(2)).to_contain_text("Aigerim S.")

    # Going back to talks without a reason is refused with a clear message.
    stage_form = page.locator("#stage-form")
    stage_form.get_by_label("New stage").select_option(label="In talks")
    stage_form.get_by_role("button", name="Record the stage").click()
    expect(page.locator("#id_reason_error")).to_contain_text("needs a reason")
    expect(page.locator("#venture-timeline > li")).to_have_count(3)
    assert violations(page) == []
    _shot(page, "detail")

    page.goto("/ventures/")
    expect(page.locator("#ventures")).to_contain_text("QR payments gateway for Karachi merchants")
    expect(page.locator("#ventures")).to_contain_text("Contract signed")
    assert violations(page) == []
    _shot(page, "list")
    page.goto("/ventures/rates/")
    assert violations(page) == []
    _shot(page, "rates")
