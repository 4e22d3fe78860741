"""Urdu chart labels on the dashboard are set in the shipped Nastaliq web font, not in a
system font that draws empty boxes."""

from playwright.sync_api import expect

from tests.e2e.test_outcomes_journey import journey, record_venture_to_contract  # noqa: F401

PASSWORD = "correct-horse-battery"

FONT_STATE = """async () => {
    await document.fonts.ready;
    const nodes = [...document.querySelectorAll('.outcomes-chart text')];
    const urdu = nodes.map((n) => n.textContent).filter((t) => /[\\u0600-\\u06FF]/.test(t));
    await document.fonts.load('16px "Noto Nastaliq Urdu"', urdu[0] || 'ا');
    const loaded = [...document.fonts].some(
        (face) => face.family.includes('Noto Nastaliq Urdu') && face.status === 'loaded');
    return {family: getComputedStyle(nodes[0]).fontFamily, urdu, loaded};
}"""


def test_urdu_dashboard_charts_use_the_nastaliq_font(page, live_server, journey):  # noqa: F811
    record_venture_to_contract(journey)
    secretariat = journey["secretariat"]
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(secretariat.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    page.context.add_cookies([{"name": "django_language", "value": "ur", "url": live_server.url}])
    page.goto("/outcomes/")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator(".outcomes-chart text").first).to_be_attached()
    state = page.evaluate(FONT_STATE)
    assert state["urdu"], "no chart label in Urdu"
    assert state["family"].startswith('"Noto Nastaliq Urdu"'), state["family"]
    assert state["loaded"]
