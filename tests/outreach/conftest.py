"""Factories for outreach tests: contact lists as files, and campaigns sent from them."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def contact_file():
    """A CSV (or XLSX) upload from rows of (email, name, organisation)."""

    def make(rows, *, header=("email", "name", "organisation"), xlsx=False):
        if xlsx:
            workbook = openpyxl.Workbook()
            sheet = workbook.active
            sheet.append(list(header))
            for row in rows:
                sheet.append(list(row))
            buffer = io.BytesIO()
            workbook.save(buffer)
            return SimpleUploadedFile("contacts.xlsx", buffer.getvalue())
        lines = [",".join(header)] + [",".join(row) for row in rows]
        return SimpleUploadedFile("contacts.csv", ("\n".join(lines) + "\n").encode())

    return make


@pytest.fixture
def sent_campaign(secretariat, contact_file, django_capture_on_commit_callbacks):
    """Upload and confirm a list; returns the sent campaign (e-mails delivered)."""
    from silkbridge.outreach import services

    def make(rows, *, language="en", name="Members of the association"):
        campaign = services.upload_list(
            actor=secretariat, name=name, language=language, upload=contact_file(rows)
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_campaign(actor=secretariat, campaign=campaign)
        campaign.refresh_from_db()
        return campaign

    return make


@pytest.fixture
def verified(db):
    """Mark a user's own address verified, as allauth does after the link in its e-mail."""
    from allauth.account.models import EmailAddress

    def verify(user, email=None):
        EmailAddress.objects.update_or_create(
            user=user,
            email=email or user.email,
            defaults={"verified": True, "primary": email is None},
        )
        return user

    return verify
