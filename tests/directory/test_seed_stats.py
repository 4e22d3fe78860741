"""Figures and credits for the "About the data" page."""

import pytest
from django.shortcuts import render
from django.test import RequestFactory

from silkbridge.directory.models import Organisation
from silkbridge.directory.seed.demo import generate_demo
from silkbridge.directory.seed.realdata import load_real_organisations
from silkbridge.directory.seed.stats import data_source_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_and_demo(make_organisation):
    generate_demo(scale=20, seed=1)  # also seeds the taxonomy and geography
    load_real_organisations()
    make_organisation("Hand-made Organisation", country="PK")


def test_summary_counts_organisations_per_source_joined_demo_and_other(real_and_demo):
    # given real data, demo data and one organisation added by hand
    # when the summary is computed
    summary = data_source_summary()

    # then each source's organisations are counted once, and the rest add up to the total
    figures = {f.source.key: f.organisations for f in summary.sources}
    assert figures["curated"] == 27
    assert figures["hipo"] == 165
    assert figures["ror"] > 300
    assert summary.joined >= 70
    assert summary.demo == 20
    assert summary.other == 1
    assert summary.total == Organisation.objects.count()
    assert (summary.regions, summary.cities) == (27, 454)


def test_the_about_page_template_shows_credits_counts_and_the_demo_note(real_and_demo):
    # given the summary
    summary = data_source_summary()
    request = RequestFactory().get("/about/data/")

    # when the page template is rendered with it
    html = render(request, "core/about_data.html", {"summary": summary}).content.decode()

    # then the licences' attribution lines, the counts and the demo note are on the page
    assert "University list: Hipo university-domains-list (MIT)" in html
    assert "Organisation names: Research Organization Registry (CC0)" in html
    assert "City data: GeoNames (CC BY 4.0)" in html
    assert ">165<" in html
    assert "[Demo data]" in html
