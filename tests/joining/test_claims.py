"""Claiming a directory record: by a verified address on its domain, or with evidence; a record
with admins is never taken over; refusals need a reason and undo what a claim granted."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from silkbridge.directory.models import Person
from silkbridge.joining import services
from silkbridge.joining.models import Claim, ClaimReviewer, ClaimRoute, ClaimStatus
from silkbridge.notifications.models import Notification


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_a_domain_claim_on_a_record_without_admins_makes_the_claimant_its_admin_at_once(
    software_house, newcomer, secretariat
):
    claim = services.submit_claim(claimant=newcomer, organisation=software_house)

    assert (claim.route, claim.reviewer, claim.status) == (
        ClaimRoute.DOMAIN,
        ClaimReviewer.SECRETARIAT,
        ClaimStatus.PENDING,
    )
    assert claim.matched_email == "ayesha@induscode.example.pk"
    person = Person.objects.get(organisation=software_house, user=newcomer)
    assert person.role == "admin" and claim.granted_person == person
    told = Notification.objects.get(kind="claim_submitted")
    assert told.recipient == secretariat and told.url == "/join/queue/"


def test_a_domain_claim_on_a_record_with_admins_makes_a_member_and_asks_the_admins(
    software_house, newcomer, make_user, secretariat
):
    admin = make_user("boss@induscode.example.pk", organisation=software_house, role="admin")

    claim = services.submit_claim(claimant=newcomer, organisation=software_house)

    assert claim.reviewer == ClaimReviewer.ADMINS
    assert Person.objects.get(organisation=software_house, user=newcomer).role == "member"
    assert software_house.people.filter(role="admin").get().user == admin
    assert [n.recipient for n in Notification.objects.filter(kind="claim_submitted")] == [admin]


def test_an_address_that_only_ends_like_the_domain_grants_nothing(
    software_house, make_user, verify_email
):
    lookalike = verify_email(make_user("ayesha@notinduscode.example.pk"))

    with pytest.raises(ValidationError) as error:
        services.submit_claim(claimant=lookalike, organisation=software_house)

    assert codes(error.value) == {"evidence_text": ["required"]}
    assert not Claim.objects.exists() and not Person.objects.filter(user=lookalike).exists()


def test_a_claim_with_evidence_grants_nothing_until_the_secretariat_approves(
    software_house, stranger, secretariat, pdf_upload, django_capture_on_commit_callbacks
):
    claim = services.submit_claim(
        claimant=stranger,
        organisation=software_house,
        evidence_kind="pasha_membership",
        evidence_text="P@SHA member no. 1234",
        evidence_file=pdf_upload(),
    )
    assert claim.route == ClaimRoute.EVIDENCE and claim.reviewer == ClaimReviewer.SECRETARIAT
    assert claim.evidence_content_type == "application/pdf"
    assert claim.evidence_file_name == "certificate.pdf"
    assert not Person.objects.filter(user=stranger).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_claim(claim=claim, by=secretariat)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.decided_by == secretariat
    assert Person.objects.get(organisation=software_house, user=stranger).role == "admin"
    told = Notification.objects.get(kind="claim_approved")
    assert told.recipient == stranger and told.params == {"organisation": software_house.name}
    assert [m.to for m in mail.outbox if "Indus Code Works" in m.body] == [[stranger.email]]


def test_a_file_that_is_not_a_document_is_refused_on_its_field(
    software_house, stranger, pdf_upload
):
    fake = pdf_upload("certificate.pdf", b"MZ\x90\x00 an executable")

    with pytest.raises(ValidationError) as error:
        services.submit_claim(
            claimant=stranger,
            organisation=software_house,
            evidence_text="Our registration",
            evidence_file=fake,
        )

    assert codes(error.value) == {"evidence_file": ["file_type"]}
    assert not Claim.objects.exists()


def test_a_file_over_the_size_limit_is_refused(software_house, stranger, pdf_upload, settings):
    settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 10

    with pytest.raises(ValidationError) as error:
        services.submit_claim(
            claimant=stranger,
            organisation=software_house,
            evidence_text="Our registration",
            evidence_file=pdf_upload(),
        )

    assert codes(error.value) == {"evidence_file": ["file_size"]}


def test_a_record_with_admins_is_never_taken_over(organisation, org_admin, stranger, secretariat):
    claim = services.submit_claim(
        claimant=stranger, organisation=organisation, evidence_text="I am the new CEO."
    )
    assert claim.reviewer == ClaimReviewer.ADMINS

    # Even the secretariat's approval makes the claimant a member, never an admin.
    services.approve_claim(claim=claim, by=secretariat)

    assert Person.objects.get(organisation=organisation, user=stranger).role == "member"
    assert list(organisation.people.filter(role="admin").values_list("user", flat=True)) == [
        org_admin.pk
    ]


def test_the_organisations_admin_decides_a_claim_sent_to_them(organisation, org_admin, stranger):
    claim = services.submit_claim(
        claimant=stranger, organisation=organisation, evidence_text="Sales, Almaty office."
    )

    services.approve_claim(claim=claim, by=org_admin)

    assert Person.objects.get(organisation=organisation, user=stranger).role == "member"


@pytest.mark.parametrize("decider", ["member", "outsider", "observer", "org_admin", "claimant"])
def test_who_may_not_decide_a_claim_for_the_secretariat(
    request, software_house, newcomer, decider, make_user
):
    claim = services.submit_claim(claimant=newcomer, organisation=software_house)
    # The organisation's only admin is the claimant itself, made admin by its domain.
    person = newcomer if decider == "claimant" else request.getfixturevalue(decider)

    with pytest.raises(PermissionDenied):
        services.approve_claim(claim=claim, by=person)
    with pytest.raises(PermissionDenied):
        services.refuse_claim(claim=claim, by=person, reason="No")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_refusing_needs_a_reason_and_then_removes_the_membership_the_domain_granted(
    software_house, newcomer, secretariat
):
    claim = services.submit_claim(claimant=newcomer, organisation=software_house)

    with pytest.raises(ValidationError) as error:
        services.refuse_claim(claim=claim, by=secretariat, reason="  ")
    assert codes(error.value) == {"reason": ["required"]}
    assert Person.objects.filter(user=newcomer).exists()

    services.refuse_claim(claim=claim, by=secretariat, reason="This address left the company.")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REFUSED and claim.granted_person is None
    assert not Person.objects.filter(user=newcomer).exists()
    told = Notification.objects.get(kind="claim_refused")
    assert told.recipient == newcomer
    assert told.params["reason"] == "This address left the company."


def test_the_claimant_is_emailed_in_their_own_language(
    software_house, stranger, secretariat, django_capture_on_commit_callbacks
):
    stranger.language = "ru"
    stranger.save(update_fields=["language"])
    claim = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="Letter attached."
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_claim(claim=claim, by=secretariat, reason="Нет документа.")

    message = next(m for m in mail.outbox if m.to == [stranger.email])
    assert "Нет документа." in message.body
    assert "Открыть в Silkbridge:" in message.body


def test_a_decided_claim_cannot_be_decided_again(software_house, stranger, secretariat):
    claim = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="Letter attached."
    )
    services.approve_claim(claim=claim, by=secretariat)

    with pytest.raises(ValidationError) as error:
        services.refuse_claim(claim=claim, by=secretariat, reason="Changed my mind")

    assert error.value.code == "already_decided"
    assert Person.objects.filter(user=stranger).count() == 1


def test_one_open_claim_per_person_and_organisation(software_house, stranger):
    services.submit_claim(claimant=stranger, organisation=software_house, evidence_text="One")

    with pytest.raises(ValidationError) as error:
        services.submit_claim(claimant=stranger, organisation=software_house, evidence_text="Two")
    assert error.value.code == "open_claim"

    # The database holds the rule too, whatever a caller skips.
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            claimant=stranger, organisation=software_house, route="evidence", reviewer="secretariat"
        )


def test_a_claim_can_be_sent_again_after_a_refusal(software_house, stranger, secretariat):
    first = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="One"
    )
    services.refuse_claim(claim=first, by=secretariat, reason="Send the certificate.")

    second = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="Certificate no. 77"
    )

    assert second.pk != first.pk and second.is_open


def test_an_unverified_address_cannot_claim(software_house, unverified_user):
    with pytest.raises(ValidationError) as error:
        services.submit_claim(
            claimant=unverified_user, organisation=software_house, evidence_text="Hello"
        )

    assert error.value.code == "unverified"
    assert not Claim.objects.exists()


def test_a_member_cannot_claim_their_own_organisation_again(organisation, member, verify_email):
    verify_email(member)

    with pytest.raises(ValidationError) as error:
        services.submit_claim(claimant=member, organisation=organisation, evidence_text="Hi")

    assert error.value.code == "member"


def test_withdrawing_takes_back_the_membership(software_house, newcomer):
    claim = services.submit_claim(claimant=newcomer, organisation=software_house)

    services.withdraw_claim(claim=claim, by=newcomer)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    assert not Person.objects.filter(user=newcomer).exists()


def test_decisions_are_in_the_audit_log_with_who_decided(software_house, stranger, secretariat):
    claim = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="Letter"
    )
    services.refuse_claim(claim=claim, by=secretariat, reason="Unreadable letter")

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Claim), object_pk=str(claim.pk)
    ).order_by("timestamp", "pk")
    assert [e.actor for e in entries] == [stranger, secretariat]
    assert entries.last().changes_dict["status"] == ["pending", "refused"]


def test_nobody_has_more_than_a_few_claims_awaiting_at_once(
    make_organisation, stranger, software_house
):
    for n in range(services.MAX_OPEN_CLAIMS):
        services.submit_claim(
            claimant=stranger, organisation=make_organisation(f"Firm {n}"), evidence_text="Me"
        )

    with pytest.raises(ValidationError) as error:
        services.submit_claim(claimant=stranger, organisation=software_house, evidence_text="Me")

    assert error.value.code == "too_many_open"
    assert Claim.objects.filter(organisation=software_house).count() == 0
