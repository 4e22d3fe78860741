"""Key pages pass axe-core's WCAG 2.1 A and AA rules in a real browser, in English and in Urdu."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct-horse-battery"


def violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => ({rule: v.id, impact: v.impact,
                                   where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
        WCAG_AA,
    )


@pytest.fixture
def directory_data(organisation, make_organisation, make_term, make_user):
    fintech = make_term("sector", "fintech", "Fintech", label_ur="فن ٹیک")
    organisation.sectors.add(fintech)
    make_organisation("Karachi Payments Hub", country="PK", description="Payment switching.")
    return organisation


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/directory/",
        "/directory/?q=nothing-matches",
        "/accounts/login/",
        "/directory/taxonomy/",
        "/about/data/",
    ],
)
def test_public_pages_meet_wcag_aa(page, live_server, directory_data, path, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(path)
    assert violations(page) == []


def test_an_admins_pages_meet_wcag_aa(page, directory_data, org_admin):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(org_admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    slug = directory_data.slug
    for path in [
        f"/directory/{slug}/",
        f"/directory/{slug}/edit/",
        f"/directory/{slug}/people/",
        "/accounts/profile/",
        "/accounts/tokens/",
        f"/accounts/invite/{slug}/",
    ]:
        page.goto(path)
        assert violations(page) == [], path
