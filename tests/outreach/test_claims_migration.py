"""Membership requests the outreach app used to decide itself become joining claims, so the
organisation's admins find them in the one place where every claim is decided."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from silkbridge.joining.models import Claim
from silkbridge.outreach.models import Contact

BEFORE = [("outreach", "0001_campaigns")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_waiting_and_declined_requests_become_claims_the_admins_see(
    make_user, organisation, org_admin
):
    # Given contacts left waiting for, and declined by, an admin before the change
    old_apps = migrate(BEFORE)
    OldCampaign = old_apps.get_model("outreach", "Campaign")
    OldContact = old_apps.get_model("outreach", "Contact")
    campaign = OldCampaign.objects.create(
        name="P@SHA members", language="en", filename="list.csv", status="sent"
    )
    waiting_user = make_user("dana@qfl.example.kz")
    declined_user = make_user("erlan@qfl.example.kz")
    for row, (user, status) in enumerate(
        [(waiting_user, "awaiting_admin"), (declined_user, "declined")], start=1
    ):
        OldContact.objects.create(
            campaign=campaign,
            row_number=row,
            email=user.email,
            organisation_id=organisation.pk,
            user_id=user.pk,
            status=status,
            token_hash=f"{row:064d}",
        )

    # When the migrations run forward
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # Then the waiting one is an open claim for the admins, saying who invited the person
    waiting = Contact.objects.select_related("claim").get(email=waiting_user.email)
    assert waiting.stage == "awaiting"
    assert waiting.claim.status == "pending" and waiting.claim.reviewer == "admins"
    assert "P@SHA members" in waiting.claim.evidence_text
    declined = Contact.objects.select_related("claim").get(email=declined_user.email)
    assert declined.stage == "refused"
    assert Claim.objects.filter(claimant=declined_user, status="refused").count() == 1
