"""The back office lists claims read-only; decisions go through the queue."""

from django.urls import reverse

from silkbridge.joining import services


def test_the_back_office_lists_and_shows_claims_without_editing(
    admin_client, stranger, software_house
):
    claim = services.submit_claim(
        claimant=stranger, organisation=software_house, evidence_text="Letter"
    )

    listing = admin_client.get(reverse("admin:joining_claim_changelist"))
    page = admin_client.get(reverse("admin:joining_claim_change", args=[claim.pk]))
    edit = admin_client.post(
        reverse("admin:joining_claim_change", args=[claim.pk]), {"status": "approved"}
    )

    assert listing.status_code == 200 and software_house.name in listing.content.decode()
    assert page.status_code == 200
    assert edit.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "pending"
