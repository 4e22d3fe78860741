"""The sign-up and sign-in pages in a real browser: they fit a phone and a desk in every
language (Urdu right to left), the time zone starts at the browser's own, and a visitor who
signs up from a page comes back to it once the address is verified."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.layout import assert_fits

PASSWORD = "Almaty-Lahore-Bridge-7"


@pytest.mark.parametrize("language", ["en", "ru", "kk", "ur"])
def test_the_entrance_pages_fit_in_every_language(browser, live_server, db, language):
    context = browser.new_context(
        base_url=live_server.url,
        timezone_id="Asia/Almaty",
        viewport={"width": 1366, "height": 900},
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
            tab.goto(path)
            direction = tab.evaluate("document.documentElement.dir")
            assert direction == ("rtl" if language == "ur" else "ltr")
            for width in (1366, 390):  # a desk, then the same page on a phone
                tab.set_viewport_size({"width": width, "height": 900})
                assert_fits(tab)
                ARTIFACTS.mkdir(exist_ok=True)
                name = path.strip("/").replace("/", "-")
                tab.screenshot(
                    path=str(ARTIFACTS / f"entrance-{name}-{language}-{width}.png"), full_page=True
                )
            tab.set_viewport_size({"width": 1366, "height": 900})
        tab.goto("/accounts/signup/")
        # the browser's zone is chosen, not UTC
        expect(tab.locator("#id_time_zone")).to_have_value("Asia/Almaty")
        expect(tab.locator("#id_language")).to_have_value(language)
        assert errors == []
    finally:
        context.close()


def test_a_visitor_signs_up_from_a_page_and_comes_back_to_it_verified(browser, live_server, db):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 900}
    )
    tab = context.new_page()
    try:
        # A visitor on the directory follows "Create an account" from the menu
        tab.goto("/directory/")
        tab.get_by_role("button", name="Toggle navigation").click()
        # The menu has finished opening (Bootstrap's collapse ends with "show"), so the click
        # cannot land on a link still sliding into place.
        expect(tab.locator("#main-nav.show")).to_be_visible()
        tab.get_by_role("link", name="Create an account").click()
        expect(tab).to_have_url(re.compile(r"/accounts/signup/"))
        tab.get_by_label("Full name").fill("Dana Serikova")
        tab.get_by_label("E-mail").fill("dana@startup.example.kz")
        tab.locator("#id_password1").fill(PASSWORD)
        tab.get_by_label("Password again").fill(PASSWORD)

        # Forgetting the terms is named on the checkbox
        tab.get_by_role("button", name="Create an account").click()
        expect(tab.locator("#id_accept_terms_error")).to_be_visible()
        tab.locator("#id_password1").fill(PASSWORD)
        tab.get_by_label("Password again").fill(PASSWORD)
        tab.get_by_role("checkbox").check()
        tab.get_by_role("button", name="Create an account").click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Confirm your e-mail address")

        # The link in the e-mail confirms the address and leads back to the directory
        sent = [m for m in mail.outbox if m.to == ["dana@startup.example.kz"]]
        assert len(sent) == 1
        link = re.search(r"https?://\S+?(/accounts/confirm-email/\S+)", sent[0].body)
        tab.goto(link.group(1))
        tab.get_by_role("button", name="Confirm").click()
        tab.wait_for_url(re.compile(r"/directory/$"))
        tab.get_by_role("button", name="Toggle navigation").click()
        expect(tab.get_by_role("link", name="Create an account")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_sign_up_page_meets_wcag_aa_even_with_errors(page, live_server, db, language):
    from tests.e2e.test_accessibility import violations

    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/accounts/signup/")
    assert violations(page) == []
    page.locator("form[action='/accounts/signup/'] button[type=submit]").click()
    expect(page.locator("#id_accept_terms_error")).to_be_visible()
    assert violations(page) == []
