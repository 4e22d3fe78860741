"""The public announcement pages and feed, and the secretariat's writing desk through its pages."""

import pytest
from django.urls import reverse

from silkbridge.announcements.models import Announcement

from .conftest import ANNOUNCEMENT_FORM

pytestmark = pytest.mark.django_db


def test_a_visitor_reads_published_announcements_but_not_drafts(client, make_announcement):
    make_announcement(title_en="Published call")
    make_announcement(title_en="Unfinished draft", published=False)

    page = client.get(reverse("announcements:list")).content.decode()

    assert "Published call" in page
    assert "Unfinished draft" not in page


def test_the_list_filters_by_kind(client, make_announcement):
    make_announcement(kind="call", title_en="A call for pilots")
    make_announcement(kind="news", title_en="Some news")

    page = client.get(reverse("announcements:list"), {"kind": "call"}).content.decode()

    assert "A call for pilots" in page
    assert "Some news" not in page


def test_the_list_pages_through_many_announcements(client, make_announcement):
    for n in range(25):
        make_announcement(title_en=f"Item {n:02d}")

    first = client.get(reverse("announcements:list"))
    second = client.get(reverse("announcements:list"), {"page": 2})

    assert len(first.context["items"]) == 20
    assert len(second.context["items"]) == 5


def test_a_draft_page_is_not_found_for_visitors(client, make_announcement):
    draft = make_announcement(published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_russian_reader_sees_the_russian_text_in_paragraphs(client, make_announcement):
    announcement = make_announcement(
        title_ru="Приглашение", body_ru="Первый абзац.\n\nВторой абзац."
    )

    page = client.get(announcement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Приглашение" in page
    assert "<p>Первый абзац.</p>" in page
    assert 'lang="ru"' in page


def test_an_urdu_reader_of_an_english_only_text_is_told_so(client, make_announcement):
    announcement = make_announcement()

    response = client.get(announcement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ur")

    assert response.context["shown_language"] == "en"
    assert response.context["other_language"] is True


def test_raw_html_in_a_text_is_shown_as_text(client, make_announcement):
    announcement = make_announcement(body_en="<script>alert(1)</script>")

    page = client.get(announcement.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_visitor_is_offered_sign_up_that_comes_back(client, make_announcement):
    announcement = make_announcement()

    page = client.get(announcement.get_absolute_url()).content.decode()

    assert f"{reverse('account_signup')}?next={announcement.get_absolute_url()}" in page


def test_the_feed_is_atom_in_the_language_asked_for(client, make_announcement):
    make_announcement(title_ru="Русский заголовок", body_ru="Текст.")
    make_announcement(title_en="Draft only", published=False)

    response = client.get(reverse("announcements:feed"), {"lang": "ru"})
    body = response.content.decode()

    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Русский заголовок" in body
    assert "Draft only" not in body
    assert 'xml:lang="ru"' in body


def test_the_feed_filters_by_kind(client, make_announcement):
    make_announcement(kind="call", title_en="A call")
    make_announcement(kind="news", title_en="A news item")

    body = client.get(reverse("announcements:feed"), {"kind": "news"}).content.decode()

    assert "A news item" in body
    assert "A call" not in body


def test_the_secretariat_writes_previews_and_publishes(client, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("announcements:new"), ANNOUNCEMENT_FORM)
    announcement = Announcement.objects.get()
    assert response.url == reverse("announcements:preview", args=[announcement.pk])
    preview = client.get(response.url).content.decode()
    assert "<p>First paragraph.</p>" in preview
    client.post(reverse("announcements:publish", args=[announcement.pk]))

    assert client.get(announcement.get_absolute_url()).status_code == 200
    announcement.refresh_from_db()
    assert announcement.is_public()


def test_a_form_with_errors_shows_them_on_the_field_and_writes_nothing(client, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("announcements:new"), {**ANNOUNCEMENT_FORM, "body_en": "", "kind": "forum"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors.keys() >= {"body_en", "forum"}
    assert not Announcement.objects.exists()


def test_editing_keeps_a_published_announcement_published(client, secretariat, make_announcement):
    announcement = make_announcement()
    client.force_login(secretariat)

    client.post(
        reverse("announcements:edit", args=[announcement.pk]),
        {**ANNOUNCEMENT_FORM, "title_en": "Changed title"},
    )

    announcement.refresh_from_db()
    assert announcement.title_en == "Changed title"
    assert announcement.is_public()


def test_unpublishing_through_the_page_hides_it(client, secretariat, make_announcement):
    announcement = make_announcement()
    client.force_login(secretariat)

    client.post(reverse("announcements:unpublish", args=[announcement.pk]))
    client.logout()

    assert client.get(announcement.get_absolute_url()).status_code == 404


def test_markup_in_a_text_reaches_feed_readers_as_text(client, make_announcement):
    make_announcement(body_en="<img src=x onerror=alert(1)>")

    body = client.get(reverse("announcements:feed")).content.decode()

    # Escaped once for the HTML summary and once more for the XML around it.
    assert "&amp;lt;img" in body
    assert "<img" not in body


def test_public_pages_and_feed_never_name_the_author(client, secretariat, make_announcement):
    announcement = make_announcement(author=secretariat)
    secretariat.full_name = "Aigerim Secretariat-Person"
    secretariat.save()

    pages = [
        client.get(reverse("announcements:list")),
        client.get(announcement.get_absolute_url()),
        client.get(reverse("announcements:feed")),
    ]

    for response in pages:
        body = response.content.decode()
        assert secretariat.email not in body
        assert "Aigerim" not in body
