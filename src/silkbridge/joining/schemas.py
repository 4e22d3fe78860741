"""JSON shapes of the claims API; a claim is read only by its claimant and whoever decides it."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from silkbridge.joining.models import EVIDENCE_MAX_LENGTH, REASON_MAX_LENGTH, Claim


class ClaimIn(Schema):
    organisation: str = Field(description="The slug of the directory record claimed.")
    evidence_kind: str = Field(
        "",
        description="registration_document, pasha_membership, astana_hub_membership, letter "
        "or other; for a claim without a matching verified address.",
    )
    evidence_text: str = Field("", max_length=EVIDENCE_MAX_LENGTH)


class RefusalIn(Schema):
    reason: str = Field(description="Told to the claimant; required.", max_length=REASON_MAX_LENGTH)


class ClaimOut(Schema):
    id: int
    organisation: str = Field(description="The slug of the organisation claimed.")
    organisation_name: str
    claimant_name: str
    status: str = Field(description="pending, approved, refused or withdrawn.")
    route: str = Field(description="domain (a verified address on its website) or evidence.")
    reviewer: str = Field(description="Who decides: admins (the organisation's) or secretariat.")
    matched_email: str
    evidence_kind: str
    evidence_text: str
    evidence_file: str | None = Field(description="Where to download the document, if any.")
    member_now: bool = Field(description="Whether the claim already made the claimant a member.")
    reason: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_organisation(obj: Claim) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: Claim) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_claimant_name(obj: Claim) -> str:
        return obj.claimant.get_full_name()

    @staticmethod
    def resolve_evidence_file(obj: Claim) -> str | None:
        if not obj.evidence_file:
            return None
        return reverse("joining:evidence", kwargs={"claim_id": obj.pk})

    @staticmethod
    def resolve_member_now(obj: Claim) -> bool:
        return obj.granted_person_id is not None
