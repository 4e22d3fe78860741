"""Exchanges over the API: the same selectors, services and permission checks as the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from silkbridge.api import ERROR_RESPONSES, PUBLIC, Page
from silkbridge.directory.models import Organisation, Term, Vocabulary
from silkbridge.talent.exchanges import outcomes, permissions, recommendations, selectors
from silkbridge.talent.exchanges.models import ApplicantProfile
from silkbridge.talent.exchanges.schemas import (
    AllocationOut,
    ApplicationIn,
    ApplicationOut,
    CallDetailOut,
    CallOut,
    DecisionIn,
    InternshipIn,
    InternshipOut,
    MobilityMoveIn,
    MobilityOut,
    NominationOut,
    PlanApprovalIn,
    PlanIn,
    RankingIn,
)
from silkbridge.talent.exchanges.services import (
    allocation,
    applications,
    internships,
    mobilities,
    nominations,
)

exchanges_router = Router(tags=["talent exchanges"])
# A multipart file the call may not require.
OPTIONAL_FILE = File(None)


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _created(schema: Any) -> dict[int, Any]:
    return {201: schema, **ERROR_RESPONSES}


class InternshipQuery(Schema):
    q: str = ""
    subject_area: str = ""
    work_mode: str = ""
    country: str = ""


# -- internships -----------------------------------------------------------------------------


@exchanges_router.get(
    "/internships", response=_ok(list[InternshipOut]), auth=PUBLIC, summary="List internships"
)
@paginate(Page)
def list_internships(request: HttpRequest, filters: Query[InternshipQuery]) -> Any:
    """Open internships, newest first."""
    return selectors.internships_for(
        request.user, selectors.InternshipFilters(**filters.dict())
    ).prefetch_related("skills")


@exchanges_router.get(
    "/internships/{internship_id}",
    response=_ok(InternshipOut),
    auth=PUBLIC,
    summary="An internship",
)
def get_internship(request: HttpRequest, internship_id: int) -> Any:
    return selectors.get_internship(request.user, internship_id)


@exchanges_router.post(
    "/internships", response=_created(InternshipOut), summary="Offer an internship"
)
def create_internship(request: HttpRequest, payload: InternshipIn) -> Any:
    """An admin of a company, authority or institution offers an internship to students of the
    other country; skills are directory technology slugs."""
    data = payload.dict()
    host = Organisation.objects.active().filter(pk=data.pop("host_id")).first()
    if host is None:
        raise ValidationError({"host_id": _("No such organisation.")})
    slugs = data.pop("skills")
    terms = list(Term.objects.filter(vocabulary=Vocabulary.TECHNOLOGY, slug__in=slugs))
    if len(terms) != len(set(slugs)):
        raise ValidationError({"skills": _("Skills come from the directory's technologies.")})
    internship = internships.create_internship(
        actor=request.user, host=host, data={**data, "skills": terms}
    )
    return Status(201, internship)


# -- calls, ranking and allocation -----------------------------------------------------------


@exchanges_router.get("/calls", response=_ok(list[CallOut]), auth=PUBLIC, summary="List calls")
@paginate(Page)
def list_calls(request: HttpRequest) -> Any:
    return selectors.calls_for(request.user)


@exchanges_router.get(
    "/calls/{call_id}", response=_ok(CallDetailOut), auth=PUBLIC, summary="A call and its places"
)
def get_call(request: HttpRequest, call_id: int) -> Any:
    return selectors.get_call(request.user, call_id)


@exchanges_router.post(
    "/calls/{call_id}/applications",
    response=_created(ApplicationOut),
    summary="Apply to a call",
)
def apply(
    request: HttpRequest,
    call_id: int,
    payload: Form[ApplicationIn],
    cv: UploadedFile | None = OPTIONAL_FILE,
    transcript: UploadedFile | None = OPTIONAL_FILE,
) -> Any:
    """multipart/form-data: `motivation`, `choices` (place ids, best first, at most five) and the
    PDFs the call requires (`cv`, `transcript`)."""
    call = selectors.get_call(request.user, call_id)
    profile = ApplicantProfile.objects.filter(
        user=request.user, home_institution=call.home_institution
    ).first()
    choices = [part.strip() for part in payload.choices.split(",") if part.strip()]
    application = applications.submit_application(
        actor=request.user,
        call=call,
        profile=profile,
        motivation=payload.motivation,
        choices=choices,
        documents={"cv": cv, "transcript": transcript},
    )
    return Status(201, application)


@exchanges_router.put(
    "/calls/{call_id}/ranking",
    response=_ok(list[ApplicationOut]),
    summary="Rank the applicants",
)
def rank(request: HttpRequest, call_id: int, payload: RankingIn) -> Any:
    """The home coordinator's ranking after the deadline: every submitted application once."""
    call = selectors.get_call(request.user, call_id)
    return allocation.rank_applicants(
        actor=request.user, call=call, application_ids=payload.application_ids
    )


@exchanges_router.post(
    "/calls/{call_id}/allocation", response=_ok(AllocationOut), summary="Allocate the places"
)
def allocate(request: HttpRequest, call_id: int) -> Any:
    """Once, after the deadline, with every applicant ranked; the allocated are nominated."""
    call = selectors.get_call(request.user, call_id)
    return allocation.allocate_call(actor=request.user, call=call)


# -- applications, nominations, mobilities ---------------------------------------------------


@exchanges_router.get(
    "/applications", response=_ok(list[ApplicationOut]), summary="Your applications"
)
@paginate(Page)
def list_applications(request: HttpRequest, status: str = "") -> Any:
    """Your own, and those to the calls of institutions you coordinate."""
    return selectors.applications_for(request.user, status=status).prefetch_related(
        "choices", "documents"
    )


@exchanges_router.get(
    "/applications/{application_id}", response=_ok(ApplicationOut), summary="An application"
)
def get_application(request: HttpRequest, application_id: int) -> Any:
    return selectors.get_application(request.user, application_id)


@exchanges_router.get(
    "/nominations", response=_ok(list[NominationOut]), summary="Nominations to you"
)
@paginate(Page)
def list_nominations(request: HttpRequest, status: str = "") -> Any:
    return selectors.nominations_for(request.user, status=status)


@exchanges_router.post(
    "/nominations/{nomination_id}/decision",
    response=_ok(NominationOut),
    summary="Accept or reject a nomination",
)
def decide(request: HttpRequest, nomination_id: int, payload: DecisionIn) -> Any:
    nomination = selectors.get_nomination(request.user, nomination_id)
    return nominations.decide_nomination(
        actor=request.user,
        nomination=nomination,
        accept=payload.accept,
        planned_start=payload.planned_start,
        planned_end=payload.planned_end,
    )


@exchanges_router.get("/mobilities", response=_ok(list[MobilityOut]), summary="Your mobilities")
@paginate(Page)
def list_mobilities(request: HttpRequest, status: str = "") -> Any:
    return selectors.mobilities_for(request.user, status=status).select_related(
        "learning_agreement"
    )


@exchanges_router.get("/mobilities/{mobility_id}", response=_ok(MobilityOut), summary="A mobility")
def get_mobility(request: HttpRequest, mobility_id: int) -> Any:
    return selectors.get_mobility(request.user, mobility_id)


@exchanges_router.put(
    "/mobilities/{mobility_id}/learning-agreement",
    response=_ok(MobilityOut),
    summary="Replace the learning plan",
)
def set_plan(request: HttpRequest, mobility_id: int, payload: PlanIn) -> Any:
    """Every approval is cleared and the version moves on."""
    mobility = selectors.get_mobility(request.user, mobility_id)
    mobilities.set_learning_plan(
        actor=request.user,
        agreement=mobility.learning_agreement,
        plan_kind=payload.plan_kind,
        components=[c.dict() for c in payload.components],
    )
    return selectors.get_mobility(request.user, mobility_id)


@exchanges_router.post(
    "/mobilities/{mobility_id}/learning-agreement/approval",
    response=_ok(MobilityOut),
    summary="Approve the learning plan",
)
def approve_plan(request: HttpRequest, mobility_id: int, payload: PlanApprovalIn) -> Any:
    mobility = selectors.get_mobility(request.user, mobility_id)
    mobilities.approve_learning_agreement(
        actor=request.user, agreement=mobility.learning_agreement, version=payload.version
    )
    return selectors.get_mobility(request.user, mobility_id)


@exchanges_router.post(
    "/mobilities/{mobility_id}/moves", response=_ok(MobilityOut), summary="Move a mobility on"
)
def move(request: HttpRequest, mobility_id: int, payload: MobilityMoveIn) -> Any:
    mobility = selectors.get_mobility(request.user, mobility_id)
    mobilities.move_mobility(
        actor=request.user, mobility=mobility, to_status=payload.status, on=payload.on
    )
    return selectors.get_mobility(request.user, mobility_id)


@exchanges_router.get(
    "/outcomes", response=_ok(dict[str, Any]), auth=PUBLIC, summary="Exchange figures"
)
def figures(request: HttpRequest) -> Any:
    """Completed mobilities by direction, type, subject area and level; internships completed;
    places offered and used. Aggregates only."""
    return outcomes.talent_outcomes()


# -- suggestions -----------------------------------------------------------------------------


class TalentSuggestionOut(Schema):
    """A suggested internship, partner institution or student, with its reasons in words."""

    id: int
    name: str
    score: int
    reasons: list[str]


def _suggestions(found: list[recommendations.Recommendation], name: Any) -> list[dict]:
    return [
        {"id": r.target.pk, "name": name(r.target), "score": r.score, "reasons": list(r.reasons)}
        for r in found
    ]


@exchanges_router.get(
    "/suggestions/internships",
    response=_ok(list[TalentSuggestionOut]),
    summary="Internships that fit you",
)
def suggested_internships(request: HttpRequest) -> Any:
    """Open internships in the other country that fit the caller's confirmed applicant
    profile, best first; empty without one."""
    found = recommendations.internships_for_applicant(request.user)
    return _suggestions(found, lambda internship: internship.title)


@exchanges_router.get(
    "/suggestions/partners/{institution_id}",
    response=_ok(list[TalentSuggestionOut]),
    summary="Partner institutions to propose an agreement to",
)
def suggested_partners(request: HttpRequest, institution_id: int) -> Any:
    """Institutions of the other country for one the caller coordinates (`404` otherwise)."""
    institution = Organisation.objects.active().filter(pk=institution_id).first()
    if institution is None or institution.pk not in permissions.coordinated_ids(request.user):
        raise Http404
    found = recommendations.partners_for_institution(request.user, institution)
    return _suggestions(found, lambda organisation: organisation.name)


@exchanges_router.get(
    "/internships/{internship_id}/suggested-students",
    response=_ok(list[TalentSuggestionOut]),
    summary="Your students who fit an internship",
)
def suggested_students(request: HttpRequest, internship_id: int) -> Any:
    """Confirmed students of the caller's own institutions who fit the internship; nobody
    else learns of them (empty for a host or an outsider)."""
    internship = selectors.get_internship(request.user, internship_id)
    found = recommendations.applicants_for_internship(request.user, internship)
    return _suggestions(found, lambda profile: profile.user.get_full_name() or profile.user.email)
