"""Organisations over the API: search, detail with contact rules, and the write permissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from silkbridge.directory.models import Organisation, Verification
from tests.api.helpers import error_of
from tests.conftest import PERSONAS

LIST = "/api/v1/organisations"


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_the_list_is_public_and_shows_each_profile_with_its_tags(
    client, make_organisation, make_term
):
    # given an organisation with a sector, a technology and a service
    fintech = make_term("sector", "fintech", "Fintech")
    make_organisation(
        "Astana Payments",
        country="KZ",
        website="https://pay.example.kz",
        size="small",
        founded_year=2015,
        languages=["en", "ru"],
        certifications=["ISO 27001"],
        sectors=[fintech],
        technologies=[make_term("technology", "python")],
        services=[make_term("service", "integration")],
    )

    # when anyone lists the directory
    response = client.get(LIST)

    # then the item carries the profile, tags as slug and label, and a link to the page
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["name"] == "Astana Payments"
    assert item["country"] == "KZ"
    assert item["sectors"] == [{"slug": "fintech", "label": "Fintech"}]
    assert [t["slug"] for t in item["technologies"]] == ["python"]
    assert [t["slug"] for t in item["services"]] == ["integration"]
    assert item["languages"] == ["en", "ru"]
    assert item["certifications"] == ["ISO 27001"]
    assert item["verified"] is False
    assert item["url"] == f"http://testserver/directory/{item['slug']}/"
    assert "people" not in item and "email" not in item


def test_the_list_leaves_out_organisations_outside_the_two_countries(client, make_organisation):
    make_organisation("Almaty Soft", country="KZ")
    make_organisation("Berlin GmbH", country="DE")

    assert _names(client.get(LIST)) == ["Almaty Soft"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "PK"}, ["Karachi Cloud"]),
        ({"kind": "academic"}, ["Nazarbayev Tech University"]),
        ({"sector": "fintech"}, ["Almaty Fintech"]),
        ({"verified": "true"}, ["Karachi Cloud"]),
        ({"verified": "yes"}, ["Karachi Cloud"]),
        ({"verified": "false"}, ["Almaty Fintech", "Nazarbayev Tech University"]),
        ({"country": "pk"}, ["Karachi Cloud"]),
        ({"q": "cloud"}, ["Karachi Cloud"]),
        ({"sort": "-name"}, ["Nazarbayev Tech University", "Karachi Cloud", "Almaty Fintech"]),
        ({"country": "KZ", "kind": "company"}, ["Almaty Fintech"]),
    ],
)
def test_filters_narrow_the_list_like_the_directory_page(
    client, make_organisation, make_term, params, expected
):
    # given three organisations that differ in country, kind, sector and verification
    make_organisation("Almaty Fintech", country="KZ", sectors=[make_term("sector", "fintech")])
    make_organisation("Nazarbayev Tech University", country="KZ", kind="academic")
    cloud = make_organisation("Karachi Cloud", country="PK")
    Organisation.objects.filter(pk=cloud.pk).update(verification=Verification.VERIFIED)

    # when the list is filtered
    names = _names(client.get(LIST, params))

    # then only the matching ones come back
    assert names == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"verified": "maybe"}, "verified"),
        ({"kind": "bakery"}, "kind"),
        ({"sort": "random"}, "sort"),
        ({"page": "0"}, "page"),
        ({"country": "DE"}, "country"),
        ({"sector": "no-such-sector"}, "sector"),
        ({"city": "Almaty"}, "city"),
    ],
)
def test_an_invalid_filter_is_a_validation_error_naming_the_parameter(client, db, params, field):
    response = client.get(LIST, params)

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [field]


def test_an_unknown_sort_lists_the_sorts_there_are(client, db):
    response = client.get(LIST, {"sort": "random"})

    assert error_of(response)["fields"]["sort"] == [
        "Select a valid choice. random is not one of the available choices."
    ]


def test_pages_carry_the_count_and_links_to_the_neighbours(client, make_organisation):
    # given five organisations
    for n in range(5):
        make_organisation(f"Organisation {n}")

    # when the second page of two is asked for
    body = client.get(LIST, {"page": 2, "page_size": 2, "country": "KZ"}).json()

    # then the count is the total and the links keep the filters
    assert body["count"] == 5
    assert [item["name"] for item in body["items"]] == ["Organisation 2", "Organisation 3"]
    assert body["next"] == "http://testserver/api/v1/organisations?page=3&page_size=2&country=KZ"
    assert body["previous"].endswith("page=1&page_size=2&country=KZ")


def test_the_last_page_has_no_next_link(client, make_organisation):
    for n in range(3):
        make_organisation(f"Organisation {n}")

    body = client.get(LIST, {"page": 2, "page_size": 2}).json()

    assert len(body["items"]) == 1
    assert body["next"] is None


def test_the_page_size_is_capped_at_one_hundred(client, db):
    # given more organisations than the largest page
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {n:03}", slug=f"organisation-{n}", kind="company", country="KZ"
        )
        for n in range(105)
    )

    # when a client asks for a thousand at once
    body = client.get(LIST, {"page_size": 1000}).json()

    # then it gets a hundred, and the count tells it there are more
    assert len(body["items"]) == 100
    assert body["count"] == 105
    assert body["next"] is not None


def test_listing_costs_the_same_number_of_queries_for_few_or_many(
    client, make_organisation, make_term
):
    # given tagged organisations
    tags = {
        "sectors": [make_term("sector")],
        "technologies": [make_term("technology")],
        "services": [make_term("service")],
    }
    for n in range(2):
        make_organisation(f"Few {n}", **tags)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(10):
        make_organisation(f"Many {n}", **tags)

    # when the list is read again with six times as many rows
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    # then tags and cities come in a fixed number of queries, not one per row
    assert response.json()["count"] == 12
    assert len(many) == len(few)


CAN_SEE_CONTACTS = {"secretariat", "org_admin", "member"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_detail_shows_peoples_contacts_only_to_members_and_the_secretariat(
    persona_client, persona, organisation, contact
):
    # given an organisation with a contact person
    client = persona_client(persona)

    # when the persona reads its detail
    response = client.get(f"{LIST}/{organisation.slug}")

    # then everyone sees the person, but e-mail and phone only where permitted
    assert response.status_code == 200
    person = next(p for p in response.json()["people"] if p["id"] == contact.pk)
    assert person["full_name"] == "Aigerim Seitkali"
    if persona in CAN_SEE_CONTACTS:
        assert (person["email"], person["phone"]) == ("aigerim@qfl.example.kz", "+7 701 000 0000")
    else:
        assert (person["email"], person["phone"]) == (None, None)


def test_an_unknown_slug_is_not_found_with_the_error_body(client, db):
    response = client.get(f"{LIST}/no-such-organisation")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_merged_organisation_resolves_to_the_one_it_joined(
    client, organisation, other_organisation
):
    Organisation.objects.filter(pk=other_organisation.pk).update(merged_into=organisation)

    response = client.get(f"{LIST}/{other_organisation.slug}")

    assert response.status_code == 200
    assert response.json()["slug"] == organisation.slug


# The status each persona gets for a write, or a refusal: anonymous 401, not allowed 403.
SECRETARIAT_ONLY = {
    "secretariat": 200,
    "observer": 403,
    "org_admin": 403,
    "member": 403,
    "outsider": 403,
    "anonymous": 401,
}
ADMINS_AND_SECRETARIAT = {**SECRETARIAT_ONLY, "org_admin": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_adds_organisations(persona_client, persona, make_term, db):
    # given a valid new organisation
    make_term("sector", "fintech")
    payload = {
        "name": "Peshawar Digital",
        "kind": "company",
        "country": "PK",
        "website": "https://digital.example.pk",
        "sectors": ["fintech"],
        "certifications": ["ISO 9001", "CMMI Level 3"],
    }

    # when the persona posts it
    response = persona_client(persona).post(LIST, payload, content_type="application/json")

    # then only the secretariat creates it
    expected = SECRETARIAT_ONLY[persona]
    assert response.status_code == (201 if expected == 200 else expected)
    created = Organisation.objects.filter(name="Peshawar Digital").first()
    if expected == 200:
        assert response.json()["slug"] == "peshawar-digital"
        assert [t.slug for t in created.sectors.all()] == ["fintech"]
        assert created.certifications == ["ISO 9001", "CMMI Level 3"]
        assert created.website_domain == "digital.example.pk"
    else:
        assert created is None
        assert error_of(response)["code"] in {"unauthorized", "permission_denied"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_admins_of_the_organisation_and_the_secretariat_update_it(
    persona_client, persona, organisation, make_term
):
    # given a persona and a partial update
    make_term("technology", "rust")
    client = persona_client(persona)

    # when it patches the description and technologies
    response = client.patch(
        f"{LIST}/{organisation.slug}",
        {"description": "Open banking for Central Asia.", "technologies": ["rust"]},
        content_type="application/json",
    )

    # then only the organisation's admins and the secretariat change it
    assert response.status_code == ADMINS_AND_SECRETARIAT[persona]
    organisation.refresh_from_db()
    if response.status_code == 200:
        assert organisation.description == "Open banking for Central Asia."
        assert [t.slug for t in organisation.technologies.all()] == ["rust"]
    else:
        assert organisation.description == "Payment gateway integration and open banking APIs."
        assert organisation.technologies.count() == 0


def test_a_partial_update_leaves_the_fields_not_sent_alone(
    persona_client, organisation, org_admin, make_term
):
    # given an organisation with a website, a sector and certifications
    organisation.sectors.add(make_term("sector", "fintech"))
    organisation.certifications = ["ISO 27001"]
    organisation.save()

    # when its admin sends only a new short name
    response = persona_client("org_admin").patch(
        f"{LIST}/{organisation.slug}", {"short_name": "QFL"}, content_type="application/json"
    )

    # then everything else is as it was
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.short_name == "QFL"
    assert organisation.website == "https://qfl.example.kz"
    assert organisation.certifications == ["ISO 27001"]
    assert [t.slug for t in organisation.sectors.all()] == ["fintech"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"website": "not a url"}, "website"),
        ({"founded_year": 1066}, "founded_year"),
        ({"founded_year": "last year"}, "founded_year"),
        ({"sectors": ["no-such-sector"]}, "sectors"),
        ({"name": ""}, "name"),
        ({"size": "gigantic"}, "size"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_an_invalid_update_names_the_field_and_changes_nothing(
    persona_client, organisation, org_admin, payload, field
):
    response = persona_client("org_admin").patch(
        f"{LIST}/{organisation.slug}", payload, content_type="application/json"
    )

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert all(isinstance(m, str) and m for m in error["fields"][field])
    organisation.refresh_from_db()
    assert organisation.name == "Qazaq Fintech Labs"


def test_an_admin_cannot_move_the_organisation_to_the_other_country(
    persona_client, organisation, org_admin
):
    # given the page lets only the secretariat change country and kind

    # when the organisation's admin tries through the API
    response = persona_client("org_admin").patch(
        f"{LIST}/{organisation.slug}", {"country": "PK"}, content_type="application/json"
    )

    # then it is refused on that field
    assert response.status_code == 422
    assert "country" in error_of(response)["fields"]
    organisation.refresh_from_db()
    assert str(organisation.country) == "KZ"


def test_the_secretariat_can_change_the_country(persona_client, organisation, secretariat):
    response = persona_client("secretariat").patch(
        f"{LIST}/{organisation.slug}", {"country": "PK"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["country"] == "PK"


def test_a_country_outside_the_working_group_is_refused_on_create(persona_client, secretariat):
    response = persona_client("secretariat").post(
        LIST,
        {"name": "Berlin GmbH", "kind": "company", "country": "DE"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "country" in error_of(response)["fields"]


def test_a_missing_required_field_is_named(persona_client, secretariat):
    response = persona_client("secretariat").post(
        LIST, {"kind": "company", "country": "KZ"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert error_of(response)["fields"] == {"name": ["This field is required."]}


def test_a_body_that_is_not_json_is_a_validation_error(persona_client, secretariat):
    response = persona_client("secretariat").post(
        LIST, "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_verifies(persona_client, persona, organisation):
    response = persona_client(persona).post(
        f"{LIST}/{organisation.slug}/verify",
        {"verified": True},
        content_type="application/json",
    )

    assert response.status_code == SECRETARIAT_ONLY[persona]
    organisation.refresh_from_db()
    assert organisation.is_verified is (response.status_code == 200)
    if response.status_code == 200:
        assert response.json()["verified"] is True
        assert response.json()["verified_at"] is not None


def test_the_secretariat_can_withdraw_a_verification(persona_client, organisation, secretariat):
    client = persona_client("secretariat")
    client.post(
        f"{LIST}/{organisation.slug}/verify", {"verified": True}, content_type="application/json"
    )

    response = client.post(
        f"{LIST}/{organisation.slug}/verify", {"verified": False}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["verified"] is False
    organisation.refresh_from_db()
    assert organisation.verified_by is None
