"""Claims over the API, with the same rules and permissions as the pages: every operation for
anonymous, unverified, member, admin, secretariat and observer."""

import pytest

from silkbridge.directory.models import Person
from silkbridge.joining import services
from silkbridge.joining.models import Claim, ClaimStatus

PERSONAS = ["anonymous", "unverified_user", "member", "org_admin", "secretariat", "observer"]


@pytest.fixture
def api(request, client):
    """A client signed in (session) as a persona, answering JSON."""

    def as_persona(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_persona


@pytest.fixture
def claim_for_admins(organisation, org_admin, stranger):
    return services.submit_claim(
        claimant=stranger, organisation=organisation, evidence_text="Head of sales."
    )


def test_a_domain_claim_by_token(client, newcomer, software_house, secretariat):
    from silkbridge.accounts.services import create_api_token

    _token, secret = create_api_token(user=newcomer, name="script")

    response = client.post(
        "/api/v1/claims",
        {"organisation": software_house.slug},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["route"], body["reviewer"], body["member_now"]) == ("domain", "secretariat", True)
    assert Person.objects.get(user=newcomer, organisation=software_house).role == "admin"


def test_an_evidence_claim_needs_its_evidence(client, stranger, software_house):
    client.force_login(stranger)

    response = client.post(
        "/api/v1/claims", {"organisation": software_house.slug}, content_type="application/json"
    )

    assert response.status_code == 422
    assert "evidence_text" in response.json()["error"]["fields"]
    assert not Claim.objects.exists()


def test_an_unverified_user_cannot_claim(api, software_house):
    response = api("unverified_user").post(
        "/api/v1/claims",
        {"organisation": software_house.slug, "evidence_text": "Hi"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert not Claim.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_queue(api, persona, software_house, stranger):
    services.submit_claim(claimant=stranger, organisation=software_house, evidence_text="Me")

    response = api(persona).get("/api/v1/claims/queue")

    expected = {"anonymous": 401, "secretariat": 200}.get(persona, 404)
    assert response.status_code == expected
    if expected == 200:
        assert [c["organisation"] for c in response.json()] == [software_house.slug]


@pytest.mark.parametrize("persona", PERSONAS)
def test_claims_on_an_organisation(api, persona, organisation, claim_for_admins):
    response = api(persona).get(f"/api/v1/claims/for/{organisation.slug}")

    expected = {"anonymous": 401, "org_admin": 200, "secretariat": 200}.get(persona, 404)
    assert response.status_code == expected
    if expected == 200:
        assert [c["id"] for c in response.json()] == [claim_for_admins.pk]


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_reading_a_claim(api, persona, claim_for_admins):
    response = api(persona).get(f"/api/v1/claims/{claim_for_admins.pk}")

    expected = {"anonymous": 401, "org_admin": 200, "secretariat": 200, "stranger": 200}
    assert response.status_code == expected.get(persona, 404)


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_approving_a_claim(api, persona, claim_for_admins):
    response = api(persona).post(f"/api/v1/claims/{claim_for_admins.pk}/approve")

    claim_for_admins.refresh_from_db()
    if persona in ("org_admin", "secretariat"):
        assert response.status_code == 200 and response.json()["status"] == "approved"
        assert claim_for_admins.status == ClaimStatus.APPROVED
    else:
        # The claimant reads its claim but cannot decide it; others do not see it at all.
        expected = {"anonymous": 401, "stranger": 403}.get(persona, 404)
        assert response.status_code == expected
        assert claim_for_admins.status == ClaimStatus.PENDING


def test_refusing_needs_a_reason(api, claim_for_admins):
    client = api("org_admin")
    url = f"/api/v1/claims/{claim_for_admins.pk}/refuse"

    blank = client.post(url, {"reason": " "}, content_type="application/json")
    assert blank.status_code == 422 and "reason" in blank.json()["error"]["fields"]

    refused = client.post(url, {"reason": "Not one of ours."}, content_type="application/json")
    assert refused.status_code == 200 and refused.json()["reason"] == "Not one of ours."


def test_the_claimant_withdraws_and_lists_its_claims(client, stranger, claim_for_admins):
    client.force_login(stranger)

    assert client.post(f"/api/v1/claims/{claim_for_admins.pk}/withdraw").status_code == 200
    listed = client.get("/api/v1/claims").json()

    assert [(c["id"], c["status"]) for c in listed] == [(claim_for_admins.pk, "withdrawn")]
