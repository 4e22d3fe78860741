"""A target's dates lie in the years the outcomes count (1990-2100) and its description has a
length limit, on the page and in the API; nothing is written otherwise."""

import pytest
from django.urls import reverse

from silkbridge.outcomes.models import Target

BODY = {
    "name": "Jobs 2026",
    "metric": "jobs_created",
    "baseline": "0",
    "target_value": "100",
    "period_start": "2026-01-01",
    "deadline": "2026-12-31",
}
CASES = [
    ({"period_start": "1066-01-01"}, "period_start", "Enter a date between 1990-01-01"),
    ({"deadline": "9999-12-31"}, "deadline", "Enter a date between 1990-01-01"),
    ({"description": "Two or three sentences. " * 450}, "description", "2000 characters"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field", "message"), CASES)
def test_the_api_refuses_it_with_a_field_error(client, secretariat, changes, field, message):
    client.force_login(secretariat)
    response = client.post(
        "/api/v1/outcomes/targets", {**BODY, **changes}, content_type="application/json"
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field]
    assert message in fields[field][0]
    assert not Target.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field", "message"), CASES)
def test_the_page_shows_it_beside_the_field(client, secretariat, changes, field, message):
    client.force_login(secretariat)
    response = client.post(reverse("outcomes:target-create"), {**BODY, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert not Target.objects.exists()
