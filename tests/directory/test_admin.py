import pytest
from django.urls import reverse

CHANGELISTS = [
    "admin:directory_organisation_changelist",
    "admin:directory_term_changelist",
    "admin:directory_person_changelist",
    "admin:directory_importbatch_changelist",
    "admin:accounts_user_changelist",
    "admin:auditlog_logentry_changelist",
]


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_the_secretariat_works_in_the_back_office(client, secretariat, organisation, url_name):
    client.force_login(secretariat)
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("persona", ["observer", "org_admin", "member", "outsider", "anonymous"])
def test_nobody_else_enters_the_back_office(persona_client, persona, organisation):
    response = persona_client(persona).get(reverse("admin:directory_organisation_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_status_without_the_secretariat_role_grants_nothing(client, make_user, organisation):
    client.force_login(make_user("staff@example.org", is_staff=True))
    response = client.get(reverse("admin:directory_organisation_changelist"))
    assert response.status_code == 403


def test_a_secretariat_edit_in_the_back_office_refreshes_search_and_domain(
    client, secretariat, organisation
):
    from silkbridge.directory.models import Organisation

    client.force_login(secretariat)
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "name": "Qazaq Quantum Labs",
            "kind": "company",
            "country": "KZ",
            "website": "https://www.quantum.example.kz",
            "verification": "unverified",
            "languages": "[]",
            "certifications": "[]",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.website_domain == "quantum.example.kz"
    assert "quantum" in organisation.search_text
