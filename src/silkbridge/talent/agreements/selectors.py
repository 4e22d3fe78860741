"""Reading agreements, always through what the user may see (talent_agreements.permissions)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from silkbridge.directory.models import Organisation
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.talent.agreements import permissions
from silkbridge.talent.agreements.models import (
    Agreement,
    AgreementApproval,
    AgreementVersion,
    CooperationCondition,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class Filters:
    status: str = ""
    country: str = ""
    mobility_type: str = ""
    isced_code: str = ""
    q: str = ""
    mine: bool = False


def visible_agreements(user: AnyUser) -> QuerySet[Agreement]:
    """All agreements for the secretariat and observers, their institutions' ones for
    coordinators, none for anyone else."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    if is_secretariat(user) or permissions.is_observer(user):
        return Agreement.objects.all()
    mine = permissions.coordinated_institution_ids(user)
    if not mine:
        return Agreement.objects.none()
    ours = Agreement.institutions.through.objects.filter(
        agreement_id=OuterRef("pk"), organisation_id__in=mine
    )
    return Agreement.objects.filter(Exists(ours))


def with_list_relations(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return qs.prefetch_related(
        Prefetch("institutions", queryset=Organisation.objects.order_by("country", "name")),
    )


def filter_agreements(
    qs: QuerySet[Agreement], filters: Filters, user: AnyUser
) -> QuerySet[Agreement]:
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.country:
        qs = qs.filter(
            Exists(
                Agreement.institutions.through.objects.filter(
                    agreement_id=OuterRef("pk"), organisation__country=filters.country
                )
            )
        )
    if filters.mobility_type or filters.isced_code:
        conditions = CooperationCondition.objects.filter(agreement_id=OuterRef("pk"))
        if filters.mobility_type:
            conditions = conditions.filter(mobility_type=filters.mobility_type)
        if filters.isced_code:
            conditions = conditions.filter(isced_code=filters.isced_code)
        qs = qs.filter(Exists(conditions))
    if filters.q:
        named = Agreement.institutions.through.objects.filter(
            agreement_id=OuterRef("pk"), organisation__name__icontains=filters.q
        )
        qs = qs.filter(Q(title__icontains=filters.q) | Exists(named))
    if filters.mine:
        mine = permissions.coordinated_institution_ids(user)
        qs = qs.filter(
            Exists(
                Agreement.institutions.through.objects.filter(
                    agreement_id=OuterRef("pk"), organisation_id__in=mine
                )
            )
        )
    return qs


def agreements_for(user: AnyUser, filters: Filters | None = None) -> QuerySet[Agreement]:
    """What the list page and the API list show, most recently changed first."""
    qs = filter_agreements(visible_agreements(user), filters or Filters(), user)
    return with_list_relations(qs).order_by("-updated_at", "-id")


def get_agreement(user: AnyUser, pk: int) -> Agreement:
    """The agreement with its terms and history; 404 alike for missing and not yours."""
    agreement = (
        visible_agreements(user)
        .prefetch_related(
            Prefetch("institutions", queryset=Organisation.objects.order_by("country", "name")),
            Prefetch(
                "conditions",
                queryset=CooperationCondition.objects.select_related(
                    "sending_institution", "receiving_institution"
                ).order_by("position", "id"),
            ),
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.select_related("created_by")
                .prefetch_related(
                    Prefetch(
                        "approvals",
                        queryset=AgreementApproval.objects.select_related(
                            "organisation", "approved_by"
                        ),
                    )
                )
                .order_by("-number"),
            ),
            "ventures",
        )
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def agreements_of_organisation(user: AnyUser, organisation: Organisation) -> QuerySet[Agreement]:
    """The organisation's agreements that this reader may see (its directory page)."""
    return (
        with_list_relations(visible_agreements(user).filter(institutions=organisation))
        .order_by("-academic_year_end", "-id")
        .distinct()
    )


@dataclass(frozen=True)
class PartyApproval:
    institution: Organisation
    approval: AgreementApproval | None


def approval_state(agreement: Agreement) -> list[PartyApproval]:
    """For each institution, its approval of the current version (None while it has none)."""
    current = current_version(agreement)
    approvals = {a.organisation_id: a for a in current.approvals.all()} if current else {}
    return [
        PartyApproval(institution, approvals.get(institution.pk))
        for institution in agreement.institutions.all()
    ]


def current_version(agreement: Agreement) -> AgreementVersion | None:
    for version in agreement.versions.all():
        if version.number == agreement.version_number:
            return version
    return None


def agreements_of_venture(user: AnyUser, venture) -> QuerySet[Agreement]:
    """The agreements linked to a venture (an academic alliance) that this reader may see."""
    return (
        with_list_relations(visible_agreements(user).filter(ventures=venture))
        .order_by("-academic_year_end", "-id")
        .distinct()
    )
