"""Deciding at the same moment: one decision wins, and nobody gets two memberships or a record
two admins it did not choose."""

import pytest
from django.core.exceptions import ValidationError

from silkbridge.directory.models import Person
from silkbridge.joining import services
from silkbridge.joining.models import Claim, ClaimStatus
from tests.concurrency import run_together

# Real transactions, on a database file when the suite runs on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]


def approve(claim_pk, by):
    def call():
        return services.approve_claim(claim=Claim.objects.get(pk=claim_pk), by=by)

    return call


def test_the_admin_and_the_secretariat_approving_one_claim_at_once(
    organisation, org_admin, secretariat, stranger
):
    claim = services.submit_claim(
        claimant=stranger, organisation=organisation, evidence_text="Head of sales."
    )

    outcomes = run_together(approve(claim.pk, org_admin), approve(claim.pk, secretariat))

    wins = [o for o in outcomes if isinstance(o, Claim)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(wins) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "already_decided"
    assert Person.objects.filter(organisation=organisation, user=stranger).count() == 1


def test_two_claims_on_a_record_without_admins_approved_at_once_make_one_admin(
    software_house, secretariat, make_user, verify_email
):
    first, second = (verify_email(make_user(f"{name}@gmail.com")) for name in ("first", "second"))
    claims = [
        services.submit_claim(claimant=person, organisation=software_house, evidence_text="Me")
        for person in (first, second)
    ]

    outcomes = run_together(*(approve(claim.pk, secretariat) for claim in claims))

    assert all(isinstance(o, Claim) for o in outcomes), outcomes
    assert Claim.objects.filter(status=ClaimStatus.APPROVED).count() == 2
    roles = sorted(software_house.people.values_list("role", flat=True))
    assert roles == ["admin", "member"]


def test_two_domain_claims_at_once_make_one_admin(software_house, make_user, verify_email):
    people = [verify_email(make_user(f"{name}@induscode.example.pk")) for name in ("amna", "bilal")]

    def claim(person):
        return lambda: services.submit_claim(claimant=person, organisation=software_house)

    outcomes = run_together(*(claim(person) for person in people))

    assert all(isinstance(o, Claim) for o in outcomes), outcomes
    roles = sorted(software_house.people.values_list("role", flat=True))
    assert roles == ["admin", "member"]
