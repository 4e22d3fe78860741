"""The directory and opportunity filters are htmx forms that swap only the results: a filter that
could not be used is named in the results, so the person sees what was left out."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["directory:list", "opportunities:list"]


@pytest.mark.parametrize("name", LISTS)
def test_an_over_long_search_is_named_in_the_swapped_results(client, name):
    response = client.get(reverse(name), {"q": "x" * 201}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="filter-errors"' in html and 'role="alert"' in html
    assert 'href="#id_q"' in html and "at most 200 characters" in html


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_sector_is_named_in_the_swapped_results(client, name):
    response = client.get(reverse(name), {"sector": "no-such-sector"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="filter-errors"' in html and 'href="#id_sector"' in html


@pytest.mark.parametrize("name", LISTS)
def test_good_filters_show_no_error_summary(client, name):
    html = client.get(reverse(name), {"q": "payments"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="filter-errors"' not in html
