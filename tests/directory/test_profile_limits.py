"""A profile holds what a reader expects: a description of a few paragraphs, a founding year
that has happened, a short list of certifications, a web page as its site. The page and the API
refuse the rest with the field's message, and nothing changes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.directory.models import Organisation

NEXT_YEAR = timezone.localdate().year + 1
CASES = [
    ({"description": "Two or three sentences. " * 450}, "description", "5000 characters"),
    ({"founded_year": NEXT_YEAR}, "founded_year", "Enter a year between 1800 and"),
    ({"founded_year": 1700}, "founded_year", "Enter a year between 1800 and"),
    (
        {"certifications": [f"ISO {n}" for n in range(25)]},
        "certifications",
        "List at most 20 certifications.",
    ),
    ({"certifications": ["x" * 150]}, "certifications", "under 100 characters"),
    ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
    ({"website": "ftp://files.example.kz"}, "website", "Enter a valid URL."),
]


def _page_data(organisation: Organisation, changes: dict) -> dict:
    data = {"name": organisation.name, "kind": organisation.kind, "country": "KZ"}
    for name, value in changes.items():
        data[name] = ", ".join(value) if isinstance(value, list) else value
    return data


@pytest.mark.parametrize(("changes", "field", "message"), CASES)
def test_the_edit_page_shows_the_limit_beside_the_field(
    client, org_admin, organisation, changes, field, message
):
    client.force_login(org_admin)
    before = Organisation.objects.values().get(pk=organisation.pk)
    response = client.post(
        reverse("directory:edit", args=[organisation.slug]), _page_data(organisation, changes)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert Organisation.objects.values().get(pk=organisation.pk) == before


@pytest.mark.parametrize(("changes", "field", "message"), CASES)
def test_the_api_refuses_it_with_a_field_error(
    client, org_admin, organisation, changes, field, message
):
    client.force_login(org_admin)
    before = Organisation.objects.values().get(pk=organisation.pk)
    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}", changes, content_type="application/json"
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field]
    assert message in fields[field][0]
    assert Organisation.objects.values().get(pk=organisation.pk) == before


def test_a_founding_year_of_this_year_and_a_full_description_are_kept(
    client, org_admin, organisation
):
    client.force_login(org_admin)
    this_year = timezone.localdate().year
    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}",
        {"founded_year": this_year, "description": "x" * 5000},
        content_type="application/json",
    )
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.founded_year == this_year
    assert len(organisation.description) == 5000
