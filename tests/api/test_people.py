"""People of an organisation over the API: who sees contacts, who may add, change and remove."""

import pytest

from silkbridge.directory.models import Person, PersonRole
from tests.api.helpers import error_of
from tests.conftest import PERSONAS

CAN_SEE_CONTACTS = {"secretariat", "org_admin", "member"}
# Anonymous writes are 401; signed in but not an admin here, 403.
MANAGE = {
    "secretariat": 200,
    "org_admin": 200,
    "observer": 403,
    "member": 403,
    "outsider": 403,
    "anonymous": 401,
}


def _people_url(organisation) -> str:
    return f"/api/v1/organisations/{organisation.slug}/people"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_people_list_shows_contacts_only_to_members_and_the_secretariat(
    persona_client, persona, organisation, contact
):
    # given an organisation with a contact person

    # when the persona lists its people
    response = persona_client(persona).get(_people_url(organisation))

    # then the person is listed for everyone, with e-mail and phone only where permitted
    assert response.status_code == 200
    person = next(p for p in response.json() if p["id"] == contact.pk)
    assert person["job_title"] == "CTO"
    if persona in CAN_SEE_CONTACTS:
        assert person["email"] == "aigerim@qfl.example.kz"
        assert person["phone"] == "+7 701 000 0000"
    else:
        assert person["email"] is None
        assert person["phone"] is None


def test_people_of_an_unknown_organisation_are_not_found(client, db):
    response = client.get("/api/v1/organisations/nowhere/people")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("persona", PERSONAS)
def test_admins_and_the_secretariat_add_people(persona_client, persona, organisation):
    # given a persona

    # when it adds a person to the organisation
    response = persona_client(persona).post(
        _people_url(organisation),
        {"full_name": "Bilal Ahmed", "job_title": "Partnerships", "email": "bilal@example.org"},
        content_type="application/json",
    )

    # then only admins of the organisation and the secretariat succeed
    expected = MANAGE[persona]
    assert response.status_code == (201 if expected == 200 else expected)
    added = Person.objects.filter(organisation=organisation, full_name="Bilal Ahmed")
    assert added.exists() is (expected == 200)
    if expected == 200:
        assert response.json()["email"] == "bilal@example.org"
        assert response.json()["role"] == "member"


@pytest.mark.parametrize("persona", PERSONAS)
def test_admins_and_the_secretariat_update_people(persona_client, persona, organisation, contact):
    response = persona_client(persona).patch(
        f"{_people_url(organisation)}/{contact.pk}",
        {"job_title": "CEO"},
        content_type="application/json",
    )

    assert response.status_code == MANAGE[persona]
    contact.refresh_from_db()
    assert contact.job_title == ("CEO" if MANAGE[persona] == 200 else "CTO")
    if MANAGE[persona] == 200:
        # the fields not sent are kept
        assert contact.email == "aigerim@qfl.example.kz"
        assert response.json()["full_name"] == "Aigerim Seitkali"


@pytest.mark.parametrize("persona", PERSONAS)
def test_admins_and_the_secretariat_remove_people(persona_client, persona, organisation, contact):
    response = persona_client(persona).delete(f"{_people_url(organisation)}/{contact.pk}")

    expected = MANAGE[persona]
    assert response.status_code == (204 if expected == 200 else expected)
    assert Person.objects.filter(pk=contact.pk).exists() is (expected != 200)


def test_a_person_of_another_organisation_is_not_found_through_this_one(
    persona_client, organisation, other_organisation, org_admin
):
    # given a person at another organisation
    stranger = Person.objects.create(organisation=other_organisation, full_name="Stranger")

    # when an admin here addresses that person through their own organisation
    response = persona_client("org_admin").delete(f"{_people_url(organisation)}/{stranger.pk}")

    # then it does not exist there, and is untouched
    assert response.status_code == 404
    assert Person.objects.filter(pk=stranger.pk).exists()


def test_the_last_admin_cannot_demote_themselves(persona_client, organisation, org_admin):
    # given an organisation whose only admin is org_admin
    admin = Person.objects.get(organisation=organisation, user=org_admin)

    # when the admin makes themselves a member
    response = persona_client("org_admin").patch(
        f"{_people_url(organisation)}/{admin.pk}",
        {"role": "member"},
        content_type="application/json",
    )

    # then the service's rule is reported on the role field
    assert response.status_code == 422
    assert "role" in error_of(response)["fields"]
    admin.refresh_from_db()
    assert admin.role == PersonRole.ADMIN


def test_the_last_admin_cannot_be_removed(persona_client, organisation, org_admin, secretariat):
    admin = Person.objects.get(organisation=organisation, user=org_admin)

    response = persona_client("secretariat").delete(f"{_people_url(organisation)}/{admin.pk}")

    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"
    assert Person.objects.filter(pk=admin.pk).exists()


def test_an_invalid_email_is_reported_on_its_field(persona_client, organisation, org_admin):
    response = persona_client("org_admin").post(
        _people_url(organisation),
        {"full_name": "Dana", "email": "not-an-address"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["email"]
