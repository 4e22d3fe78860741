"""A dismissal that cannot be taken says why under that suggestion, not on another page."""

import pytest
from django.urls import reverse

from silkbridge.matching.models import Dismissal


@pytest.fixture
def dismiss(client, member, organisation):
    client.force_login(member)

    def post(data: dict, **headers):
        return client.post(reverse("matching:dismiss", args=[organisation.slug]), data, **headers)

    return post


def test_an_htmx_dismissal_without_a_valid_reason_is_answered_under_its_suggestion(
    dismiss, world, organisation, other_organisation
):
    response = dismiss(
        {"target_kind": "organisation", "target_id": other_organisation.pk, "reason": "bogus"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#dismiss-error-organisation-{other_organisation.pk}"
    html = response.content.decode()
    assert 'role="alert"' in html and "Choose why you dismiss this suggestion." in html
    assert not Dismissal.objects.exists()


def test_the_suggestion_has_the_slot_its_errors_go_to(client, member, world, organisation):
    client.force_login(member)
    page = client.get(reverse("matching:organisation", args=[organisation.slug])).content
    assert b'id="dismiss-error-organisation-' in page


def test_an_htmx_dismissal_of_no_suggestion_swaps_nothing(dismiss, world):
    response = dismiss(
        {"target_kind": "planet", "target_id": "x", "reason": "not_relevant"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "HX-Retarget" not in response
    assert not Dismissal.objects.exists()


def test_a_plain_dismissal_without_a_reason_returns_to_the_page_with_the_message(
    client, dismiss, world, organisation, other_organisation
):
    response = dismiss({"target_kind": "organisation", "target_id": other_organisation.pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Choose why you dismiss this suggestion." in page
