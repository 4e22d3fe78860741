"""The claim pages and the secretariat's queue: who sees what (every persona on every page), and
the flow a person follows, `?next=` included."""

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.directory.models import Organisation, Person
from silkbridge.joining import services
from silkbridge.joining.models import Claim, ClaimStatus

PERSONAS = ["anonymous", "unverified_user", "member", "org_admin", "secretariat", "observer"]


@pytest.fixture
def as_persona(request, client):
    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


@pytest.fixture
def claim_for_admins(organisation, org_admin, stranger, pdf_upload):
    """A claim with a document on an organisation that has an admin: the admin decides."""
    return services.submit_claim(
        claimant=stranger,
        organisation=organisation,
        evidence_kind="letter",
        evidence_text="Head of sales since 2024.",
        evidence_file=pdf_upload(),
    )


@pytest.fixture
def registration(make_organisation, make_user):
    """An organisation someone registered themselves, awaiting the secretariat."""
    registrant = make_user("founder@steppe.example.kz")
    organisation = make_organisation(
        "Steppe Startup", country="KZ", website="https://steppe.example.kz"
    )
    Organisation.objects.filter(pk=organisation.pk).update(
        registered_by=registrant, registered_at=timezone.now()
    )
    Person.objects.create(
        organisation=organisation, user=registrant, full_name="Founder", role="admin"
    )
    organisation.refresh_from_db()
    return organisation


def signed_out(response) -> bool:
    return response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_start_and_claim_pages_are_for_anyone_signed_in(as_persona, persona, software_house):
    client = as_persona(persona)
    for url in (
        reverse("joining:start"),
        reverse("joining:claim", kwargs={"slug": software_house.slug}),
    ):
        response = client.get(url)
        if persona == "anonymous":
            assert signed_out(response)
        else:
            assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_queue_is_the_secretariats(as_persona, persona, claim_for_admins):
    response = as_persona(persona).get(reverse("joining:queue"))
    expected = {"anonymous": 302, "secretariat": 200}.get(persona, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_organisations_claims_are_for_its_admins_and_the_secretariat(
    as_persona, persona, organisation, claim_for_admins
):
    response = as_persona(persona).get(
        reverse("joining:claims-for", kwargs={"slug": organisation.slug})
    )
    expected = {"anonymous": 302, "org_admin": 200, "secretariat": 200}.get(persona, 404)
    assert response.status_code == expected
    if expected == 200:
        assert "Head of sales since 2024." in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_decide_a_claim_sent_to_the_admins(as_persona, persona, claim_for_admins):
    response = as_persona(persona).post(
        reverse("joining:decide-claim", kwargs={"claim_id": claim_for_admins.pk}),
        {"decision": "approve"},
    )
    claim_for_admins.refresh_from_db()
    if persona in ("org_admin", "secretariat"):
        assert response.status_code == 302
        assert claim_for_admins.status == ClaimStatus.APPROVED
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert claim_for_admins.status == ClaimStatus.PENDING


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_the_evidence_file_is_for_the_claimant_and_the_deciders(
    as_persona, persona, claim_for_admins
):
    response = as_persona(persona).get(
        reverse("joining:evidence", kwargs={"claim_id": claim_for_admins.pk})
    )
    expected = {"anonymous": 302, "org_admin": 200, "secretariat": 200, "stranger": 200}
    assert response.status_code == expected.get(persona, 404)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_only_the_claimant_withdraws(as_persona, persona, claim_for_admins):
    as_persona(persona).post(reverse("joining:withdraw", kwargs={"claim_id": claim_for_admins.pk}))
    claim_for_admins.refresh_from_db()
    expected = ClaimStatus.WITHDRAWN if persona == "stranger" else ClaimStatus.PENDING
    assert claim_for_admins.status == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_decides_a_registration(as_persona, persona, registration):
    response = as_persona(persona).post(
        reverse("joining:decide-registration", kwargs={"slug": registration.slug}),
        {"decision": "approve"},
    )
    registration.refresh_from_db()
    if persona == "secretariat":
        assert response.status_code == 302 and registration.is_verified
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert not registration.is_verified


def test_the_start_page_finds_a_record_by_name_or_website_and_keeps_next(
    client, newcomer, software_house
):
    client.force_login(newcomer)
    claim_url = reverse("joining:claim", kwargs={"slug": software_house.slug})
    for q in ("indus code", "https://www.induscode.example.pk/about"):
        response = client.get(reverse("joining:start"), {"q": q, "next": "/forums/"})
        assert f"{claim_url}?next=/forums/" in response.content.decode(), q


def test_a_domain_claim_through_the_page_joins_and_returns_where_the_person_started(
    client, newcomer, software_house
):
    client.force_login(newcomer)
    url = reverse("joining:claim", kwargs={"slug": software_house.slug})
    assert "ayesha@induscode.example.pk" in client.get(url).content.decode()

    response = client.post(url, {"next": "/forums/"})

    assert response.status_code == 302 and response["Location"] == "/forums/"
    assert Person.objects.get(user=newcomer, organisation=software_house).role == "admin"


def test_a_next_pointing_off_the_site_is_ignored(client, newcomer, software_house):
    client.force_login(newcomer)
    url = reverse("joining:claim", kwargs={"slug": software_house.slug})

    response = client.post(url, {"next": "https://evil.example/"})

    assert response["Location"] == software_house.get_absolute_url()


def test_a_claim_without_evidence_shows_the_error_on_its_field_and_writes_nothing(
    client, stranger, software_house
):
    client.force_login(stranger)
    response = client.post(reverse("joining:claim", kwargs={"slug": software_house.slug}), {})

    assert response.status_code == 200
    assert "Say how you belong to the organisation" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_claim_with_a_document_through_the_page(client, stranger, software_house, pdf_upload):
    client.force_login(stranger)
    response = client.post(
        reverse("joining:claim", kwargs={"slug": software_house.slug}),
        {
            "evidence_kind": "registration_document",
            "evidence_text": "SECP 0123456",
            "evidence_file": pdf_upload(),
        },
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.evidence_kind, claim.evidence_file_name) == (
        "registration_document",
        "certificate.pdf",
    )


def test_an_unverified_user_is_asked_to_verify_first(client, unverified_user, software_house):
    client.force_login(unverified_user)
    url = reverse("joining:claim", kwargs={"slug": software_house.slug})

    assert "Verify your e-mail address first" in client.get(url).content.decode()
    client.post(url, {"evidence_text": "Hello"})
    assert not Claim.objects.exists()


def test_refusing_from_the_queue_without_a_reason_changes_nothing(
    client, secretariat, stranger, software_house
):
    claim = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="Letter"
    )
    client.force_login(secretariat)

    response = client.post(
        reverse("joining:decide-claim", kwargs={"claim_id": claim.pk}),
        {"decision": "refuse", "reason": "", "next": reverse("joining:queue")},
        follow=True,
    )

    assert "Give the reason for refusing." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_the_queue_counts_and_filters(
    client, secretariat, stranger, newcomer, software_house, registration, make_organisation
):
    kz_record = make_organisation("Almaty Analytics", country="KZ")
    by_evidence = services.submit_claim(
        claimant=stranger, organisation=kz_record, evidence_text="Letter"
    )
    by_domain = services.submit_claim(claimant=newcomer, organisation=software_house)
    Claim.objects.filter(pk=by_evidence.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=10)
    )
    client.force_login(secretariat)

    def shown(**params) -> set[str]:
        page = client.get(reverse("joining:queue"), params).content.decode()
        return {
            name
            for name, marker in (
                ("evidence", f'id="claim-{by_evidence.pk}"'),
                ("domain", f'id="claim-{by_domain.pk}"'),
                ("registration", f'id="registration-{registration.pk}"'),
            )
            if marker in page
        }

    page = client.get(reverse("joining:queue")).content.decode()
    assert "2 open claims" in page and "1 new organisation to verify" in page
    assert shown() == {"evidence", "domain", "registration"}
    assert shown(kind="claims") == {"evidence", "domain"}
    assert shown(kind="registrations") == {"registration"}
    assert shown(country="PK") == {"domain"}
    assert shown(route="evidence") == {"evidence"}
    assert shown(age="7") == {"evidence"}


def test_claims_sent_past_the_rate_are_refused_and_write_nothing(
    client, stranger, make_organisation, settings
):
    settings.SILKBRIDGE_CLAIM_RATE = "2/h"
    client.force_login(stranger)
    records = [make_organisation(f"Firm {n}") for n in range(3)]

    answers = [
        client.post(reverse("joining:claim", kwargs={"slug": record.slug}), {"evidence_text": "Me"})
        for record in records
    ]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Too many attempts" in answers[-1].content.decode()
    assert Claim.objects.filter(organisation=records[-1]).count() == 0
