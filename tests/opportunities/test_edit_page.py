"""The edit page of a draft: it can be sent for review from there, as the page tells the owner
to, and its file upload is optional and shows a refused file beside the field."""

from datetime import timedelta

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from silkbridge.opportunities.forms import AttachmentForm, OpportunityForm
from silkbridge.opportunities.models import Status

pytestmark = pytest.mark.django_db


def edit_data(opportunity, **changes) -> dict:
    data = {
        key: value
        for key, value in OpportunityForm.initial_from(opportunity).items()
        if value not in (None, "", [])
    }
    data["sectors"] = [term.slug for term in data.get("sectors", [])]
    data["technologies"] = [term.slug for term in data.get("technologies", [])]
    data["expires_on"] = opportunity.expires_on.isoformat()
    data.update(changes)
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def test_the_owner_s_edit_page_of_a_draft_offers_to_submit_it(client, member, draft):
    client.force_login(member)
    page = client.get(reverse("opportunities:edit", args=[draft.pk])).content.decode()
    assert 'id="save-and-submit"' in page and "Save and submit for review" in page


def test_save_and_submit_saves_the_changes_and_sends_the_draft_for_review(client, member, draft):
    client.force_login(member)
    response = client.post(
        reverse("opportunities:edit", args=[draft.pk]),
        edit_data(draft, title="Open banking partner, revised", save_and_submit="1"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Open banking partner, revised"
    assert draft.status == Status.SUBMITTED


def test_a_plain_save_leaves_it_a_draft(client, member, draft):
    client.force_login(member)
    client.post(reverse("opportunities:edit", args=[draft.pk]), edit_data(draft, title="Renamed"))
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Renamed", Status.DRAFT)


def test_the_secretariat_editing_a_draft_gets_no_submit_button(client, secretariat, draft):
    client.force_login(secretariat)
    page = client.get(reverse("opportunities:edit", args=[draft.pk])).content.decode()
    assert 'id="save-and-submit"' not in page


def test_a_refused_submission_shows_why_on_the_field(client, member, draft):
    client.force_login(member)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("opportunities:edit", args=[draft.pk]),
        edit_data(draft, expires_on=yesterday, save_and_submit="1"),
    )
    assert response.status_code == 422
    assert 'id="id_expires_on_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_refused_file_is_shown_beside_the_upload_field(client, member, draft, pdf_upload):
    client.force_login(member)
    response = client.post(
        reverse("opportunities:attachment-upload", args=[draft.pk]),
        {"files": [pdf_upload("fake.pdf", b"not a pdf")]},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_files_error"' in html and "is not a PDF or an image" in html
    assert 'aria-invalid="true"' in html
    assert draft.attachments.count() == 0


def render_label(bound_field) -> str:
    return Template("{{ field.as_field_group }}").render(Context({"field": bound_field}))


def test_the_optional_upload_beside_the_edit_form_is_not_marked_required():
    assert "*</span>" not in render_label(AttachmentForm()["files"])


class TwoFields(forms.Form):
    name = forms.CharField(label="Name")
    nickname = forms.CharField(label="Nickname", required=False)
    logo = forms.FileField(label="Logo")


def test_required_fields_are_marked_and_optional_ones_are_not():
    form = TwoFields()
    assert "*</span>" in render_label(form["name"])
    assert "*</span>" not in render_label(form["nickname"])


def test_a_file_field_that_already_holds_a_file_is_not_marked_required():
    form = TwoFields(initial={"logo": "logos/existing.png"})
    assert "*</span>" not in render_label(form["logo"])
    assert "*</span>" in render_label(TwoFields()["logo"])
