"""Organisation logos: checked by their bytes, redrawn small, and served by a view.

An uploaded logo is decoded by Pillow (a file that is not an image is refused, whatever its
name), turned upright, shrunk to at most LOGO_MAX_SIDE pixels and saved anew as WebP: only the
pixels are kept, so EXIF data (camera, location) and anything hidden in the original is dropped.
Logos are public like the profile they belong to; the media folder is not served by the web
server, so the view below serves them, for listed organisations only.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from PIL import Image, ImageOps, UnidentifiedImageError

from silkbridge.directory import permissions
from silkbridge.directory.models import Organisation
from silkbridge.directory.services import acting_as

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512
# A small file can still unpack to a huge bitmap: refuse before decoding it.
LOGO_MAX_PIXELS = 25_000_000
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def prepare_logo(upload: UploadedFile) -> ContentFile:
    """The logo to store: a WebP of at most LOGO_MAX_SIDE px; ValidationError if unusable."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(LOGO_MAX_BYTES)},
            code="logo_size",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in ACCEPTED_FORMATS:
            raise ValueError(image_format)
        if width * height > LOGO_MAX_PIXELS:
            raise ValidationError(
                _("The logo is too large in pixels; use one under 5000 × 5000."),
                code="logo_pixels",
            )
        upload.seek(0)
        with Image.open(upload) as image:
            image.seek(0)  # the first frame of an animation
            picture = ImageOps.exif_transpose(image)
            picture = picture.convert("RGBA")
            picture.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("The logo must be a PNG, JPEG, WebP or GIF image."), code="logo_type"
        ) from None
    finally:
        upload.seek(0)
    out = io.BytesIO()
    picture.save(out, format="WEBP", quality=90, method=4)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def replace_logo(*, actor, organisation: Organisation, upload: UploadedFile | None) -> None:
    """Set (or, with no upload, remove) an organisation's logo; its admins and the secretariat.

    The old file is deleted only once the new one is saved and the change committed.
    """
    if not permissions.can_edit_organisation(actor, organisation):
        raise PermissionDenied(_("You cannot edit this organisation."))
    prepared = prepare_logo(upload) if upload else None
    storage = Organisation._meta.get_field("logo").storage
    old_name = organisation.logo.name
    try:
        with transaction.atomic(), acting_as(actor):
            if prepared is not None:
                organisation.logo.save(prepared.name, prepared, save=False)
            else:
                organisation.logo = ""
            organisation.save(update_fields=["logo", "updated_at"])
            if old_name and old_name != organisation.logo.name:
                transaction.on_commit(lambda: storage.delete(old_name))
    except BaseException:
        if organisation.logo.name and organisation.logo.name != old_name:
            storage.delete(organisation.logo.name)
        organisation.logo = old_name
        raise


def logo_version(organisation: Organisation) -> str:
    """The stored file's name without folder or extension: a new upload is a new name."""
    return (organisation.logo.name or "").rsplit("/", 1)[-1].split(".", 1)[0]


@require_GET
def serve_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """A listed organisation's logo; 404 when it has none or is not listed.

    Pages link to it as ?v=<version>: that URL never shows another picture, so browsers keep it
    for a year; any other URL is kept briefly and revalidated by its ETag and Last-Modified.
    """
    organisation = (
        Organisation.objects.active().filter(slug=slug).only("logo", "updated_at").first()
    )
    if organisation is None or not organisation.logo:
        raise Http404("No logo")
    version = logo_version(organisation)
    etag = quote_etag(version)
    last_modified = int(organisation.updated_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        try:
            handle = organisation.logo.open("rb")
        except FileNotFoundError:
            raise Http404("No logo") from None
        response: HttpResponse = FileResponse(handle, content_type="image/webp")
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    else:
        response = not_modified
    if request.GET.get("v") == version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
