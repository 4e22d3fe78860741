"""A refusal sent without a reason (a reason of spaces passes the browser's `required`) is
answered at the reason field the person typed in: that refusal opened, the field marked invalid
and described by the error, the other items untouched."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.directory.models import Organisation
from silkbridge.joining import services
from silkbridge.joining.models import ClaimStatus


class _Page(HTMLParser):
    """Elements by id, each with its attributes, its text and the open `<details>` around it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self._details: list[bool] = []
        self._text_of: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details":
            self._details.append("open" in attrs)
        element = {"attrs": attrs, "text": "", "in_open_details": any(self._details[-1:])}
        if "id" in attrs:
            self.by_id[attrs["id"]] = element
        if tag in {"div", "textarea"}:
            self._text_of.append(element)

    def handle_endtag(self, tag):
        if tag == "details" and self._details:
            self._details.pop()
        if tag in {"div", "textarea"} and self._text_of:
            self._text_of.pop()

    def handle_data(self, data):
        if self._text_of:
            self._text_of[-1]["text"] += data


@pytest.fixture
def registration(make_organisation, make_user):
    organisation = make_organisation("Steppe Startup", country="KZ")
    Organisation.objects.filter(pk=organisation.pk).update(
        registered_by=make_user("founder@steppe.example.kz"), registered_at=timezone.now()
    )
    organisation.refresh_from_db()
    return organisation


def _refuse_with_spaces(client, url: str) -> str:
    response = client.post(
        url, {"decision": "refuse", "reason": "   ", "next": reverse("joining:queue")}, follow=True
    )
    assert response.redirect_chain[0][0].startswith(reverse("joining:queue") + "#reason-")
    return response.content.decode()


def _assert_error_at(html: str, field_id: str) -> None:
    page = _Page(html)
    field = page.by_id[field_id]
    assert "is-invalid" in field["attrs"]["class"].split()
    assert field["attrs"]["aria-invalid"] == "true"
    assert field["in_open_details"]
    error = page.by_id[field["attrs"]["aria-describedby"]]
    assert error["text"].strip() == "Give the reason for refusing."
    assert html.count("is-invalid") == 1


def test_a_claim_refused_without_a_reason_shows_the_error_at_its_reason_field(
    client, secretariat, stranger, newcomer, software_house, make_organisation
):
    claim = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="Letter"
    )
    other = services.submit_claim(
        claimant=newcomer, organisation=make_organisation("Other Org"), evidence_text="Letter"
    )
    client.force_login(secretariat)

    html = _refuse_with_spaces(
        client, reverse("joining:decide-claim", kwargs={"claim_id": claim.pk})
    )

    _assert_error_at(html, f"reason-claim-{claim.pk}")
    assert not _Page(html).by_id[f"reason-claim-{other.pk}"]["in_open_details"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    # Shown once: the next visit is a clean queue.
    assert "is-invalid" not in client.get(reverse("joining:queue")).content.decode()


def test_a_registration_refused_without_a_reason_shows_the_error_at_its_reason_field(
    client, secretariat, registration
):
    client.force_login(secretariat)

    html = _refuse_with_spaces(
        client, reverse("joining:decide-registration", kwargs={"slug": registration.slug})
    )

    _assert_error_at(html, f"reason-registration-{registration.pk}")
    registration.refresh_from_db()
    assert not registration.is_verified
