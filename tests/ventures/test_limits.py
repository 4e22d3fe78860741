"""Input a person could not have meant is refused with the field's message, on the page and in
the API alike, and nothing is written: a book-length summary, a start in 1900, millions of jobs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.ventures.models import SUMMARY_MAX_LENGTH, Venture

API = "/api/v1/ventures"
BOOK = "Two or three sentences. " * 450  # 10,800 characters


def _api_body(kz_org, pk_org, **overrides):
    return {
        "title": "Payment switch integration",
        "kind": "services_contract",
        "started_on": timezone.localdate().isoformat(),
        "parties": [
            {"organisation_id": kz_org.pk, "role": "lead"},
            {"organisation_id": pk_org.pk, "role": "partner"},
        ],
        **overrides,
    }


def _page_form(**overrides):
    return {
        "title": "Cloud training programme",
        "summary": "",
        "kind": "services_contract",
        "stage": "in_talks",
        "started_on": timezone.localdate().isoformat(),
        "parties": "qazaq-fintech-labs\nkarachi-cloud-works",
        "jobs_created": "3",
        "people_exchanged": "0",
        **overrides,
    }


CASES = [
    ({"summary": BOOK}, "summary", f"{SUMMARY_MAX_LENGTH} characters"),
    ({"started_on": "1900-01-01"}, "started_on", "Enter a start date in 1990 or later."),
    ({"jobs_created": 10**12}, "jobs_created", "Enter a number up to 1,000,000."),
    ({"people_exchanged": -4}, "people_exchanged", "This number cannot be negative."),
    (
        {"kind": "joint_programme", "seats": 5_000_000},
        "seats",
        "Enter a number up to 100,000.",
    ),
    (
        {"kind": "joint_programme", "intake_dates": "2025-09-01, 1850-09-01"},
        "intake_dates",
        "“1850-09-01” is not between 1990 and",
    ),
]


def _as_json(overrides: dict) -> dict:
    """The API takes intake dates as a list."""
    if isinstance(overrides.get("intake_dates"), str):
        dates = [d.strip() for d in overrides["intake_dates"].split(",")]
        return {**overrides, "intake_dates": dates}
    return overrides


@pytest.mark.parametrize(("overrides", "field", "message"), CASES)
def test_the_api_refuses_it_with_a_field_error(
    as_persona, kz_org, pk_org, overrides, field, message
):
    response = as_persona("party").post(
        API, _api_body(kz_org, pk_org, **_as_json(overrides)), content_type="application/json"
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field]
    assert message in fields[field][0]
    assert not Venture.objects.exists()


@pytest.mark.parametrize(("overrides", "field", "message"), CASES)
def test_the_page_shows_it_beside_the_field(as_persona, kz_org, pk_org, overrides, field, message):
    data = _page_form(**{k: str(v) for k, v in overrides.items()})
    response = as_persona("party").post(reverse("ventures:new"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert not Venture.objects.exists()


def test_a_summary_at_the_limit_is_kept(as_persona, kz_org, pk_org):
    summary = "x" * SUMMARY_MAX_LENGTH
    response = as_persona("party").post(
        API, _api_body(kz_org, pk_org, summary=summary), content_type="application/json"
    )
    assert response.status_code == 201
    assert Venture.objects.get().summary == summary
