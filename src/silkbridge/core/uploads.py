"""Attachments: checked by content, not by name, and kept outside the public web root.

A file is accepted only if its bytes are a PDF or an image that Pillow can decode, and if it is
no larger than SILKBRIDGE_MAX_UPLOAD_BYTES. Files are stored under a random name in
PRIVATE_MEDIA_ROOT and served only through views that check permissions first.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF_MAGIC = b"%PDF-"
# Pillow format name → the content type we serve the file with.
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
PDF_TYPE = "application/pdf"
ALLOWED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".webp", ".gif"}


class PrivateStorage(LazyObject):
    """Resolved lazily so tests can point PRIVATE_MEDIA_ROOT at a temporary directory."""

    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    """The storage of attachment fields: a callable, so migrations record this function rather
    than the folder of whichever machine made them."""
    return private_storage


def attachment_path(instance, filename: str) -> str:
    """A random name under the model's folder; the original name is kept in the database."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        suffix = ""
    return f"{instance._meta.app_label}/{uuid.uuid4().hex}{suffix}"


def sniff_content_type(upload: UploadedFile) -> str:
    """The content type of an upload, from its bytes; raises ValidationError if not allowed."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return PDF_TYPE
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        image_format = None
    finally:
        upload.seek(0)
    if image_format in IMAGE_TYPES:
        return IMAGE_TYPES[image_format]
    raise ValidationError(
        _("“%(name)s” is not a PDF or an image (PNG, JPEG, WebP or GIF)."),
        code="file_type",
        params={"name": upload.name},
    )


def validate_attachment(upload: UploadedFile) -> str:
    """Check size and type of one upload; returns its content type."""
    limit = settings.SILKBRIDGE_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest file accepted is %(limit)s."),
            code="file_size",
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    if upload.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty."), code="file_empty", params={"name": upload.name}
        )
    return sniff_content_type(upload)


def download_response(attachment) -> FileResponse:
    """A stored attachment (with `file`, `original_name`, `content_type`) as a download that
    browsers never render inline; callers have checked that the reader may see it."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such file") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
