"""Fixtures for opportunities: the owner organisation (KZ) with a member, another organisation
(PK) with its admin, a signed-in user with no organisation, and the secretariat."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture
def stranger(make_user):
    """Signed in, but a member of no organisation."""
    return make_user("stranger@example.org")


@pytest.fixture
def valid_data():
    return {
        "type": "technology",
        "direction": "request",
        "title": "Open banking integration partner",
        "summary": "We look for a partner to integrate open banking APIs.",
        "description": "Two banks, one wallet, six months.",
    }


@pytest.fixture
def draft(member, valid_data):
    from silkbridge.opportunities import services

    return services.create_opportunity(actor=member, data=valid_data)


@pytest.fixture
def submitted(member, draft):
    from silkbridge.opportunities import services

    return services.submit_opportunity(actor=member, opportunity=draft)


@pytest.fixture
def published(secretariat, submitted):
    from silkbridge.opportunities import services

    return services.approve_opportunity(actor=secretariat, opportunity=submitted)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pdf_upload():
    def make(name: str = "brochure.pdf", content: bytes = PDF_BYTES):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def png_upload():
    def make(name: str = "diagram.png"):
        return SimpleUploadedFile(name, png_bytes(), content_type="image/png")

    return make
