"""A wrong address or a refused action gets a page of the site, in the reader's language, with a
way back, not Django's bare English page."""

import pytest


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Page not found"), ("ru", "Страница не найдена"), ("ur", "صفحہ نہیں ملا")],
)
def test_a_missing_page_is_the_site_s_page_in_the_reader_s_language(client, db, language, title):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    assert title in response.text
    assert 'href="/"' in response.text  # the way back
    assert "navbar" in response.text  # the site's frame, not a bare page


def test_a_refused_action_is_the_site_s_403_page(persona_client, db):
    from django.urls import reverse

    response = persona_client("org_admin").post(
        reverse("directory:taxonomy"),
        {"vocabulary": "sector", "slug": "space", "label_en": "Space"},
        HTTP_ACCEPT_LANGUAGE="kk",
    )

    assert response.status_code == 403
    assert "Рұқсат етілмейді" in response.text
    assert "navbar" in response.text
