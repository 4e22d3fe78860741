"""A visitor's public pages in a real browser: the statistics with their charts, the terms and
the privacy notice fit a phone (390 px) and a desk (1366 px) in English and in Urdu (right to
left), and a link preview finds its tags."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PATHS = ["/statistics/", "/terms/", "/privacy/"]
WIDTHS = [390, 1366]
WIDER_THAN_WINDOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def some_figures(make_organisation, make_opportunity, make_term):
    fintech = make_term(slug="fintech", label_en="Fintech", label_ur="فن ٹیک")
    kz = make_organisation("Steppe Soft", country="KZ")
    make_organisation("Indus Code", country="PK", kind="academic")
    make_opportunity(kz, sectors=[fintech])


@pytest.mark.parametrize("language", ["en", "ur"])
def test_public_pages_fit_a_phone_and_a_desk(page, some_figures, language):
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in PATHS:
            response = page.goto(f"{path}?lang={language}")
            assert response.status == 200
            direction = page.locator("html").get_attribute("dir")
            assert direction == ("rtl" if language == "ur" else "ltr")
            overflow = page.evaluate(WIDER_THAN_WINDOW)
            if overflow > 0:
                problems.append(f"{path} at {width} px in {language}: {overflow} px too wide")
    assert not problems, problems


def test_the_statistics_draw_their_charts(page, some_figures):
    page.goto("/statistics/")
    charts = page.locator("svg.outcomes-chart")
    assert charts.count() >= 3  # organisations in each country, opportunities by sector
    assert page.locator("#headline-figures li").count() == 6


def test_a_link_preview_finds_the_open_graph_tags(page):
    page.goto("/terms/")
    image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert image.endswith(".png")
    response = page.request.get(image.replace(image.split("/static/")[0], ""))
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_public_pages_meet_wcag_aa(page, some_figures, language):
    from tests.e2e.test_accessibility import violations

    found = {}
    for path in PATHS:
        page.goto(f"{path}?lang={language}")
        if problems := violations(page):
            found[path] = problems
    assert found == {}
