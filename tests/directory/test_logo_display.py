"""The logo (or a placeholder) on the profile, the public page and directory cards; its caching."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from silkbridge.directory.logos import replace_logo
from silkbridge.directory.templatetags.logo_tags import initials, logo_url


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def with_logo(organisation, secretariat):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), (10, 90, 200)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    replace_logo(actor=secretariat, organisation=organisation, upload=upload)
    organisation.refresh_from_db()
    return organisation


def image_tag(page: str, organisation) -> str:
    """The <img> of this organisation's logo in the page, or ''."""
    start = page.find(f'src="{logo_url(organisation)}"')
    if start < 0:
        return ""
    return page[page.rfind("<img", 0, start) : page.find(">", start) + 1]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "outsider", "anonymous"])
def test_the_organisation_page_shows_the_logo_with_its_name_as_alt_text(
    persona_client, persona, with_logo
):
    page = persona_client(persona).get(with_logo.get_absolute_url()).content.decode()

    tag = image_tag(page, with_logo)
    assert 'alt="Qazaq Fintech Labs"' in tag
    assert 'loading="lazy"' in tag
    assert 'width="96" height="96"' in tag
    assert "style=" not in tag


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "anonymous"])
def test_directory_cards_show_the_logo(persona_client, persona, with_logo):
    page = persona_client(persona).get(reverse("directory:list")).content.decode()

    tag = image_tag(page, with_logo)
    assert 'alt="Qazaq Fintech Labs"' in tag
    assert 'width="48" height="48"' in tag


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "anonymous"])
def test_without_a_logo_the_pages_show_the_initials(persona_client, persona, organisation):
    client = persona_client(persona)

    for url in (organisation.get_absolute_url(), reverse("directory:list")):
        page = client.get(url).content.decode()
        assert 'data-logo="placeholder"' in page
        assert "<bdi>QF</bdi>" in page
        assert reverse("directory:logo", kwargs={"slug": organisation.slug}) not in page


def test_initials_come_from_the_first_two_words():
    assert initials("Qazaq Fintech Labs") == "QF"
    assert initials("نظام سافٹ ویئر") == "نس"
    assert initials("«") == "?"


@pytest.mark.django_db
def test_the_versioned_url_is_cached_for_a_year_and_revalidated_by_etag(client, with_logo):
    response = client.get(logo_url(with_logo))

    # Read to the end, which closes the picture's file (closing the response instead would fire
    # request_finished, which closes the database connection inside the test's transaction).
    assert b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    etag = response["ETag"]
    assert response["Last-Modified"]

    again = client.get(logo_url(with_logo), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


@pytest.mark.django_db
def test_an_unversioned_or_stale_url_is_kept_only_briefly(client, with_logo):
    plain = reverse("directory:logo", kwargs={"slug": with_logo.slug})

    for url in (plain, plain + "?v=old"):
        response = client.get(url)
        assert b"".join(response.streaming_content)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.django_db
def test_a_new_logo_has_a_new_url(with_logo, secretariat):
    before = logo_url(with_logo)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (0, 0, 0)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("other.png", buffer.getvalue(), content_type="image/png")

    replace_logo(actor=secretariat, organisation=with_logo, upload=upload)

    assert logo_url(with_logo) != before
