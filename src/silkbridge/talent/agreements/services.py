"""Writes for inter-institutional agreements.

The rule, stated once: every institution approves the same version of the terms. A draft is
edited freely; putting it to the parties freezes version 1. From then on any change to the terms
freezes a new version and sends the agreement back to "pending approval", so approvals of an
older version no longer count. Each write locks the agreement row first, so an approval and a
change arriving together are applied one after the other, and an approval names the version its
approver read: if the terms moved meanwhile, it is refused as a conflict.
"""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation, PersonRole
from silkbridge.directory.permissions import is_secretariat
from silkbridge.notifications.services import notify
from silkbridge.talent.agreements import permissions
from silkbridge.talent.agreements.models import (
    Agreement,
    AgreementApproval,
    AgreementStatus,
    AgreementVersion,
    CooperationCondition,
)
from silkbridge.talent.agreements.terms import agreement_terms
from silkbridge.talent.agreements.validation import clean_agreement, clean_condition

__all__ = [
    "ApprovalConflict",
    "add_condition",
    "approve",
    "change_notes",
    "create_agreement",
    "remove_condition",
    "submit_for_approval",
    "terminate",
    "update_agreement",
    "update_condition",
]

TERMINATION_REASON_MAX_LENGTH = 500


class ApprovalConflict(ValidationError):
    """The terms changed between reading them and approving them."""


def change_notes() -> dict[str, str]:
    """What a version's change note code means, in the active language."""
    return {
        "submitted": _("Put to the institutions for approval"),
        "details": _("Title, years, institutions or alliances changed"),
        "condition_added": _("Cooperation condition added"),
        "condition_changed": _("Cooperation condition changed"),
        "condition_removed": _("Cooperation condition removed"),
    }


def coordinators(institution_ids) -> Any:
    """Active admins of the given institutions: the people who approve for them."""
    return User.objects.filter(
        is_active=True,
        people__organisation_id__in=list(institution_ids),
        people__role=PersonRole.ADMIN,
    ).distinct()


def _locked(agreement: Agreement) -> Agreement:
    """The agreement row, locked until the transaction ends, as it now is in the database."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _freeze(agreement: Agreement, *, actor: User, note: str) -> AgreementVersion:
    """Take the next version of the terms and ask every institution to approve it."""
    agreement.version_number += 1
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=agreement.version_number,
        terms=agreement_terms(agreement),
        change_note=note,
        created_by=actor,
    )
    agreement.status = AgreementStatus.PENDING_APPROVAL
    agreement.approved_at = None
    agreement.save(update_fields=["version_number", "status", "approved_at", "updated_at"])
    notify(
        coordinators(permissions.party_ids(agreement)),
        "agreement_approval_needed",
        url=agreement.get_absolute_url(),
        params={"title": agreement.title, "version": version.number},
        exclude=actor,
    )
    return version


def _after_change(agreement: Agreement, *, actor: User, note: str) -> None:
    """Once the terms were put to the parties, every change is a new version to approve."""
    if agreement.status == AgreementStatus.DRAFT:
        agreement.save(update_fields=["updated_at"])
    else:
        _freeze(agreement, actor=actor, note=note)


def _check_own_institution(actor: User, institutions: list[Organisation]) -> None:
    """A coordinator's agreement always includes one of their institutions."""
    if is_secretariat(actor):
        return
    if not permissions.coordinated_institution_ids(actor) & {i.pk for i in institutions}:
        raise ValidationError(
            {"institutions": _("Include one of the institutions you coordinate.")},
            code="not_yours",
        )


def create_agreement(*, actor: User, data: dict[str, Any]) -> Agreement:
    """Record a draft agreement between institutions of both countries."""
    if not permissions.can_create_agreement(actor):
        raise PermissionDenied(
            _("Only coordinators of academic institutions and the secretariat propose agreements.")
        )
    clean = clean_agreement(data)
    _check_own_institution(actor, clean["institutions"])
    with set_actor(actor), transaction.atomic():
        agreement = Agreement.objects.create(
            title=clean["title"],
            academic_year_start=clean["academic_year_start"],
            academic_year_end=clean["academic_year_end"],
            created_by=actor,
        )
        agreement.institutions.set(clean["institutions"])
        agreement.ventures.set(clean["ventures"])
    return agreement


def _check_editable(actor: User, agreement: Agreement) -> None:
    if agreement.status == AgreementStatus.TERMINATED:
        raise PermissionDenied(_("A terminated agreement cannot be changed."))
    if not permissions.can_edit_agreement(actor, agreement):
        raise PermissionDenied(
            _("Only the coordinators of the agreement's institutions and the secretariat can.")
        )


def update_agreement(*, actor: User, agreement: Agreement, data: dict[str, Any]) -> Agreement:
    """Change the title, years, institutions or alliances; after submission, a new version."""
    _check_editable(actor, agreement)
    clean = clean_agreement(data)
    _check_own_institution(actor, clean["institutions"])
    kept = {institution.pk for institution in clean["institutions"]}
    used = set(agreement.conditions.values_list("sending_institution_id", flat=True)) | set(
        agreement.conditions.values_list("receiving_institution_id", flat=True)
    )
    dropped = used - kept
    if dropped:
        names = Organisation.objects.filter(pk__in=dropped).order_by("name")
        raise ValidationError(
            {
                "institutions": _(
                    "Remove the conditions of %(names)s before removing the institution."
                )
                % {"names": ", ".join(o.name for o in names)}
            },
            code="in_use",
        )
    with set_actor(actor), transaction.atomic():
        agreement = _locked(agreement)
        _check_editable(actor, agreement)
        before = agreement_terms(agreement)
        agreement.title = clean["title"]
        agreement.academic_year_start = clean["academic_year_start"]
        agreement.academic_year_end = clean["academic_year_end"]
        agreement.save(update_fields=["title", "academic_year_start", "academic_year_end"])
        agreement.institutions.set(clean["institutions"])
        agreement.ventures.set(clean["ventures"])
        # The alliances an agreement belongs to are not terms the institutions approve.
        if agreement_terms(agreement) != before:
            _after_change(agreement, actor=actor, note="details")
    return agreement


def add_condition(
    *, actor: User, agreement: Agreement, data: dict[str, Any]
) -> CooperationCondition:
    """Add a cooperation condition between two of the agreement's institutions."""
    _check_editable(actor, agreement)
    clean = clean_condition(data, institutions=agreement.institutions.all())
    with set_actor(actor), transaction.atomic():
        agreement = _locked(agreement)
        _check_editable(actor, agreement)
        position = agreement.conditions.count()
        condition = CooperationCondition.objects.create(
            agreement=agreement, position=position, **clean
        )
        _after_change(agreement, actor=actor, note="condition_added")
    return condition


def update_condition(
    *, actor: User, condition: CooperationCondition, data: dict[str, Any]
) -> CooperationCondition:
    """Change one condition; after submission, the terms become a new version."""
    agreement = condition.agreement
    _check_editable(actor, agreement)
    clean = clean_condition(data, institutions=agreement.institutions.all())
    with set_actor(actor), transaction.atomic():
        agreement = _locked(agreement)
        _check_editable(actor, agreement)
        changed = False
        for name, value in clean.items():
            if getattr(condition, name) != value:
                setattr(condition, name, value)
                changed = True
        if changed:
            condition.save()
            _after_change(agreement, actor=actor, note="condition_changed")
    return condition


def remove_condition(*, actor: User, condition: CooperationCondition) -> None:
    """Remove a condition nothing was offered under yet; after submission, a new version."""
    agreement = condition.agreement
    _check_editable(actor, agreement)
    try:
        with set_actor(actor), transaction.atomic():
            agreement = _locked(agreement)
            _check_editable(actor, agreement)
            condition.delete()
            _after_change(agreement, actor=actor, note="condition_removed")
    except ProtectedError as error:
        # Places were offered under it (calls for exchange places keep their condition).
        raise ValidationError(
            _("Places were already offered under this condition: change it instead."),
            code="in_use",
        ) from error


def submit_for_approval(*, actor: User, agreement: Agreement) -> AgreementVersion:
    """Freeze the draft's terms as version 1 and ask every institution to approve them."""
    _check_editable(actor, agreement)
    with set_actor(actor), transaction.atomic():
        agreement = _locked(agreement)
        _check_editable(actor, agreement)
        if agreement.status != AgreementStatus.DRAFT:
            raise ValidationError(_("This agreement was already put to the institutions."))
        if not agreement.conditions.exists():
            raise ValidationError(
                _("Add at least one cooperation condition before asking for approval.")
            )
        return _freeze(agreement, actor=actor, note="submitted")


def approve(
    *, actor: User, agreement: Agreement, organisation: Organisation, version: int
) -> AgreementApproval:
    """Approve `version` of the terms for one institution the actor coordinates; when every
    institution has approved it, the agreement is approved."""
    if organisation.pk not in permissions.approvable_institution_ids(actor, agreement):
        raise PermissionDenied(_("Only the institution's own coordinators approve for it."))
    with set_actor(actor), transaction.atomic():
        agreement = _locked(agreement)
        if agreement.status != AgreementStatus.PENDING_APPROVAL:
            raise ApprovalConflict(_("This agreement is not awaiting approval."))
        if agreement.version_number != version:
            raise ApprovalConflict(
                _(
                    "The terms changed since you read them: version %(now)d is current. "
                    "Read it and approve again."
                )
                % {"now": agreement.version_number}
            )
        current = agreement.versions.get(number=version)
        if current.approvals.filter(organisation=organisation).exists():
            raise ApprovalConflict(
                _("%(name)s has already approved this version.") % {"name": organisation.name}
            )
        approval = AgreementApproval.objects.create(
            agreement=agreement, version=current, organisation=organisation, approved_by=actor
        )
        approved = set(current.approvals.values_list("organisation_id", flat=True))
        if permissions.party_ids(agreement) <= approved:
            agreement.status = AgreementStatus.APPROVED
            agreement.approved_at = timezone.now()
            agreement.save(update_fields=["status", "approved_at", "updated_at"])
            notify(
                coordinators(permissions.party_ids(agreement)),
                "agreement_approved",
                url=agreement.get_absolute_url(),
                params={"title": agreement.title},
                exclude=actor,
            )
    return approval


def terminate(*, actor: User, agreement: Agreement, reason: str) -> Agreement:
    """End the agreement for good; its versions and approvals stay as the record."""
    if not permissions.can_terminate_agreement(actor, agreement):
        raise PermissionDenied(
            _("Only the coordinators of the agreement's institutions and the secretariat can.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the agreement ends.")}, code="required")
    if len(reason) > TERMINATION_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Please keep it under %(limit)d characters.")
                % {"limit": TERMINATION_REASON_MAX_LENGTH}
            },
            code="max_length",
        )
    with set_actor(actor), transaction.atomic():
        agreement = _locked(agreement)
        if agreement.status == AgreementStatus.TERMINATED:
            raise ApprovalConflict(_("This agreement is already terminated."))
        agreement.status = AgreementStatus.TERMINATED
        agreement.terminated_at = timezone.now()
        agreement.terminated_by = actor
        agreement.termination_reason = reason
        agreement.save(
            update_fields=[
                "status",
                "terminated_at",
                "terminated_by",
                "termination_reason",
                "updated_at",
            ]
        )
        notify(
            coordinators(permissions.party_ids(agreement)),
            "agreement_terminated",
            url=agreement.get_absolute_url(),
            params={"title": agreement.title},
            exclude=actor,
        )
    return agreement
