"""The terms and the privacy notice: public, in the reader's language, versioned, edited by the
secretariat only."""

import pytest
from django.urls import reverse

from silkbridge.public import legal
from silkbridge.public.models import LegalText

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat"])
@pytest.mark.parametrize("name", ["public:terms", "public:privacy"])
def test_everyone_reads_the_legal_pages(persona_client, persona, name):
    response = persona_client(persona).get(reverse(name))
    assert response.status_code == 200
    assert "Version 1" in response.content.decode()


def test_the_shipped_privacy_notice_says_what_is_kept_and_what_stays_after_deletion(client):
    page = client.get(reverse("public:privacy")).content.decode()
    kept = ("Account data", "Organisation data", "Messages", "Audit log", "download your data")
    for words in kept:
        assert words in page
    assert "anonymised" in page


@pytest.mark.parametrize("language", ["ru", "kk", "ur"])
def test_the_shipped_texts_are_written_in_each_language(client, language):
    text = legal.current("privacy")
    client.cookies["django_language"] = language
    page = client.get(reverse("public:privacy"), headers={"accept-language": language})
    body = page.content.decode()
    first_heading = legal.blocks(text.body_in(language))[0].lines[0]
    assert first_heading in body
    assert "not yet written in your language" not in body


def test_a_language_without_its_text_falls_back_to_english_and_says_so(client, secretariat):
    legal.publish(kind="terms", bodies={"en": "## Rules\nBe kind."}, by=secretariat)
    client.cookies["django_language"] = "ru"
    body = client.get(reverse("public:terms")).content.decode()
    assert "Be kind." in body
    assert 'lang="en"' in body


def test_current_version_counts_up_with_each_publication(secretariat):
    assert legal.current_version("terms") == 1
    text = legal.publish(kind="terms", bodies={"en": "New terms."}, by=secretariat)
    assert text.version == 2 and text.updated_by == secretariat
    assert legal.current_version("terms") == 2
    assert legal.current_version("privacy") == 1


def test_an_earlier_version_stays_readable(client, secretariat):
    legal.publish(kind="terms", bodies={"en": "Second wording."}, by=secretariat)
    old = client.get(reverse("public:terms-version", args=[1])).content.decode()
    assert "Second wording." not in old
    assert "earlier version" in old
    assert client.get(reverse("public:terms-version", args=[9])).status_code == 404


def test_the_text_is_escaped_not_run_as_html(client, secretariat):
    legal.publish(kind="terms", bodies={"en": "<script>alert(1)</script>"}, by=secretariat)
    body = client.get(reverse("public:terms")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_headings_lists_and_paragraphs_are_recognised():
    parts = legal.blocks("## Title\nFirst line\nsecond line\n\n- one\n- two")
    assert [(b.kind, b.lines) for b in parts] == [
        ("heading", ("Title",)),
        ("paragraph", ("First line", "second line")),
        ("list", ("one", "two")),
    ]


def test_the_secretariat_publishes_a_new_version_from_the_page(client, secretariat):
    client.force_login(secretariat)
    url = reverse("public:legal-edit", args=["privacy"])
    form = client.get(url)
    assert form.status_code == 200
    assert "Who keeps your data" in form.content.decode()
    response = client.post(url, {"body_en": "Short notice.", "body_ur": "مختصر نوٹس۔"})
    assert response.status_code == 302
    latest = legal.current("privacy")
    assert (latest.version, latest.body_en, latest.body_ur, latest.body_ru) == (
        2,
        "Short notice.",
        "مختصر نوٹس۔",
        "",
    )


def test_publishing_without_english_writes_nothing_and_names_the_field(client, secretariat):
    client.force_login(secretariat)
    url = reverse("public:legal-edit", args=["terms"])
    response = client.post(url, {"body_en": "  ", "body_ru": "Текст."})
    assert response.status_code == 422
    assert "body_en" in response.context["form"].errors
    assert LegalText.objects.filter(kind="terms").count() == 1


@pytest.mark.parametrize("persona", ["anonymous", "observer", "org_admin", "member", "outsider"])
def test_only_the_secretariat_may_publish(persona_client, persona):
    client = persona_client(persona)
    url = reverse("public:legal-edit", args=["terms"])
    refused = 302 if persona == "anonymous" else 404  # anonymous: sent to sign in
    assert client.get(url).status_code == refused
    assert client.post(url, {"body_en": "Taken over."}).status_code == refused
    assert legal.current_version("terms") == 1


def test_the_service_refuses_someone_who_is_not_the_secretariat(member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        legal.publish(kind="terms", bodies={"en": "x"}, by=member)


def test_an_unknown_kind_is_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("public:legal-edit", args=["cookies"])).status_code == 404


def test_the_shipped_texts_are_shown_even_if_their_rows_are_gone(client, secretariat):
    LegalText.objects.all().delete()
    body = client.get(reverse("public:privacy")).content.decode()
    assert "Version 1" in body and "Who keeps your data" in body
    assert client.get(reverse("public:terms-version", args=[1])).status_code == 200
    assert legal.current_version("terms") == 1
    assert legal.publish(kind="terms", bodies={"en": "Next."}, by=secretariat).version == 2
