"""Pages fit a small desk screen (1280 px) in every language: in English, Russian, Kazakh and Urdu
(right to left), nothing is wider than the window, the navigation bar keeps the user menu in
view, and key figures stay inside their cards. The page audit (test_page_audit.py) checks the
same at 1366 and 390 px on every page; 1280 px is the narrowest desk width before the
navigation collapses, so it is the one where the bar is tightest.

Checked on the demo site a fresh `make run` gives, with the secretariat (the longest navigation
bar) and an organisation admin.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.demo_site import served_demo, sign_in

LANGUAGES = ["en", "ru", "kk", "ur"]
DESK_WIDTH = 1280
PHONE_WIDTH = 390
PAGES = {
    "secretariat@silkbridge.example": [
        "/",
        "/opportunities/",
        "/introductions/overview/",
        "/forums/astana-digital-b2b/participants/",
        "/outcomes/",
        "/directory/silk-road-wallet-labs/",
    ],
    "pk.admin@silkbridge.example": [
        "/",
        "/introductions/?tab=accepted",
        "/forums/astana-digital-b2b/participants/",
        "/directory/khyber-nexus-software/",
    ],
}
# What is wider than the window (or the navigation bar's content wider than its box), and
# which key figures spill out of their card.
MEASURE = """() => {
  const nav = document.querySelector("nav.navbar > .container");
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    nav: nav.scrollWidth - nav.clientWidth,
    figures: [...document.querySelectorAll(".key-figure")]
      .filter((card) => card.scrollWidth > card.clientWidth)
      .map((card) => card.innerText.split("\\n")[0]),
  };
}"""


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    with served_demo(tmp_path_factory) as url:
        yield url


def _switch_language(tab, language: str) -> None:
    """Choose the language from the navigation bar's menu, as a person would."""
    tab.set_viewport_size({"width": 1366, "height": 900})
    tab.goto("/")
    if tab.locator("html").get_attribute("lang") != language:
        tab.locator("#language-select").select_option(language)
        # The menu submits itself and the page comes back in that language.
        expect(tab.locator("html")).to_have_attribute("lang", language, timeout=30_000)


@pytest.mark.parametrize("email", list(PAGES))
def test_pages_fit_the_window_in_every_language(browser, demo_site, email):
    tab = sign_in(browser, demo_site, email)
    problems = []
    checked = 0
    for language in LANGUAGES:
        _switch_language(tab, language)
        tab.set_viewport_size({"width": DESK_WIDTH, "height": 900})
        for path in PAGES[email]:
            response = tab.goto(path)
            assert response is not None and response.status == 200, (path, language)
            found = tab.evaluate(MEASURE)
            checked += 1
            where = f"{path} {language} {DESK_WIDTH}px"
            if found["page"] > found["window"]:
                problems.append(f"{where}: page {found['page']} px wide")
            if found["nav"] > 0:
                problems.append(f"{where}: navigation bar {found['nav']} px too wide")
            if found["figures"]:
                problems.append(f"{where}: key figures spill out: {found['figures']}")
    tab.context.close()
    print(f"layout: {checked} page views checked for {email}, {len(problems)} problems")
    assert problems == []


def test_the_navigation_collapses_on_a_phone_and_opens_within_the_screen(browser, demo_site):
    tab = sign_in(browser, demo_site, "secretariat@silkbridge.example")
    for language in LANGUAGES:
        _switch_language(tab, language)
        tab.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
        tab.goto("/")
        navigation = tab.locator("#main-nav")
        expect(navigation).to_be_hidden()
        tab.locator(".navbar-toggler").click()
        expect(navigation).to_be_visible()
        user_menu = tab.locator(".nav-user")
        expect(user_menu).to_be_visible()
        box = user_menu.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
        # The labels hidden beside icons on a desk are written out in the opened menu.
        expect(navigation.locator(".nav-label-xl").first).to_be_visible()
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    tab.context.close()


def test_the_desk_navigation_names_its_icon_links(browser, demo_site):
    """Between 1200 and 1399 px some items show only their icon; each keeps its name."""
    tab = sign_in(browser, demo_site, "secretariat@silkbridge.example")
    _switch_language(tab, "en")
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto("/")
    navigation = tab.get_by_role("navigation", name="Main navigation")
    for name in ("Introductions", "Messages"):
        link = navigation.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        label_width = link.locator(".nav-label-xl").evaluate(
            "label => label.getBoundingClientRect().width"
        )
        assert label_width <= 1, name
    expect(navigation.get_by_role("button", name="Secretariat")).to_be_visible()
    tab.context.close()
