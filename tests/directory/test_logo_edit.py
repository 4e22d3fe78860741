"""Changing an organisation's logo on its edit page: who may, and what a bad file does."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from silkbridge.directory.forms import OrganisationForm
from silkbridge.directory.models import Organisation


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_file(size=(800, 400), *, mode="RGB", name="logo.png", kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, 120).save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def profile(organisation: Organisation, **changes) -> dict:
    """What the edit page posts when nothing but `changes` is changed."""
    form = OrganisationForm(instance=organisation)
    data = {}
    for name in form.fields:
        if name in ("logo", "remove_logo"):
            continue
        value = form[name].value()
        if value in (None, ""):
            continue
        if name == "certifications":
            data[name] = ", ".join(value)
        elif isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = value
    return {**data, **changes}


def edit_url(organisation: Organisation) -> str:
    return reverse("directory:edit", kwargs={"slug": organisation.slug})


def stored_files(settings) -> list:
    folder = settings.MEDIA_ROOT / "organisation-logos"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("outsider", False),
        ("observer", False),
        ("org_admin", True),
        ("secretariat", True),
    ],
)
def test_only_the_organisations_admins_and_the_secretariat_can_upload_a_logo(
    persona_client, persona, allowed, organisation, settings
):
    client = persona_client(persona)

    response = client.post(edit_url(organisation), {**profile(organisation), "logo": image_file()})

    organisation.refresh_from_db()
    assert bool(organisation.logo) is allowed
    if allowed:
        assert response.status_code == 302
        assert len(stored_files(settings)) == 1
    else:
        assert response.status_code in (302, 404)  # the sign-in page, or the one 404
        assert stored_files(settings) == []


@pytest.mark.django_db
def test_the_edit_page_is_a_multipart_form_with_the_logo_field(client, org_admin, organisation):
    client.force_login(org_admin)

    page = client.get(edit_url(organisation)).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="logo"' in page
    assert 'name="remove_logo"' not in page  # nothing to remove yet


@pytest.mark.django_db
def test_an_uploaded_logo_is_stored_as_a_small_webp_and_audited(client, org_admin, organisation):
    client.force_login(org_admin)

    client.post(edit_url(organisation), {**profile(organisation), "logo": image_file((1600, 800))})

    organisation.refresh_from_db()
    with organisation.logo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (512, 256)
    entries = LogEntry.objects.get_for_object(organisation).filter(actor=org_admin)
    assert any("logo" in entry.changes_dict for entry in entries)


@pytest.mark.django_db
def test_replacing_a_logo_deletes_the_old_file(
    client, org_admin, organisation, settings, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    client.post(edit_url(organisation), {**profile(organisation), "logo": image_file()})
    organisation.refresh_from_db()
    first = organisation.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url(organisation),
            {**profile(organisation), "logo": image_file((300, 300), name="new.jpg", kind="JPEG")},
        )

    organisation.refresh_from_db()
    assert organisation.logo.name != first
    assert [path.name for path in stored_files(settings)] == [organisation.logo.name.split("/")[-1]]


@pytest.mark.django_db
def test_the_secretariat_can_remove_a_logo(
    client, org_admin, secretariat, organisation, settings, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    client.post(edit_url(organisation), {**profile(organisation), "logo": image_file()})
    client.force_login(secretariat)
    assert 'name="remove_logo"' in client.get(edit_url(organisation)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(organisation), {**profile(organisation), "remove_logo": "on"}
        )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.logo
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_saving_the_profile_without_a_file_keeps_the_logo(client, org_admin, organisation):
    client.force_login(org_admin)
    client.post(edit_url(organisation), {**profile(organisation), "logo": image_file()})
    organisation.refresh_from_db()
    logo = organisation.logo.name

    client.post(edit_url(organisation), profile(organisation, short_name="QFL"))

    organisation.refresh_from_db()
    assert organisation.short_name == "QFL"
    assert organisation.logo.name == logo


def not_an_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.png", b"%PDF-1.4 not a picture", content_type="image/png")


def too_big() -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024), "image/png")


def too_many_pixels() -> SimpleUploadedFile:
    return image_file((6000, 4500), mode="L")  # 27 million pixels in a small file


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (not_an_image, "must be a PNG, JPEG, WebP or GIF image"),
        (too_big, "the limit is 2.0"),
        (too_many_pixels, "too large in pixels"),
    ],
)
def test_a_bad_file_is_a_field_error_and_writes_nothing(
    client, org_admin, organisation, settings, upload, message
):
    client.force_login(org_admin)
    client.post(edit_url(organisation), {**profile(organisation), "logo": image_file()})
    organisation.refresh_from_db()
    logo, files = organisation.logo.name, stored_files(settings)
    entries = LogEntry.objects.count()

    response = client.post(
        edit_url(organisation), {**profile(organisation, short_name="Changed"), "logo": upload()}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["logo"]
    assert message in errors["logo"][0]
    page = response.content.decode()
    assert 'id="id_logo_error"' in page or "invalid-feedback" in page
    organisation.refresh_from_db()
    assert organisation.logo.name == logo
    assert organisation.short_name != "Changed"
    assert stored_files(settings) == files
    assert LogEntry.objects.count() == entries


@pytest.mark.django_db
def test_choosing_a_file_and_removing_at_once_is_refused(client, org_admin, organisation):
    client.force_login(org_admin)
    client.post(edit_url(organisation), {**profile(organisation), "logo": image_file()})
    organisation.refresh_from_db()
    logo = organisation.logo.name

    response = client.post(
        edit_url(organisation),
        {**profile(organisation), "logo": image_file((64, 64)), "remove_logo": "on"},
    )

    assert response.status_code == 200
    assert "remove_logo" in response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.logo.name == logo
