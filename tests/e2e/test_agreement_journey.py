"""Agreeing places in a real browser, as the issue tells it: a Kazakh university's coordinator
proposes an agreement with a Pakistani university and adds a condition (zero people is refused
on its field); both coordinators approve version 1; the Pakistani coordinator changes the
condition, which makes version 2, and both approve again. The pages pass the accessibility
checks; SILKBRIDGE_SHOTS names a folder for screenshots at phone and desktop widths in Urdu."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations

PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("SILKBRIDGE_SHOTS", "")


@pytest.fixture
def universities(make_organisation, make_user):
    kz = make_organisation("Astana IT University", country="KZ", kind="academic")
    pk = make_organisation("FAST National University", country="PK", kind="academic")
    kz_user = make_user(
        "saule@astanait.example.kz", organisation=kz, role="admin", full_name="Saule O."
    )
    pk_user = make_user(
        "bilal@fast.example.pk", organisation=pk, role="admin", full_name="Bilal A."
    )
    return {"kz": kz, "pk": pk, "kz_user": kz_user, "pk_user": pk_user}


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def _shots(browser, live_server, urls: dict[str, str], cookies) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for language in ("en", "kk", "ur"):
        for width in (390, 1366):
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": width, "height": 900}
            )
            context.add_cookies(cookies)
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            shot = context.new_page()
            for name, url in urls.items():
                shot.goto(url)
                shot.screenshot(
                    path=str(Path(SHOTS) / f"agreement-{name}-{language}-{width}.png"),
                    full_page=True,
                )
            context.close()


def _approve(page, institution) -> None:
    page.locator(f'[data-approve="{institution.pk}"]').click()
    expect(page.locator(".alert-success, .alert")).to_contain_text(
        f"{institution.name} approved version"
    )


def test_two_coordinators_agree_places_and_approve_again_after_a_change(
    page, browser, live_server, universities
):
    kz, pk = universities["kz"], universities["pk"]
    _sign_in(page, universities["kz_user"].email)
    page.goto("/talent/agreements/")
    page.get_by_role("link", name="Propose an agreement").click()
    assert violations(page) == []
    page.get_by_label("Title").fill("Software engineering exchange")
    page.get_by_label("From academic year").fill("2026")
    page.get_by_label("To academic year").fill("2028")
    page.get_by_label("Institutions").select_option(
        label=["Astana IT University (KZ)", "FAST National University (PK)"]
    )
    page.get_by_role("button", name="Create the agreement").click()

    # The condition form: zero people is refused on its field, nothing is written.
    expect(page.get_by_role("heading", name="Add a cooperation condition")).to_be_visible()
    page.get_by_label("Sending institution").select_option(label="Astana IT University (KZ)")
    page.get_by_label("Receiving institution").select_option(label="FAST National University (PK)")
    page.get_by_label("Mobility type").select_option(label="Student mobility for studies")
    page.get_by_label("Subject area (ISCED-F 2013)").select_option("0613")
    page.get_by_label("Study level (EQF)").fill("6")
    page.get_by_label("People per year").fill("0")
    page.get_by_label("Total months per year").fill("15")
    page.get_by_role("button", name="Add the condition").click()
    expect(page.locator("#id_people_per_year_error")).to_contain_text("at least one person")
    assert violations(page) == []
    page.get_by_label("People per year").fill("3")
    page.get_by_role("button", name="Add the condition").click()

    expect(page.locator("#conditions [data-people]")).to_have_text("3")
    page.get_by_role("button", name="Ask the institutions to approve").click()
    expect(page.locator("#agreement-version")).to_have_text("Version 1")
    _approve(page, kz)
    expect(page.locator("#agreement-state [data-status]")).to_have_text("Pending approval")
    assert violations(page) == []

    # The Pakistani coordinator, in a browser of their own, approves the same version.
    other = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    other.set_default_timeout(10_000)
    pk_page = other.new_page()
    _sign_in(pk_page, universities["pk_user"].email)
    pk_page.goto("/talent/agreements/")
    pk_page.get_by_role("link", name="Software engineering exchange").click()
    _approve(pk_page, pk)
    expect(pk_page.locator("#agreement-state [data-status]")).to_have_text("Approved")

    # A change after approval: version 2, which both approve again.
    pk_page.get_by_role("link", name="Change", exact=True).click()
    expect(pk_page.locator("#new-version-warning")).to_be_visible()
    pk_page.get_by_label("People per year").fill("4")
    pk_page.get_by_role("button", name="Save changes").click()
    expect(pk_page.locator("#agreement-version")).to_have_text("Version 2")
    expect(pk_page.locator("#agreement-state [data-status]")).to_have_text("Pending approval")
    _approve(pk_page, pk)
    condition = pk_page.get_by_role("link", name="Change", exact=True).get_attribute("href")
    _shots(
        browser,
        live_server,
        {"detail": pk_page.url, "list": "/talent/agreements/", "condition": condition},
        other.cookies(),
    )
    other.close()

    page.reload()
    expect(page.locator("#agreement-state [data-status]")).to_have_text("Pending approval")
    _approve(page, kz)
    expect(page.locator("#agreement-state [data-status]")).to_have_text("Approved")
    expect(page.locator("#versions > li")).to_have_count(2)
    expect(page.locator('#versions [data-version="1"]')).to_contain_text("Approved for")

    # Both universities' directory pages show the agreement.
    for institution in (kz, pk):
        page.goto(institution.get_absolute_url())
        expect(page.locator("#organisation-agreements")).to_contain_text(
            "Software engineering exchange"
        )
    assert violations(page) == []
