"""The agreements API: the same rules as the pages, field-level 422 errors, 409 on a stale
approval, and an export with the EWP IIA field names."""

import pytest

from silkbridge.talent.agreements.models import Agreement

API = "/api/v1/talent/agreements"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _condition(kz, pk, **overrides):
    return {
        "sending_institution_id": kz.pk,
        "receiving_institution_id": pk.pk,
        "mobility_type": "student_study",
        "isced_code": "0612",
        "eqf_level": 7,
        "people_per_year": 2,
        "total_months_per_year": "20",
        "language_requirements": [{"language": "en", "cefr": "B2"}],
        **overrides,
    }


def _body(kz, pk, **overrides):
    return {
        "title": "Networks and databases exchange",
        "academic_year_start": 2026,
        "academic_year_end": 2027,
        "institution_ids": [kz.pk, pk.pk],
        "conditions": [_condition(kz, pk), _condition(pk, kz, mobility_type="staff_teaching")],
        **overrides,
    }


def test_a_coordinator_proposes_an_agreement_with_its_conditions(
    client, kz_coordinator, kz_university, pk_university
):
    client.force_login(kz_coordinator)
    response = _post(client, API, _body(kz_university, pk_university))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert [c["mobility_type"] for c in body["conditions"]] == ["student_study", "staff_teaching"]


@pytest.mark.parametrize(
    ("condition", "field"),
    [
        ({"people_per_year": 0}, "conditions.1.people_per_year"),
        ({"eqf_level": 9}, "conditions.1.eqf_level"),
        ({"isced_code": "0620"}, "conditions.1.isced_code"),
        ({"language_requirements": [{"language": "en", "cefr": "D1"}]}, None),
    ],
)
def test_a_bad_condition_is_a_field_error_and_writes_nothing(
    client, kz_coordinator, kz_university, pk_university, condition, field
):
    client.force_login(kz_coordinator)
    body = _body(kz_university, pk_university)
    body["conditions"][1].update(condition)
    response = _post(client, API, body)
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert (field or "conditions.1.language_requirements") in fields
    assert not Agreement.objects.exists()


def test_the_same_institution_on_both_sides_is_refused(
    client, kz_coordinator, kz_university, pk_university
):
    client.force_login(kz_coordinator)
    body = _body(kz_university, pk_university)
    body["conditions"] = [_condition(kz_university, kz_university)]
    response = _post(client, API, body)
    assert response.status_code == 422
    assert "conditions.0.receiving_institution_id" in response.json()["error"]["fields"]


def test_institutions_of_one_country_are_refused(
    client, kz_coordinator, kz_university, make_organisation
):
    other = make_organisation("KBTU", country="KZ", kind="academic")
    client.force_login(kz_coordinator)
    response = _post(
        client,
        API,
        {
            **_body(kz_university, other),
            "conditions": [],
            "institution_ids": [
                kz_university.pk,
                other.pk,
            ],
        },
    )
    assert response.status_code == 422
    assert "institution_ids" in response.json()["error"]["fields"]


def test_submit_approve_and_a_stale_approval_conflicts(
    client, kz_coordinator, pk_coordinator, kz_university, pk_university
):
    client.force_login(kz_coordinator)
    agreement_id = _post(client, API, _body(kz_university, pk_university)).json()["id"]
    assert _post(client, f"{API}/{agreement_id}/submit", {}).json()["version_number"] == 1
    approved = _post(
        client, f"{API}/{agreement_id}/approve", {"institution_id": kz_university.pk, "version": 1}
    ).json()
    assert approved["approved_by_institutions"] == [kz_university.pk]

    condition_id = approved["conditions"][0]["id"]
    changed = client.put(
        f"{API}/{agreement_id}/conditions/{condition_id}",
        _condition(kz_university, pk_university, people_per_year=3),
        content_type="application/json",
    ).json()
    assert changed["version_number"] == 2
    assert changed["approved_by_institutions"] == []

    client.force_login(pk_coordinator)
    stale = _post(
        client, f"{API}/{agreement_id}/approve", {"institution_id": pk_university.pk, "version": 1}
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    ok = _post(
        client, f"{API}/{agreement_id}/approve", {"institution_id": pk_university.pk, "version": 2}
    )
    assert ok.status_code == 200 and ok.json()["status"] == "pending_approval"


def test_approving_for_another_institution_is_forbidden(
    client, kz_coordinator, kz_university, pk_university, make_agreement
):
    agreement = make_agreement(submitted=True)
    client.force_login(kz_coordinator)
    response = _post(
        client, f"{API}/{agreement.pk}/approve", {"institution_id": pk_university.pk, "version": 1}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("observer", 200),
        ("kz_coordinator", 200),
        ("other_coordinator", 404),
        ("kz_member", 404),
    ],
)
def test_read_matrix(client, request, make_agreement, persona, status):
    agreement = make_agreement()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"{API}/{agreement.pk}").status_code == status
    listed = client.get(API).json()["items"]
    assert bool(listed) == (status == 200)


def test_anonymous_gets_401(client, make_agreement):
    agreement = make_agreement()
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/{agreement.pk}").status_code == 401


def test_the_export_uses_the_ewp_iia_field_names(
    client, make_agreement, kz_coordinator, pk_coordinator, kz_university, pk_university
):
    from silkbridge.talent.agreements import services

    agreement = make_agreement(submitted=True)
    for user, institution in ((kz_coordinator, kz_university), (pk_coordinator, pk_university)):
        services.approve(actor=user, agreement=agreement, organisation=institution, version=1)
    client.force_login(kz_coordinator)
    iia = client.get(f"{API}/{agreement.pk}/ewp").json()
    assert iia["iia-id"] == f"silkbridge-iia-{agreement.pk}"
    assert iia["in-effect"] is True
    assert {p["hei-name"] for p in iia["partner"]} == {kz_university.name, pk_university.name}
    assert all("signing-date" in p for p in iia["partner"])
    spec = iia["cooperation-conditions"]["student-studies-mobility-spec"][0]
    assert spec["mobilities-per-year"] == 3
    assert spec["receiving-academic-year-id"] == ["2026/2027", "2027/2028", "2028/2029"]
    assert spec["subject-area"] == [{"isced-f-code": "0613"}]
    assert spec["eqf-level"] == [6]
    assert spec["total-months-per-year"] == 15.0
    assert spec["recommended-language-skill"][0]["cefr-level"] == "B2"
    # The page's download is the same document.
    page = client.get(f"/talent/agreements/{agreement.pk}/ewp-iia.json").json()
    assert page == iia
