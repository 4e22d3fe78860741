"""Who may do what with inter-institutional agreements: every page, API operation and service
asks here.

Coordinators are the admins of an academic institution in the directory. An agreement is read by
the coordinators of its institutions, the secretariat and observers, and by nobody else (a
plain member of a party institution included: the terms are the coordinators' business until
calls for places are opened under them). Each institution's coordinators approve for it alone.
"""

from __future__ import annotations

from django.apps import apps

from silkbridge.directory.models import OrganisationKind, PersonRole
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.talent.agreements.models import Agreement, AgreementStatus

__all__ = [
    "approvable_institution_ids",
    "can_create_agreement",
    "can_edit_agreement",
    "can_terminate_agreement",
    "can_view_agreement",
    "coordinated_institution_ids",
    "is_observer",
    "is_party_coordinator",
    "party_ids",
]


def is_observer(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_observer)


def coordinated_institution_ids(user: AnyUser) -> set[int]:
    """Academic institutions the user is an admin of (cached on the user for the request)."""
    if not user.is_authenticated:
        return set()
    cached = user.__dict__.get("_coordinated_institution_ids")
    if cached is None:
        person = apps.get_model("directory", "Person")
        cached = set(
            person.objects.filter(
                user=user,
                role=PersonRole.ADMIN,
                organisation__kind=OrganisationKind.ACADEMIC,
                organisation__merged_into__isnull=True,
            )
            .order_by()
            .values_list("organisation_id", flat=True)
        )
        user.__dict__["_coordinated_institution_ids"] = cached
    return cached


def party_ids(agreement: Agreement) -> set[int]:
    """Ids of the agreement's institutions (from the prefetch when there is one)."""
    cache = getattr(agreement, "_prefetched_objects_cache", {})
    if "institutions" in cache:
        return {institution.pk for institution in cache["institutions"]}
    return set(agreement.institutions.values_list("pk", flat=True))


def is_party_coordinator(user: AnyUser, agreement: Agreement) -> bool:
    return bool(coordinated_institution_ids(user) & party_ids(agreement))


def can_view_agreement(user: AnyUser, agreement: Agreement) -> bool:
    if not user.is_authenticated:
        return False
    return is_secretariat(user) or is_observer(user) or is_party_coordinator(user, agreement)


def can_create_agreement(user: AnyUser) -> bool:
    """Coordinators propose agreements for their institutions; the secretariat for any."""
    return is_secretariat(user) or bool(coordinated_institution_ids(user))


def can_edit_agreement(user: AnyUser, agreement: Agreement) -> bool:
    """Terms change until the agreement is terminated, by its coordinators or the secretariat."""
    if agreement.status == AgreementStatus.TERMINATED:
        return False
    return is_secretariat(user) or is_party_coordinator(user, agreement)


def can_terminate_agreement(user: AnyUser, agreement: Agreement) -> bool:
    return can_edit_agreement(user, agreement)


def approvable_institution_ids(user: AnyUser, agreement: Agreement) -> set[int]:
    """The party institutions this user approves for: only their own coordinators may."""
    return coordinated_institution_ids(user) & party_ids(agreement)
