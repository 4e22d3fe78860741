"""Pages answer bad input with a page of their own: a form over the upload limit is 413, a NUL
character in the address 400, and a bug is the site's 500 page in the reader's language, never
Django's bare one."""

import pytest

from tests.forums.conftest import forum  # noqa: F401  (an event open for registration)


def test_a_page_form_over_the_upload_limit_is_payload_too_large(client, member):
    client.force_login(member)
    response = client.post("/opportunities/saved/", {"name": "x" * 3_000_000})
    assert response.status_code == 413
    assert "What you sent is too large to accept." in response.content.decode()


def test_an_api_form_over_the_upload_limit_is_payload_too_large(client, member):
    client.force_login(member)
    response = client.post("/api/v1/saved-searches", {"name": "x" * 3_000_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize("params", [{"q": "fintech\0"}, {"q\0": "fintech"}])
def test_a_nul_character_in_a_pages_address_is_a_bad_request(client, secretariat, forum, params):  # noqa: F811
    client.force_login(secretariat)
    response = client.get(f"/forums/{forum.slug}/marketplace/", params)
    assert response.status_code == 400
    assert "null character" in response.content.decode()


@pytest.fixture
def broken_directory(monkeypatch, client):
    """The directory page fails with a bug, as code in production sometimes does."""
    from silkbridge.directory import views

    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.selectors, "directory_paginator", fail)
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "kk", "ur"])
def test_a_bug_in_a_page_shows_the_sites_error_page(broken_directory, language):
    response = broken_directory.get("/directory/", headers={"accept-language": language})
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert 'href="/directory/"' in page  # the site's navigation, to carry on from
    if language == "en":
        assert "The error has been logged and will be looked into." in page
