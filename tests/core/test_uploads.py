"""Attachments are judged by their bytes, not their names, and by size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from silkbridge.core.uploads import attachment_path, validate_attachment


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("brochure.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf"),
        ("logo.png", image_bytes("PNG"), "image/png"),
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
        # A JPEG named .png is still a JPEG, and is served as one.
        ("photo.png", image_bytes("JPEG"), "image/jpeg"),
    ],
)
def test_pdfs_and_images_are_accepted_with_the_type_their_bytes_show(name, content, expected):
    assert validate_attachment(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"<html><script>alert(1)</script></html>"),
        ("report.png", b"MZ\x90\x00\x03 an executable"),
        ("notes.txt", b"plain text"),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as raised:
        validate_attachment(SimpleUploadedFile(name, content))
    assert raised.value.code == "file_type"
    assert name in raised.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2048)
    with pytest.raises(ValidationError) as raised:
        validate_attachment(upload)
    assert raised.value.code == "file_size"
    assert "1.0\xa0KB" in raised.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_attachment(SimpleUploadedFile("empty.pdf", b""))
    assert raised.value.code == "file_empty"


def test_stored_names_are_random_and_keep_only_allowed_suffixes():
    class Owner:
        class _meta:  # mimics a model's options
            app_label = "conversations"

    first = attachment_path(Owner(), "../../etc/passwd.pdf")
    second = attachment_path(Owner(), "../../etc/passwd.pdf")
    assert first != second
    assert first.startswith("conversations/") and first.endswith(".pdf")
    assert ".." not in first
    assert not attachment_path(Owner(), "run.exe").endswith(".exe")
