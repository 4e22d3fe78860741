"""Who may do what with places, applications and mobilities: every page, API operation and
service asks here.

A coordinator is an admin of the organisation in the directory. Applications are personal
data: only the applicant, the coordinators of their home institution and, once nominated, the
receiving side's coordinators see them, their documents and their rankings. The secretariat
sees the offers and the figures, not the people.
"""

from __future__ import annotations

from silkbridge.directory.models import Organisation, OrganisationKind, PersonRole
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.talent.exchanges.models import (
    Application,
    Call,
    Internship,
    LearningAgreement,
    Mobility,
    Nomination,
)

HOST_KINDS = (OrganisationKind.COMPANY, OrganisationKind.AUTHORITY, OrganisationKind.ACADEMIC)

__all__ = [
    "can_decide_nomination",
    "can_edit_internship",
    "can_edit_learning_plan",
    "can_manage_call",
    "can_offer_internship",
    "can_open_call",
    "can_view_application",
    "can_view_mobility",
    "coordinated_ids",
    "is_applicant",
    "is_home_coordinator",
    "is_receiving_side",
    "is_secretariat",
    "learning_agreement_side",
    "may_move_mobility",
]


def coordinated_ids(user: AnyUser) -> set[int]:
    """Ids of the organisations the user is an admin of (cached on the user for the request)."""
    if not user.is_authenticated:
        return set()
    cached = user.__dict__.get("_talent_admin_ids")
    if cached is None:
        cached = set(
            user.people.order_by()
            .filter(role=PersonRole.ADMIN)
            .values_list("organisation_id", flat=True)
        )
        user.__dict__["_talent_admin_ids"] = cached
    return cached


def can_offer_internship(user: AnyUser, host: Organisation) -> bool:
    return host.kind in HOST_KINDS and host.pk in coordinated_ids(user)


def can_edit_internship(user: AnyUser, internship: Internship) -> bool:
    return internship.host_id in coordinated_ids(user)


def can_open_call(user: AnyUser, institution: Organisation) -> bool:
    return institution.kind == OrganisationKind.ACADEMIC and institution.pk in coordinated_ids(user)


def can_manage_call(user: AnyUser, call: Call) -> bool:
    return call.home_institution_id in coordinated_ids(user)


def is_applicant(user: AnyUser, application: Application) -> bool:
    profile = application.applicant
    return bool(user.is_authenticated and profile is not None and profile.user_id == user.pk)


def is_home_coordinator(user: AnyUser, application: Application) -> bool:
    return application.call.home_institution_id in coordinated_ids(user)


def _nomination(application: Application) -> Nomination | None:
    try:
        return application.nomination
    except Nomination.DoesNotExist:
        return None


def is_receiving_side(user: AnyUser, application: Application) -> bool:
    nomination = _nomination(application)
    return nomination is not None and nomination.place.host_id in coordinated_ids(user)


def can_view_application(user: AnyUser, application: Application) -> bool:
    """The application, its documents, ranks and reasons: personal data."""
    return (
        is_applicant(user, application)
        or is_home_coordinator(user, application)
        or is_receiving_side(user, application)
    )


def can_decide_nomination(user: AnyUser, nomination: Nomination) -> bool:
    return nomination.place.host_id in coordinated_ids(user)


def can_view_mobility(user: AnyUser, mobility: Mobility) -> bool:
    return can_view_application(user, mobility.nomination.application)


def may_move_mobility(user: AnyUser, mobility: Mobility, to_status: str) -> bool:
    """Either side's coordinators start and complete a mobility; the person may also cancel."""
    application = mobility.nomination.application
    coordinator = is_home_coordinator(user, application) or is_receiving_side(user, application)
    if to_status == "cancelled":
        return coordinator or is_applicant(user, application)
    return coordinator


def learning_agreement_side(user: AnyUser, agreement: LearningAgreement) -> list[str]:
    """The sides the user approves for: "student", "home", "host" (someone may be several)."""
    application = agreement.mobility.nomination.application
    sides = []
    if is_applicant(user, application):
        sides.append("student")
    if is_home_coordinator(user, application):
        sides.append("home")
    if is_receiving_side(user, application):
        sides.append("host")
    return sides


def can_edit_learning_plan(user: AnyUser, agreement: LearningAgreement) -> bool:
    """The student drafts the plan with either side's coordinators; any of them may edit it."""
    return bool(learning_agreement_side(user, agreement))
