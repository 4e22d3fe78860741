"""Reads with access checks: a missing object and one the reader may not see are the same 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404

from silkbridge.directory.permissions import AnyUser
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.models import (
    ApplicantProfile,
    Application,
    ApplicationDocument,
    Call,
    CallPlace,
    Internship,
    Mobility,
    Nomination,
    OfferStatus,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class InternshipFilters:
    q: str = ""
    subject_area: str = ""
    work_mode: str = ""
    country: str = ""
    include_closed: bool = False


def internships_for(user: AnyUser, filters: InternshipFilters = InternshipFilters()) -> QuerySet:
    """Open internships for everyone; a host's own closed ones for its admins."""
    qs = Internship.objects.select_related("host")
    mine = permissions.coordinated_ids(user)
    if filters.include_closed and mine:
        qs = qs.filter(Q(status=OfferStatus.OPEN) | Q(host_id__in=mine))
    else:
        qs = qs.filter(status=OfferStatus.OPEN)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(host__name__icontains=filters.q))
    if filters.subject_area:
        qs = qs.filter(subject_area=filters.subject_area)
    if filters.work_mode:
        qs = qs.filter(work_mode=filters.work_mode)
    if filters.country:
        qs = qs.filter(host__country=filters.country)
    return qs.order_by("-created_at", "-pk")


def get_internship(user: AnyUser, pk: int) -> Internship:
    internship = Internship.objects.select_related("host").filter(pk=pk).first()
    if internship is None or (
        internship.status != OfferStatus.OPEN
        and not permissions.can_edit_internship(user, internship)
    ):
        raise Http404
    return internship


def calls_for(user: AnyUser, *, q: str = "", status: str = "", country: str = "") -> QuerySet:
    """Calls are public: the places on offer, never who applied."""
    qs = Call.objects.select_related("home_institution")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(home_institution__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(home_institution__country=country)
    return qs.order_by("-deadline", "-pk")


def get_call(user: AnyUser, pk: int) -> Call:
    call = Call.objects.select_related("home_institution").filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def _applications() -> QuerySet:
    return Application.objects.select_related(
        "call__home_institution", "applicant__user", "applicant__home_institution", "place"
    )


def _reach(user: AnyUser) -> tuple[list[int], list[int], list[int]]:
    """Ids the reader's lists filter on: their own profiles, the calls of the institutions they
    coordinate, and the places those (and their companies) receive at. Lists filter on these
    columns of their own rows, so the database walks the newest-first index and stops at a page
    instead of joining every row first."""
    mine = permissions.coordinated_ids(user)
    profiles = list(ApplicantProfile.objects.filter(user=user).values_list("pk", flat=True))
    calls = list(Call.objects.filter(home_institution_id__in=mine).values_list("pk", flat=True))
    places = list(CallPlace.objects.filter(host_id__in=mine).values_list("pk", flat=True))
    return profiles, calls, places


def applications_for(user: AnyUser, *, call: Call | None = None, status: str = "") -> QuerySet:
    """The reader's own applications, and those of the calls they coordinate."""
    if not user.is_authenticated:
        return Application.objects.none()
    profiles, calls, _places = _reach(user)
    qs = _applications().filter(Q(applicant_id__in=profiles) | Q(call_id__in=calls))
    if call is not None:
        qs = qs.filter(call=call)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-pk")


def ranking_table(user: AnyUser, call: Call) -> QuerySet:
    """Every application of a call the user coordinates, ranked first, for the call's page."""
    if not permissions.can_manage_call(user, call):
        return Application.objects.none()
    return (
        Application.objects.filter(call=call)
        .exclude(status="withdrawn")
        .select_related("applicant__user", "place")
        .only(
            "pk",
            "status",
            "home_rank",
            "choice_number",
            "refusals",
            "submitted_at",
            "place__label",
            "applicant__user__full_name",
            "applicant__user__email",
        )
        .order_by(F("home_rank").asc(nulls_last=True), "submitted_at", "pk")
    )


def get_application(user: AnyUser, pk: int) -> Application:
    application = _applications().filter(pk=pk).first()
    if application is None or not permissions.can_view_application(user, application):
        raise Http404
    return application


def get_document(user: AnyUser, pk: int) -> ApplicationDocument:
    document = (
        ApplicationDocument.objects.select_related("application__call", "application__applicant")
        .filter(pk=pk)
        .first()
    )
    if document is None or not permissions.can_view_application(user, document.application):
        raise Http404
    return document


def nominations_for(user: AnyUser, *, status: str = "") -> QuerySet:
    """Nominations to the reader's organisations, to accept or reject."""
    if not user.is_authenticated:
        return Nomination.objects.none()
    _profiles, _calls, places = _reach(user)
    # The deeper rows are prefetched for the page's 20: joined into the list query, they made
    # SQLite read every nomination's chain before it could stop at a page (0.5 s at 30,000).
    qs = (
        Nomination.objects.select_related("application")
        .prefetch_related(
            "place",
            "application__call__home_institution",
            "application__applicant__user",
            "mobility",
        )
        .filter(place_id__in=places)
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def get_nomination(user: AnyUser, pk: int) -> Nomination:
    nomination = nominations_for(user).filter(pk=pk).first()
    if nomination is None:
        raise Http404
    return nomination


def mobilities_for(user: AnyUser, *, status: str = "") -> QuerySet:
    """Mobilities the reader is the person of, or a coordinator on either side of."""
    if not user.is_authenticated:
        return Mobility.objects.none()
    profiles, calls, places = _reach(user)
    # A nomination's place is always one of its application's call's places (allocation picks
    # among them), so "of my calls" is "at my calls' places": a filter on the nomination's own
    # column. Through the application it read every application of the calls just to count
    # (0.3 s at 100,000 on PostgreSQL).
    places += CallPlace.objects.filter(call_id__in=calls).values_list("pk", flat=True)
    qs = Mobility.objects.select_related(
        "nomination__place",
        "nomination__application__call__home_institution",
        "nomination__application__applicant__user",
    )
    # Only the conditions that can match: an empty one would still join the applications.
    reach = Q(nomination__place_id__in=places)
    if profiles:
        reach |= Q(nomination__application__applicant_id__in=profiles)
    qs = qs.filter(reach)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-planned_start", "-pk")


def get_mobility(user: AnyUser, pk: int) -> Mobility:
    mobility = (
        mobilities_for(user)
        .select_related("learning_agreement", "nomination__place__host")
        .filter(pk=pk)
        .first()
    )
    if mobility is None:
        raise Http404
    return mobility


def profiles_to_confirm(user: AnyUser) -> QuerySet:
    """Profiles naming an institution the reader coordinates, unconfirmed first."""
    mine = permissions.coordinated_ids(user)
    return (
        ApplicantProfile.objects.select_related("user", "home_institution")
        .filter(home_institution_id__in=mine)
        .order_by(F("confirmed_at").desc(nulls_first=True), "-created_at", "-pk")
    )
