"""Fixtures for interests, introductions and conversations: an owner organisation (KZ) with its
people, a counterpart (PK), a third organisation's member (the outsider), and the secretariat."""

import datetime
import itertools

import pytest
from django.utils import timezone

_numbers = itertools.count(1)


@pytest.fixture
def make_open_opportunity(db):
    """A published opportunity built with the ORM (the review workflow is tested elsewhere)."""
    from silkbridge.opportunities.models import Opportunity

    def make(organisation, **fields):
        today = timezone.localdate()
        values = {
            "type": "technology",
            "direction": "request",
            "title": f"Open banking integration partner {next(_numbers)}",
            "summary": "We look for a partner to integrate open banking APIs.",
            "target_country": "PK",
            "expires_on": today + datetime.timedelta(days=30),
            "status": "published",
            "published_at": timezone.now(),
            **fields,
        }
        return Opportunity.objects.create(organisation=organisation, **values)

    return make


@pytest.fixture
def counterpart(make_user, other_organisation):
    return make_user("member@lahore.example.pk", organisation=other_organisation)


@pytest.fixture
def counterpart_colleague(make_user, other_organisation):
    return make_user("colleague@lahore.example.pk", organisation=other_organisation)


@pytest.fixture
def third_organisation(make_organisation):
    return make_organisation("Almaty Robotics", country="KZ")


@pytest.fixture
def stranger(make_user, third_organisation):
    """Signed in, member of an organisation that is not part of the introduction."""
    return make_user("someone@robotics.example.kz", organisation=third_organisation)


@pytest.fixture
def opportunity(make_open_opportunity, organisation):
    return make_open_opportunity(organisation)


@pytest.fixture
def pending_introduction(member, counterpart, organisation, other_organisation):
    """Proposed by the owner organisation's member; the counterpart has not answered yet."""
    from silkbridge.introductions import services

    return services.propose_introduction(
        actor=member,
        from_org=organisation,
        to_org=other_organisation,
        message="We would like to meet.",
    )


@pytest.fixture
def accepted_introduction(pending_introduction, counterpart, other_organisation):
    from silkbridge.introductions import services

    return services.respond(
        actor=counterpart,
        introduction=pending_introduction,
        organisation=other_organisation,
        accept=True,
    )


@pytest.fixture
def conversation(accepted_introduction):
    return accepted_introduction.conversation


@pytest.fixture
def private_media(settings):
    """The per-test folder that the shared `_private_media` fixture sends attachments to."""
    from pathlib import Path

    return Path(settings.PRIVATE_MEDIA_ROOT)


@pytest.fixture
def png_file():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(name: str = "diagram.png"):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    return make


@pytest.fixture
def pdf_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name: str = "offer.pdf"):
        return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    return make
