"""Outcomes in a real browser, the dashboard half of the issue's journey: the secretariat sets
a target and watches the dashboard and the quarterly PDF change when a venture that came from
an introduction goes through MoU to contract (recorded through the ventures services)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_accessibility import violations

PASSWORD = "correct-horse-battery"


@pytest.fixture
def journey(make_organisation, make_user, make_term):
    from silkbridge.introductions.models import Introduction
    from silkbridge.ventures.models import ExchangeRate

    # The rates a data migration seeds are gone after an earlier browser test's flush.
    ExchangeRate.objects.get_or_create(
        currency="USD",
        valid_from=datetime.date(2024, 1, 1),
        defaults={"usd_per_unit": Decimal(1), "source": "Reference", "is_reference": True},
    )
    fintech = make_term("sector", "fintech", "Fintech")
    steppe = make_organisation("Steppe Pay", country="KZ", sectors=[fintech])
    karachi = make_organisation("Karachi Payments Hub", country="PK", sectors=[fintech])
    member = make_user("aigerim@steppe.example.kz", organisation=steppe, role="admin")
    secretariat = make_user("desk@secretariat.example.org", platform_role="secretariat")
    now = timezone.now()
    introduction = Introduction.objects.create(
        org_a=steppe,
        org_b=karachi,
        origin="secretariat",
        status="accepted",
        a_response="accepted",
        b_response="accepted",
        accepted_at=now - datetime.timedelta(days=30),
        expires_at=now,
    )
    return {
        "steppe": steppe,
        "karachi": karachi,
        "member": member,
        "secretariat": secretariat,
        "introduction": introduction,
        "fintech": fintech,
    }


def record_venture_to_contract(journey) -> None:
    """What the ventures pages do: a venture from the introduction, MoU, then contract."""
    from silkbridge.ventures import origins
    from silkbridge.ventures import services as ventures

    member, today = journey["member"], timezone.localdate()
    venture = ventures.create_venture(
        actor=member,
        data={
            "title": "Steppe–Karachi QR payments",
            "kind": "joint_venture",
            "started_on": today - datetime.timedelta(days=20),
            "value_amount": "250000",
            "value_currency": "USD",
            "jobs_created": 12,
            "sectors": [journey["fintech"].pk],
        },
        parties=[(journey["steppe"], "lead"), (journey["karachi"], "partner")],
        origin=origins.from_introduction(member, journey["introduction"].pk),
    )
    for stage, days_ago in (("mou_signed", 10), ("contract_signed", 0)):
        ventures.change_stage(
            actor=member,
            venture=venture,
            to_stage=stage,
            changed_on=today - datetime.timedelta(days=days_ago),
        )


def sign_in(tab, email: str) -> None:
    tab.goto("/accounts/login/")
    tab.get_by_label("E-mail").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("button", name="Sign in")).to_have_count(0)


def key_figure(tab, metric: str):
    return tab.locator(f'[data-metric="{metric}"]')


def test_dashboard_and_report_change_when_a_venture_reaches_contract(page, journey):
    from reportlab import rl_config

    rl_config.invariant = 1  # the same data gives the same PDF bytes
    try:
        _journey(page, journey)
    finally:
        rl_config.invariant = 0


def _journey(tab, journey):
    sign_in(tab, journey["secretariat"].email)

    # The secretariat sets a target: two agreements this year.
    tab.goto("/outcomes/targets/new/")
    today = timezone.localdate()
    tab.get_by_label("Name").fill("Agreements this year")
    tab.get_by_label("Metric").select_option(label="Agreements signed")
    tab.get_by_label("Baseline").fill("0")
    tab.get_by_label("Target value").fill("2")
    tab.get_by_label("Period start").fill(f"{today.year}-01-01")
    tab.get_by_label("Deadline").fill(f"{today.year}-12-31")
    # A deadline before the start is refused with a message, nothing saved.
    tab.get_by_label("Deadline").fill(f"{today.year - 1}-12-31")
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_text("The deadline must be after the period start.")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "outcomes-target-form.png"), full_page=True)
    assert violations(tab) == []
    tab.get_by_label("Deadline").fill(f"{today.year}-12-31")
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Targets")
    expect(tab.get_by_role("cell", name="Agreements this year Agreements signed")).to_be_visible()
    tab.screenshot(path=str(ARTIFACTS / "outcomes-targets.png"), full_page=True)
    assert violations(tab) == []

    # Before: the accepted introduction shows in the funnel, nothing signed yet.
    tab.goto("/outcomes/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Outcomes")
    expect(key_figure(tab, "agreements_signed")).to_have_text("0")
    expect(key_figure(tab, "contract_value_usd")).to_have_text("$0")
    funnel = tab.get_by_role("region", name="From introduction to contract")
    funnel.get_by_text("Show the numbers as a table").click()
    expect(funnel.get_by_role("row", name="Introductions accepted")).to_contain_text("1")
    quarter = tab.get_by_role("textbox", name="Quarter").input_value()
    before = tab.request.get(f"/outcomes/report.pdf?quarter={quarter}")
    assert before.ok and before.headers["content-type"] == "application/pdf"

    record_venture_to_contract(journey)

    # After: the venture counts as an agreement, with its value and jobs; charts and report
    # follow.
    tab.reload()
    expect(key_figure(tab, "agreements_signed")).to_have_text("1")
    expect(key_figure(tab, "contract_value_usd")).to_have_text("$250,000")
    expect(key_figure(tab, "jobs_created")).to_have_text("12")
    targets = tab.get_by_role("region", name="Progress to targets")
    expect(targets.get_by_role("progressbar", name="Agreements this year")).to_have_attribute(
        "aria-valuenow", "50"
    )
    stages = tab.get_by_role("region", name="Ventures started in the period, by current stage")
    expect(stages.locator("svg desc")).to_contain_text("Contract signed: 1")
    notable = tab.get_by_role("region", name="Notable ventures")
    expect(notable.get_by_role("link", name="Steppe–Karachi QR payments")).to_be_visible()
    tab.screenshot(path=str(ARTIFACTS / "outcomes-dashboard.png"), full_page=True)
    assert violations(tab) == []

    after = tab.request.get(f"/outcomes/report.pdf?quarter={quarter}")
    assert after.ok and after.body().startswith(b"%PDF")
    assert after.body() != before.body()
    (ARTIFACTS / "outcomes-report.pdf").write_bytes(after.body())

    # The CSV of the quarter table has the contract's value.
    csv = tab.request.get("/outcomes/export/quarters.csv").text()
    assert "250000" in csv
