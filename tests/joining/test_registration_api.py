"""Registering over the API, with the page's checks and permissions: every operation for
anonymous, unverified, member, admin, secretariat and observer."""

import pytest

from silkbridge.directory.models import Organisation, Verification
from silkbridge.joining import registrations

pytestmark = pytest.mark.django_db

URL = "/api/v1/registrations"
PERSONAS = ["anonymous", "unverified", "member", "org_admin", "secretariat", "observer"]


@pytest.fixture
def unverified(make_user):
    from allauth.account.models import EmailAddress

    user = make_user("new@nomad.example.kz")
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


@pytest.fixture
def api(request, client):
    def as_persona(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_persona


@pytest.fixture
def founder(make_user):
    return make_user("aigerim@nomad-ai.example.kz")


@pytest.fixture
def pending(founder):
    organisation, _ = registrations.register_organisation(
        actor=founder,
        data={
            "name": "Nomad AI Systems",
            "kind": "company",
            "country": "KZ",
            "registration_number": "971240001315",
        },
    )
    return organisation


def body(**changes) -> dict:
    return {
        "name": "Steppe Robotics",
        "kind": "company",
        "country": "KZ",
        "registration_number": "940140000385",
        "website": "https://steppe-robotics.example.kz",
        **changes,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("unverified", 403),
        ("member", 201),
        ("org_admin", 201),
        ("secretariat", 201),
        ("observer", 201),
    ],
)
def test_who_may_register_over_the_api(api, persona, status):
    response = api(persona).post(URL, body(), content_type="application/json")

    assert response.status_code == status, response.content
    assert Organisation.objects.filter(name="Steppe Robotics").exists() == (status == 201)
    if status == 201:
        assert response.json()["verification"] == Verification.UNVERIFIED
        assert response.json()["registration_number"] == "940140000385"


def test_likely_duplicates_answer_409_until_registered_anyway(api, make_organisation):
    existing = make_organisation("Steppe Robotics LLP", country="KZ")
    client = api("member")

    first = client.post(URL, body(), content_type="application/json")
    second = client.post(URL, body(register_anyway=True), content_type="application/json")

    assert first.status_code == 409
    assert first.json()["duplicates"][0]["slug"] == existing.slug
    assert first.json()["duplicates"][0]["reasons"] == ["name"]
    assert second.status_code == 201
    assert Organisation.objects.filter(name="Steppe Robotics").count() == 1


def test_the_same_registration_sent_twice_returns_the_first(api):
    client = api("member")
    first = client.post(URL, body(), content_type="application/json")
    again = client.post(URL, body(register_anyway=True), content_type="application/json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["slug"] == again.json()["slug"]


def test_a_bad_number_and_an_unknown_sector_are_field_errors(api):
    response = api("member").post(
        URL,
        body(registration_number="12345", sectors=["no-such-sector"]),
        content_type="application/json",
    )

    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert "12 digits" in " ".join(fields["registration_number"])
    assert "sectors" in fields
    assert not Organisation.objects.filter(name="Steppe Robotics").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("unverified", 404),
        ("member", 404),
        ("org_admin", 404),
        ("observer", 404),
        ("secretariat", 200),
    ],
)
def test_only_the_secretariat_approves_over_the_api(api, pending, persona, status):
    response = api(persona).post(f"{URL}/{pending.slug}/approve")

    assert response.status_code == status
    pending.refresh_from_db()
    assert pending.is_verified == (status == 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("unverified", 404),
        ("member", 404),
        ("org_admin", 404),
        ("observer", 404),
        ("secretariat", 200),
    ],
)
def test_only_the_secretariat_refuses_over_the_api(api, pending, persona, status):
    response = api(persona).post(
        f"{URL}/{pending.slug}/refuse", {"reason": "Unknown BIN."}, content_type="application/json"
    )

    assert response.status_code == status
    pending.refresh_from_db()
    assert (pending.registration_refused_at is not None) == (status == 200)


def test_a_refusal_without_a_reason_is_a_field_error(api, pending):
    response = api("secretariat").post(
        f"{URL}/{pending.slug}/refuse", {"reason": " "}, content_type="application/json"
    )

    assert response.status_code == 422
    assert "reason" in response.json()["error"]["fields"]
    pending.refresh_from_db()
    assert pending.registration_refused_at is None
