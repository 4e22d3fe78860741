"""Fixtures for claims: verified addresses, records to claim, a claim factory."""

import pytest


@pytest.fixture
def verify_email(db):
    """Give a user a verified address (allauth's), as the sign-up's confirmation link does."""
    from allauth.account.models import EmailAddress

    def verify(user, email: str | None = None, *, verified: bool = True):
        address = email or user.email
        EmailAddress.objects.update_or_create(
            user=user,
            email=address,
            defaults={"verified": verified, "primary": address == user.email},
        )
        return user

    return verify


@pytest.fixture
def software_house(make_organisation):
    """A Pakistani company in the directory that nobody administers yet."""
    return make_organisation(
        "Indus Code Works", country="PK", website="https://www.induscode.example.pk"
    )


@pytest.fixture
def newcomer(make_user, verify_email):
    """A signed-up person whose address is verified and on the software house's domain."""
    return verify_email(make_user("ayesha@induscode.example.pk", language="ur"))


@pytest.fixture
def stranger(make_user, verify_email):
    """A signed-up person with a verified address on no organisation's domain."""
    return verify_email(make_user("someone@gmail.com"))


@pytest.fixture
def unverified_user(make_user, verify_email):
    """Signed up, confirmation link not yet followed."""
    return verify_email(make_user("new@qfl.example.kz"), verified=False)


@pytest.fixture
def pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name: str = "certificate.pdf", content: bytes = b"%PDF-1.4\n% a registration\n"):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make
