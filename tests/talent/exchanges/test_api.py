"""The exchanges API: the same rules as the pages, with 422 field errors and 404 for what the
reader may not see."""

import json

import pytest

from silkbridge.talent.exchanges.models import Application, Internship, Mobility

API = "/api/v1/talent"


def post_json(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_anyone_lists_open_internships_and_calls(client, call, internship):
    body = client.get(f"{API}/internships").json()
    assert body["count"] == 1
    assert body["items"][0]["title"] == "Backend intern (Django)"
    assert body["items"][0]["for_country"] == "KZ"
    detail = client.get(f"{API}/calls/{call.pk}").json()
    assert [p["capacity"] for p in detail["places"]] == [2, 1]


def test_a_bad_internship_gets_422_with_field_errors_and_writes_nothing(
    client, company_admin, host_company
):
    client.force_login(company_admin)
    response = post_json(
        client,
        f"{API}/internships",
        {
            "host_id": host_company.pk,
            "title": "Intern",
            "subject_area": "9999",
            "starts_on": "2027-06-01",
            "ends_on": "2027-05-01",
            "places": 0,
            "language": "en",
        },
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"subject_area", "ends_on", "places"}
    assert not Internship.objects.exists()


def test_offering_for_someone_elses_organisation_is_forbidden(client, outsider, host_company):
    client.force_login(outsider)
    response = post_json(
        client,
        f"{API}/internships",
        {
            "host_id": host_company.pk,
            "title": "Intern",
            "subject_area": "0613",
            "starts_on": "2027-06-01",
            "ends_on": "2027-08-01",
            "places": 1,
            "language": "en",
        },
    )
    assert response.status_code == 403


def test_the_whole_exchange_over_the_api(
    client, student, call, places, pdf, close_call, home_coordinator, host_coordinator
):
    exchange, internship_place = places
    client.force_login(student)
    twice = client.post(
        f"{API}/calls/{call.pk}/applications",
        {
            "motivation": "Payments.",
            "choices": f"{exchange.pk},{exchange.pk}",
            "cv": pdf(),
            "transcript": pdf("tr.pdf"),
        },
    )
    assert twice.status_code == 422
    assert "choices" in twice.json()["error"]["fields"]
    created = client.post(
        f"{API}/calls/{call.pk}/applications",
        {
            "motivation": "Payments.",
            "choices": f"{exchange.pk},{internship_place.pk}",
            "cv": pdf(),
            "transcript": pdf("tr.pdf"),
        },
    )
    assert created.status_code == 201, created.content
    application = created.json()
    assert application["choices"] == [exchange.pk, internship_place.pk]
    assert sorted(application["documents"]) == ["cv", "transcript"]

    close_call(call)
    client.force_login(home_coordinator)
    ranked = post_json(
        client, f"{API}/calls/{call.pk}/ranking", {"application_ids": [application["id"]]}, "put"
    )
    assert ranked.status_code == 200
    assert client.post(f"{API}/calls/{call.pk}/allocation").json() == {
        "nominated": 1,
        "unplaced": 0,
    }

    client.force_login(host_coordinator)
    nominations = client.get(f"{API}/nominations").json()["items"]
    assert [n["application_id"] for n in nominations] == [application["id"]]
    decided = post_json(
        client,
        f"{API}/nominations/{nominations[0]['id']}/decision",
        {"accept": True, "planned_start": "2027-09-01", "planned_end": "2028-01-31"},
    )
    assert decided.json()["status"] == "accepted"
    mobility_id = Mobility.objects.get().pk
    no_credits = post_json(
        client,
        f"{API}/mobilities/{mobility_id}/learning-agreement",
        {"plan_kind": "courses", "components": [{"title": "Compilers", "credits": "0"}]},
        "put",
    )
    assert no_credits.status_code == 422
    assert "components" in no_credits.json()["error"]["fields"]
    plan = post_json(
        client,
        f"{API}/mobilities/{mobility_id}/learning-agreement",
        {"plan_kind": "courses", "components": [{"title": "Compilers", "credits": "6"}]},
        "put",
    ).json()
    version = plan["learning_agreement"]["version"]
    for actor in (host_coordinator, home_coordinator, student):
        client.force_login(actor)
        approved = post_json(
            client,
            f"{API}/mobilities/{mobility_id}/learning-agreement/approval",
            {"version": version},
        )
        assert approved.status_code == 200
    assert approved.json()["learning_agreement"]["approved"] is True
    client.force_login(host_coordinator)
    started = post_json(client, f"{API}/mobilities/{mobility_id}/moves", {"status": "started"})
    assert started.json()["status"] == "started"
    done = post_json(client, f"{API}/mobilities/{mobility_id}/moves", {"status": "completed"})
    assert done.json()["status"] == "completed"
    again = post_json(client, f"{API}/mobilities/{mobility_id}/moves", {"status": "started"})
    assert again.status_code == 422
    figures = client.get(f"{API}/outcomes").json()
    assert figures["completed_mobilities"] == 1


@pytest.mark.parametrize(
    "persona", ["company_admin", "secretariat", "observer", "outsider", "anonymous"]
)
def test_an_application_is_not_found_for_anyone_else(client, request, nominated, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(f"{API}/applications/{nominated.pk}")
    assert response.status_code == (401 if persona == "anonymous" else 404)
    listed = client.get(f"{API}/applications")
    if persona != "anonymous":
        assert listed.json()["count"] == 0
    assert Application.objects.filter(pk=nominated.pk).exists()
