import pytest
from django.urls import reverse

from silkbridge.directory.models import Organisation, Person

ALL = ["secretariat", "observer", "org_admin", "member", "outsider", "anonymous"]


@pytest.fixture
def contact(organisation):
    return Person.objects.create(
        organisation=organisation,
        full_name="Aigerim Sadykova",
        job_title="CTO",
        email="aigerim@qfl.example.kz",
        phone="+7 700 000 0000",
    )


def test_directory_lists_search_results_with_count(client, organisation, other_organisation):
    response = client.get(reverse("directory:list"), {"q": "fintech"})
    assert response.status_code == 200
    assert "Qazaq Fintech Labs" in response.text
    assert "Lahore Software House" not in response.text
    assert "1 organisation found" in response.text


def test_htmx_requests_receive_only_the_results_fragment(client, organisation):
    response = client.get(reverse("directory:list"), {"q": "fintech"}, HTTP_HX_REQUEST="true")
    assert "Qazaq Fintech Labs" in response.text
    assert "<html" not in response.text


def test_an_empty_search_says_so_and_offers_to_clear(client, organisation):
    response = client.get(reverse("directory:list"), {"q": "zzzz-nothing"})
    assert "No organisations match your search" in response.text


def test_directory_paginates_twenty_per_page(client, make_organisation):
    for i in range(25):
        make_organisation(f"Company {i:02d}")
    first = client.get(reverse("directory:list"))
    second = client.get(reverse("directory:list"), {"page": 2})
    assert first.text.count('class="card org-card') == 20
    assert second.text.count('class="card org-card') == 5
    assert "Page 2 of 2" in second.text


@pytest.mark.parametrize(
    ("persona", "sees_contacts"),
    [
        ("secretariat", True),
        ("observer", False),
        ("org_admin", True),
        ("member", True),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_contact_details_only_for_same_organisation_or_secretariat(
    persona_client, persona, sees_contacts, organisation, contact
):
    response = persona_client(persona).get(organisation.get_absolute_url())
    assert response.status_code == 200
    # A visitor's page lists no people at all (tests/directory/test_public_pages.py).
    assert ("Aigerim Sadykova" in response.text) is (persona != "anonymous")
    assert ("aigerim@qfl.example.kz" in response.text) is sees_contacts
    assert ("+7 700 000 0000" in response.text) is sees_contacts


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat", True),
        ("observer", False),
        ("org_admin", True),
        ("member", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_only_admins_and_secretariat_can_edit_a_profile(
    persona_client, persona, allowed, organisation
):
    client = persona_client(persona)
    url = reverse("directory:edit", args=[organisation.slug])
    response = client.post(
        url,
        {
            "name": "Renamed Labs",
            "kind": "company",
            "country": "KZ",
            "website": "https://qfl.example.kz",
        },
    )
    organisation.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert organisation.name == "Renamed Labs"
    else:
        assert response.status_code in (302, 404)
        if persona == "anonymous":
            assert reverse("accounts:login") in response["Location"]
        assert organisation.name == "Qazaq Fintech Labs"


def test_the_edit_form_reports_field_errors(client, org_admin, organisation):
    client.force_login(org_admin)
    response = client.post(
        reverse("directory:edit", args=[organisation.slug]),
        {"name": "", "kind": "company", "country": "KZ", "website": "nope", "founded_year": "1200"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"name", "website", "founded_year"}
    assert 'aria-invalid="true"' in response.text


def test_an_org_admin_cannot_move_the_organisation_to_another_country(
    client, org_admin, organisation
):
    client.force_login(org_admin)
    client.post(
        reverse("directory:edit", args=[organisation.slug]),
        {"name": "Qazaq Fintech Labs", "kind": "academic", "country": "PK"},
    )
    organisation.refresh_from_db()
    assert (str(organisation.country), organisation.kind) == ("KZ", "company")


@pytest.mark.parametrize("persona", ALL)
def test_only_the_secretariat_verifies(persona_client, persona, organisation):
    persona_client(persona).post(
        reverse("directory:verify", args=[organisation.slug]), {"verified": "1"}
    )
    organisation.refresh_from_db()
    assert organisation.is_verified is (persona == "secretariat")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat", True),
        ("observer", False),
        ("org_admin", True),
        ("member", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_people_management_is_for_admins_and_secretariat(
    persona_client, persona, allowed, organisation
):
    client = persona_client(persona)
    response = client.post(
        reverse("directory:people", args=[organisation.slug]),
        {"full_name": "New Person", "email": "new@qfl.example.kz", "role": "member"},
    )
    created = Person.objects.filter(full_name="New Person").exists()
    assert created is allowed
    if not allowed:
        assert response.status_code in (302, 404)


def test_an_admin_edits_and_removes_a_person(client, org_admin, organisation, contact):
    client.force_login(org_admin)
    client.post(
        reverse("directory:person-edit", args=[organisation.slug, contact.pk]),
        {"full_name": "Aigerim S.", "job_title": "CEO", "email": "", "phone": "", "role": "member"},
    )
    contact.refresh_from_db()
    assert (contact.full_name, contact.job_title) == ("Aigerim S.", "CEO")
    client.post(reverse("directory:person-remove", args=[organisation.slug, contact.pk]))
    assert not Person.objects.filter(pk=contact.pk).exists()


def test_a_person_of_another_organisation_is_not_found(
    client, org_admin, organisation, other_organisation
):
    stranger = Person.objects.create(organisation=other_organisation, full_name="Stranger")
    client.force_login(org_admin)
    response = client.post(
        reverse("directory:person-remove", args=[organisation.slug, stranger.pk])
    )
    assert response.status_code == 404
    assert Person.objects.filter(pk=stranger.pk).exists()


@pytest.mark.parametrize("persona", ALL)
def test_only_the_secretariat_merges(persona_client, persona, make_organisation):
    keep, dup = make_organisation("Keep Me"), make_organisation("Dup Me")
    persona_client(persona).post(
        reverse("directory:merge"), {"keep": keep.slug, "duplicate": dup.slug, "confirm": "1"}
    )
    dup.refresh_from_db()
    assert (dup.merged_into_id == keep.pk) is (persona == "secretariat")


def test_merge_shows_a_comparison_before_it_merges(client, secretariat, make_organisation):
    keep, dup = make_organisation("Keep Me"), make_organisation("Dup Me")
    client.force_login(secretariat)
    response = client.post(reverse("directory:merge"), {"keep": keep.slug, "duplicate": dup.slug})
    assert "Merge now" in response.text
    dup.refresh_from_db()
    assert dup.merged_into_id is None


def test_a_merged_organisation_address_redirects_to_the_kept_one(
    client, secretariat, make_organisation
):
    from silkbridge.directory import services

    keep, dup = make_organisation("Keep Me"), make_organisation("Dup Me")
    services.merge_organisations(actor=secretariat, keep=keep, duplicate=dup)
    response = client.get(dup.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == keep.get_absolute_url()


def test_an_unknown_organisation_is_404(client, db):
    assert client.get(reverse("directory:detail", args=["no-such-org"])).status_code == 404


@pytest.mark.parametrize("persona", ALL)
def test_only_the_secretariat_edits_the_taxonomy(persona_client, persona, db):
    from silkbridge.directory.models import Term

    client = persona_client(persona)
    response = client.post(
        reverse("directory:taxonomy"),
        {"vocabulary": "sector", "slug": "space", "label_en": "Space"},
    )
    exists = Term.objects.filter(slug="space").exists()
    assert exists is (persona == "secretariat")
    if persona != "secretariat":
        assert response.status_code == 403


@pytest.mark.parametrize("edit", ["abc", "1.5", "99999999999999999999999"])
def test_editing_a_term_that_cannot_exist_is_not_found(persona_client, edit, db):
    response = persona_client("secretariat").get(reverse("directory:taxonomy"), {"edit": edit})
    assert response.status_code == 404


def test_the_taxonomy_page_shows_labels_in_the_active_language(client, make_term):
    make_term("sector", "health", "Health", label_ru="Здравоохранение")
    response = client.get(reverse("directory:taxonomy"), HTTP_ACCEPT_LANGUAGE="ru")
    assert "Здравоохранение" in response.text


@pytest.mark.parametrize("persona", ALL)
def test_only_the_secretariat_reads_the_audit_log(persona_client, persona, organisation):
    response = persona_client(persona).get(reverse("core:audit"))
    if persona == "secretariat":
        assert response.status_code == 200
        assert "Qazaq Fintech Labs" in response.text
    else:
        assert response.status_code in (302, 404)


def test_home_counts_organisations_per_country_and_kind(client, organisation, other_organisation):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    sides = {side["code"]: side for side in response.context["sides"]}
    assert sides["KZ"]["total"] == 1
    assert sides["PK"]["total"] == 1
    assert Organisation.objects.count() == 2
