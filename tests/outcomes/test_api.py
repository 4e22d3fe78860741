"""The outcomes API: same figures and rules as the pages, one error shape."""

import datetime
from decimal import Decimal

import pytest

from silkbridge.outcomes.models import Target

D = datetime.date
CONTRACT = (
    ("introduced", D(2026, 7, 1)),
    ("mou_signed", D(2026, 8, 1)),
    ("contract_signed", D(2026, 9, 1)),
)
BODY = {
    "name": "Jobs 2026",
    "metric": "jobs_created",
    "baseline": "0",
    "target_value": "100",
    "period_start": "2026-01-01",
    "deadline": "2026-12-31",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/outcomes/dashboard", "/api/v1/outcomes/metrics", "/api/v1/outcomes/targets"]
)
def test_anonymous_gets_401(client, path):
    assert client.get(path).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretariat", "observer", "member", "outsider"])
def test_dashboard_counts_confidential_ventures_and_names_them_only_to_the_privileged(
    persona_client, persona, make_venture
):
    make_venture(CONTRACT, title="Public one", value_usd=Decimal(100), jobs=2)
    make_venture(CONTRACT, title="Hidden one", value_usd=Decimal(300), confidential=True)
    response = persona_client(persona).get(
        "/api/v1/outcomes/dashboard", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 200
    body = response.json()
    figures = {f["metric"]: Decimal(f["value"]) for f in body["key_figures"]}
    assert figures["agreements_signed"] == 2
    assert figures["contract_value_usd"] == 400
    assert figures["jobs_created"] == 2
    titles = {n["title"] for n in body["notable"]}
    expected = {"Public one", "Hidden one"} if persona == "secretariat" else {"Public one"}
    assert titles == expected
    tables = {t["key"] for t in body["tables"]}
    assert tables == {"funnel", "stages", "sectors", "kinds", "countries", "quarters", "targets"}


@pytest.mark.django_db
def test_dashboard_refuses_a_period_that_ends_before_it_starts(client, member):
    client.force_login(member)
    response = client.get(
        "/api/v1/outcomes/dashboard", {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert response.status_code == 422
    assert "end" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_secretariat_manages_targets_over_the_api(client, secretariat, make_venture):
    client.force_login(secretariat)
    created = client.post("/api/v1/outcomes/targets", BODY, content_type="application/json")
    assert created.status_code == 201, created.content
    target_id = created.json()["id"]
    assert Decimal(created.json()["value"]) == 0
    make_venture(CONTRACT, jobs=25)
    fetched = client.get(f"/api/v1/outcomes/targets/{target_id}").json()
    assert Decimal(fetched["value"]) == 25 and Decimal(fetched["percent"]) == 25
    changed = client.patch(
        f"/api/v1/outcomes/targets/{target_id}",
        {"target_value": "50"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and Decimal(changed.json()["percent"]) == 50
    listed = client.get("/api/v1/outcomes/targets").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == target_id
    assert client.delete(f"/api/v1/outcomes/targets/{target_id}").status_code == 204
    assert not Target.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline": "2025-01-01"}, "deadline"),
        ({"target_value": "-1"}, "target_value"),
        ({"metric": "happiness"}, "metric"),
        ({"working_group_id": 999999}, "working_group_id"),
    ],
)
def test_bad_target_input_gives_field_errors_and_writes_nothing(
    client, secretariat, changes, field
):
    client.force_login(secretariat)
    response = client.post(
        "/api/v1/outcomes/targets", {**BODY, **changes}, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Target.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["observer", "member", "outsider"])
def test_only_the_secretariat_writes_targets_over_the_api(persona_client, persona, secretariat):
    target = Target.objects.create(
        name="T", metric="ventures_started", target_value=3,
        period_start=D(2026, 1, 1), deadline=D(2026, 12, 31),
    )  # fmt: skip
    client = persona_client(persona)
    assert (
        client.post("/api/v1/outcomes/targets", BODY, content_type="application/json").status_code
        == 403
    )
    assert (
        client.patch(
            f"/api/v1/outcomes/targets/{target.pk}", {"name": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/outcomes/targets/{target.pk}").status_code == 403
    assert client.get(f"/api/v1/outcomes/targets/{target.pk}").status_code == 200
    assert Target.objects.get().name == "T"


@pytest.mark.django_db
def test_metrics_list_every_metric(client, member):
    client.force_login(member)
    keys = [m["key"] for m in client.get("/api/v1/outcomes/metrics").json()]
    assert "agreements_signed" in keys and len(keys) == 8


@pytest.mark.django_db
def test_the_outcomes_api_is_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/outcomes/dashboard", "/api/v1/outcomes/targets"} <= set(paths)
