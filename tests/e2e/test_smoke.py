"""The site opens in a real browser, and switching to Urdu turns the page right-to-left."""

import re

from playwright.sync_api import expect


def test_home_page_loads_with_title_and_styles(page):
    # when
    page.goto("/")

    # then
    expect(page).to_have_title(re.compile("Silkbridge"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    # The stylesheet arrived: Bootstrap's navbar is laid out as a flex row, not a plain list.
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display") == "flex"


def test_language_switcher_turns_the_page_to_urdu_right_to_left(page):
    # given
    page.goto("/")

    # when
    with page.expect_navigation():
        page.select_option("#language-select", "ur")

    # then
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("link[href*='bootstrap.rtl']")).to_have_count(1)
