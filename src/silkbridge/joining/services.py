"""Claims on directory records: submitting, approving, refusing, withdrawing.

A verified address on the organisation's own domain makes the claimant a member at once (an
admin of a record nobody administers), to be confirmed; any other claim grants nothing until
approved. A record with admins is never taken over: its admins decide, and a claimant can only
ever join it as a member. Every decision locks the organisation's row, then the claim's, and
acts only on a claim still pending, so two people deciding at once cannot both win and an
organisation never gets two memberships for one person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.core.uploads import validate_attachment
from silkbridge.directory.models import Organisation, Person, PersonRole
from silkbridge.directory.permissions import forget_roles
from silkbridge.directory.services import acting_as
from silkbridge.joining import domains, permissions
from silkbridge.joining.models import (
    EVIDENCE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Claim,
    ClaimReviewer,
    ClaimRoute,
    ClaimStatus,
    EvidenceKind,
)
from silkbridge.notifications import services as notifications

__all__ = [
    "MAX_OPEN_CLAIMS",
    "ClaimPlan",
    "approve_claim",
    "check_can_claim",
    "plan_claim",
    "refuse_claim",
    "submit_claim",
    "verified_emails",
    "withdraw_claim",
]


# Claims one person may have awaiting a decision at once: enough for someone who works for a
# company and its sister firm, too few to fish for memberships across the directory.
MAX_OPEN_CLAIMS = 3


@dataclass(frozen=True)
class ClaimPlan:
    """What a claim by this person on this organisation would do, before they send it."""

    route: str
    reviewer: str
    matched_email: str
    # The role granted at once ("admin" or "member"), or "" when nothing is granted yet.
    role_now: str


def verified_emails(user: User) -> list[str]:
    """The user's verified addresses (allauth's), the account's own address first."""
    from allauth.account.models import EmailAddress

    emails = list(
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "email")
        .values_list("email", flat=True)
    )
    return emails


def _has_admins(organisation: Organisation) -> bool:
    return organisation.people.filter(role=PersonRole.ADMIN, user__is_active=True).exists()


def plan_claim(user: User, organisation: Organisation) -> ClaimPlan:
    """The route, who decides and what is granted at once, from the user's verified e-mails."""
    has_admins = _has_admins(organisation)
    matched = domains.matching_email(verified_emails(user), organisation.website_domain)
    reviewer = ClaimReviewer.ADMINS if has_admins else ClaimReviewer.SECRETARIAT
    if matched:
        role = PersonRole.MEMBER if has_admins else PersonRole.ADMIN
        return ClaimPlan(ClaimRoute.DOMAIN, reviewer, matched, role)
    return ClaimPlan(ClaimRoute.EVIDENCE, reviewer, "", "")


def check_can_claim(user: User, organisation: Organisation) -> None:
    """Raise why this person cannot claim this record now (ValidationError with a code)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if organisation.merged_into_id or getattr(organisation, "registration_refused_at", None):
        raise ValidationError(_("This record can no longer be claimed."), code="closed")
    if organisation.people.filter(user=user).exists():
        raise ValidationError(_("You already belong to this organisation."), code="member")
    if not verified_emails(user):
        raise ValidationError(
            _("Verify your e-mail address first: a claim needs a verified address."),
            code="unverified",
        )
    open_claims = set(
        Claim.objects.filter(claimant=user, status=ClaimStatus.PENDING).values_list(
            "organisation_id", flat=True
        )
    )
    if organisation.pk in open_claims:
        raise ValidationError(
            _("You already have a claim on this organisation awaiting a decision."),
            code="open_claim",
        )
    if len(open_claims) >= MAX_OPEN_CLAIMS:
        raise ValidationError(
            _(
                "You have %(count)s claims awaiting a decision: wait for them, or withdraw one, "
                "before claiming another organisation."
            ),
            code="too_many_open",
            params={"count": len(open_claims)},
        )


def _check_evidence(evidence_kind: str, evidence_text: str, evidence_file) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if evidence_kind and evidence_kind not in EvidenceKind.values:
        errors["evidence_kind"] = [ValidationError(_("Choose a kind of evidence."), code="kind")]
    if len(evidence_text) > EVIDENCE_MAX_LENGTH:
        errors["evidence_text"] = [
            ValidationError(
                _("Keep the evidence under %(limit)s characters."),
                code="too_long",
                params={"limit": EVIDENCE_MAX_LENGTH},
            )
        ]
    elif not evidence_text.strip() and evidence_file is None:
        errors["evidence_text"] = [
            ValidationError(
                _(
                    "Say how you belong to the organisation (a registration number, a P@SHA or "
                    "Astana Hub membership number, a letter), or attach a document."
                ),
                code="required",
            )
        ]
    if evidence_file is not None:
        try:
            validate_attachment(evidence_file)
        except ValidationError as error:
            errors["evidence_file"] = [error]
    if errors:
        raise ValidationError(errors)


def _name_of(user: User) -> str:
    return user.full_name or user.email.split("@")[0]


def _join(organisation: Organisation, user: User, role: str) -> Person:
    """The user's membership of the organisation, created with `role` unless it exists."""
    person = organisation.people.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            organisation=organisation,
            user=user,
            full_name=_name_of(user),
            email=user.email,
            role=role,
        )
    forget_roles(user)
    return person


def _tell_reviewers(claim: Claim) -> None:
    organisation = claim.organisation
    params = {"person": _name_of(claim.claimant), "organisation": organisation.name}
    if claim.reviewer == ClaimReviewer.ADMINS:
        recipients = notifications.people_of(organisation).filter(
            people__organisation=organisation, people__role=PersonRole.ADMIN
        )
        url = reverse("joining:claims-for", kwargs={"slug": organisation.slug})
    else:
        recipients = notifications.secretariat()
        url = reverse("joining:queue")
    notifications.notify(
        recipients, "claim_submitted", url=url, params=params, exclude=claim.claimant
    )


def submit_claim(
    *,
    claimant: User,
    organisation: Organisation,
    evidence_kind: str = "",
    evidence_text: str = "",
    evidence_file: UploadedFile | None = None,
) -> Claim:
    """Claim a directory record; by domain this grants membership at once, to be confirmed."""
    check_can_claim(claimant, organisation)
    evidence_text = (evidence_text or "").strip()
    with transaction.atomic(), acting_as(claimant):
        # The organisation's row orders claims and decisions on it: who is admin is settled once.
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        plan = plan_claim(claimant, locked)
        if plan.route == ClaimRoute.EVIDENCE:
            _check_evidence(evidence_kind, evidence_text, evidence_file)
        claim = Claim(
            claimant=claimant,
            organisation=locked,
            route=plan.route,
            reviewer=plan.reviewer,
            matched_email=plan.matched_email,
            evidence_kind=evidence_kind if plan.route == ClaimRoute.EVIDENCE else "",
            evidence_text=evidence_text,
        )
        if evidence_file is not None and plan.route == ClaimRoute.EVIDENCE:
            claim.evidence_content_type = validate_attachment(evidence_file)
            claim.evidence_file_name = evidence_file.name[:255]
            claim.evidence_file = evidence_file
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            raise ValidationError(
                _("You already have a claim on this organisation awaiting a decision."),
                code="open_claim",
            ) from None
        if plan.role_now:
            claim.granted_person = _join(locked, claimant, plan.role_now)
            claim.save(update_fields=["granted_person"])
        _tell_reviewers(claim)
    return claim


def _locked_pending(claim: Claim) -> Claim:
    """The claim's row, locked after its organisation's; refused if it is no longer pending."""
    Organisation.objects.select_for_update().filter(pk=claim.organisation_id).first()
    locked = Claim.objects.select_for_update().select_related("organisation", "claimant")
    current = locked.get(pk=claim.pk)
    if current.status != ClaimStatus.PENDING:
        raise ValidationError(
            _("This claim was already decided or withdrawn."), code="already_decided"
        )
    return current


def approve_claim(*, claim: Claim, by: User) -> Claim:
    """Confirm the claim: the claimant belongs to the organisation (an admin of one without)."""
    if not permissions.can_decide_claim(by, claim):
        raise PermissionDenied
    with transaction.atomic(), acting_as(by):
        current = _locked_pending(claim)
        organisation = current.organisation
        if current.granted_person_id is None:
            has_admins = _has_admins(organisation)
            role = PersonRole.MEMBER if has_admins else PersonRole.ADMIN
            current.granted_person = _join(organisation, current.claimant, role)
        current.status = ClaimStatus.APPROVED
        current.decided_by = by
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_by", "decided_at", "granted_person"])
        notifications.notify(
            [current.claimant],
            "claim_approved",
            url=organisation.get_absolute_url(),
            params={"organisation": organisation.name},
        )
    return current


def refuse_claim(*, claim: Claim, by: User, reason: str) -> Claim:
    """Refuse the claim with a reason the claimant reads; a membership it granted is removed."""
    if not permissions.can_decide_claim(by, claim):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": [ValidationError(_("Give the reason for refusing."), code="required")]}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    ValidationError(
                        _("Keep the reason under %(limit)s characters."),
                        code="too_long",
                        params={"limit": REASON_MAX_LENGTH},
                    )
                ]
            }
        )
    with transaction.atomic(), acting_as(by):
        current = _locked_pending(claim)
        _remove_granted(current)
        current.status = ClaimStatus.REFUSED
        current.reason = reason
        current.decided_by = by
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        notifications.notify(
            [current.claimant],
            "claim_refused",
            url=reverse("joining:start"),
            params={"organisation": current.organisation.name, "reason": reason},
        )
    return current


def withdraw_claim(*, claim: Claim, by: User) -> Claim:
    """The claimant takes back an open claim, and any membership it granted with it."""
    if not permissions.can_withdraw_claim(by, claim):
        raise PermissionDenied
    with transaction.atomic(), acting_as(by):
        current = _locked_pending(claim)
        _remove_granted(current)
        current.status = ClaimStatus.WITHDRAWN
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_at"])
    return current


def _remove_granted(claim: Claim) -> None:
    if claim.granted_person_id is not None:
        Person.objects.filter(pk=claim.granted_person_id, user=claim.claimant).delete()
        claim.granted_person = None
        forget_roles(claim.claimant)
