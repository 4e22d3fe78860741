"""The ventures API: the same rules and permissions as the pages, in the API's error shape."""

import pytest
from django.utils import timezone

from silkbridge.ventures.models import StageChange, Venture

pytestmark = pytest.mark.django_db

API = "/api/v1/ventures"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def _body(kz_org, pk_org, **overrides):
    return {
        "title": "Payment switch integration",
        "kind": "services_contract",
        "started_on": timezone.localdate().isoformat(),
        "parties": [
            {"organisation_id": kz_org.pk, "role": "lead"},
            {"organisation_id": pk_org.pk, "role": "partner"},
        ],
        "value_amount": "1000000",
        "value_currency": "PKR",
        **overrides,
    }


@pytest.mark.parametrize(
    ("persona", "listed", "secret_status"),
    [
        ("secretariat", {"Open banking gateway", "Secret joint venture"}, 200),
        ("party", {"Open banking gateway", "Secret joint venture"}, 200),
        ("group_member", {"Open banking gateway"}, 404),
        ("outsider", {"Open banking gateway"}, 404),
    ],
)
def test_read_matrix(as_persona, open_venture, secret_venture, persona, listed, secret_status):
    client = as_persona(persona)
    response = client.get(API)
    assert response.status_code == 200
    assert {item["title"] for item in response.json()["items"]} == listed
    assert client.get(f"{API}/{secret_venture.pk}").status_code == secret_status
    detail = client.get(f"{API}/{open_venture.pk}").json()
    assert [step["to_stage"] for step in detail["timeline"]] == ["introduced"]
    assert detail["working_group"] == "fintech"


def test_anonymous_gets_401(as_persona, open_venture):
    client = as_persona("anonymous")
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/{open_venture.pk}").status_code == 401
    assert client.get(f"{API}/rates").status_code == 401


def test_a_party_records_a_venture(as_persona, kz_org, pk_org, sector):
    response = _post(as_persona("party"), API, _body(kz_org, pk_org, sectors=["fintech"]))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["value_usd"] == "3600.00"
    assert body["usd_rate"].rstrip("0") == "0.0036"
    assert [s["slug"] for s in body["sectors"]] == ["fintech"]
    assert {p["country"] for p in body["parties"]} == {"KZ", "PK"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"value_amount": "-3"}, "value_amount"),
        ({"value_currency": "ABC"}, "value_currency"),
        ({"started_on": "2999-01-01"}, "started_on"),
        ({"sectors": ["no-such-sector"]}, "sectors"),
        ({"kind": "friendship"}, "kind"),
    ],
)
def test_bad_input_is_422_with_the_field(as_persona, kz_org, pk_org, overrides, field):
    response = _post(as_persona("party"), API, _body(kz_org, pk_org, **overrides))
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Venture.objects.exists()


def test_an_outsider_cannot_record_for_others(as_persona, kz_org, pk_org):
    response = _post(as_persona("outsider"), API, _body(kz_org, pk_org))
    assert response.status_code == 422
    assert "parties" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("party", 200), ("group_member", 403), ("outsider", 403)],
)
def test_update_matrix(as_persona, open_venture, persona, status):
    response = _patch(as_persona(persona), f"{API}/{open_venture.pk}", {"jobs_created": 7})
    assert response.status_code == status
    open_venture.refresh_from_db()
    assert (open_venture.jobs_created == 7) is (status == 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("party", 200), ("group_member", 403), ("outsider", 403)],
)
def test_stage_matrix(as_persona, open_venture, persona, status, days_ago):
    response = _post(
        as_persona(persona),
        f"{API}/{open_venture.pk}/stage",
        {"to_stage": "in_talks", "changed_on": days_ago(2).isoformat()},
    )
    assert response.status_code == status
    if status == 200:
        assert [s["to_stage"] for s in response.json()["timeline"]] == ["introduced", "in_talks"]


def test_stage_errors_and_conflicts(as_persona, open_venture, days_ago):
    client = as_persona("party")
    url = f"{API}/{open_venture.pk}/stage"
    future = _post(client, url, {"to_stage": "in_talks", "changed_on": days_ago(-2).isoformat()})
    assert future.status_code == 422 and "changed_on" in future.json()["error"]["fields"]
    ok = _post(client, url, {"to_stage": "mou_signed", "changed_on": days_ago(2).isoformat()})
    assert ok.status_code == 200
    back = _post(client, url, {"to_stage": "in_talks", "changed_on": days_ago(1).isoformat()})
    assert back.status_code == 422 and "reason" in back.json()["error"]["fields"]
    stale = _post(
        client,
        url,
        {
            "to_stage": "contract_signed",
            "changed_on": days_ago(1).isoformat(),
            "expected_stage": "introduced",
        },
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert StageChange.objects.filter(venture=open_venture).count() == 2


@pytest.mark.parametrize(("persona", "status"), [("secretariat", 201), ("party", 403)])
def test_rates(as_persona, persona, status):
    client = as_persona(persona)
    assert "KZT" in {rate["currency"] for rate in client.get(f"{API}/rates").json()}
    response = _post(
        client,
        f"{API}/rates",
        {
            "currency": "KZT",
            "usd_per_unit": "0.0020",
            "valid_from": timezone.localdate().isoformat(),
            "source": "National Bank of Kazakhstan",
        },
    )
    assert response.status_code == status


def test_a_zero_rate_is_refused(as_persona):
    response = _post(
        as_persona("secretariat"),
        f"{API}/rates",
        {
            "currency": "KZT",
            "usd_per_unit": "0",
            "valid_from": timezone.localdate().isoformat(),
            "source": "x",
        },
    )
    assert response.status_code == 422
    assert "usd_per_unit" in response.json()["error"]["fields"]


def test_list_filters(as_persona, make_venture):
    make_venture(title="Exchange", kind="academic_exchange")
    make_venture(title="Contract")
    items = as_persona("party").get(API, {"academic": "true"}).json()["items"]
    assert [item["title"] for item in items] == ["Exchange"]


@pytest.mark.parametrize(("persona", "status"), [("secretariat", 200), ("party", 403)])
def test_correcting_the_history_over_the_api(as_persona, open_venture, days_ago, persona, status):
    change = open_venture.stage_changes.get()
    response = _patch(
        as_persona(persona),
        f"{API}/{open_venture.pk}/stage-changes/{change.pk}",
        {"changed_on": days_ago(300).isoformat(), "reason": ""},
    )
    assert response.status_code == status
    change.refresh_from_db()
    assert (change.changed_on == days_ago(300)) is (status == 200)
