"""What was fixed before stays fixed: the site's icon, and a server error that is a page of the
site in the reader's language rather than Django's bare one."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_every_page_names_the_site_s_icon_and_the_file_ships(client):
    page = client.get("/").content.decode()
    assert re.search(r'rel="icon" href="/static/silkbridge/favicon\.(\w+\.)?svg"', page)
    assert finders.find("silkbridge/favicon.svg")


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Something went wrong"), ("ru", "Что-то пошло не так")]
)
def test_a_server_error_is_the_site_s_page_in_the_reader_s_language(language, title):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert title in html and "navbar" in html
