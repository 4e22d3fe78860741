"""JSON shapes of the exchanges API. Applications carry personal data and are only ever built
for readers the selectors let through (the applicant and the coordinators of both sides)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from silkbridge.talent.exchanges.models import (
    MOTIVATION_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Application,
    Internship,
)


class InternshipIn(Schema):
    host_id: int
    title: str = Field(max_length=TITLE_MAX_LENGTH)
    description: str = Field("", max_length=TEXT_MAX_LENGTH)
    subject_area: str = Field(description="ISCED-F 2013 code, e.g. 0613.")
    skills: list[str] = Field(default_factory=list, description="Technology slugs.")
    starts_on: date
    ends_on: date
    places: int
    stipend_amount: Decimal | None = None
    stipend_currency: str = ""
    language: str
    language_level: str = "B2"
    work_mode: str = Field("on_site", description="on_site, remote or hybrid.")


class InternshipOut(Schema):
    id: int
    host_id: int
    host: str
    host_country: str
    title: str
    description: str
    subject_area: str
    skills: list[str]
    starts_on: date
    ends_on: date
    places: int
    stipend_amount: Decimal | None
    stipend_currency: str
    language: str
    language_level: str
    work_mode: str
    for_country: str
    status: str

    @staticmethod
    def resolve_host(obj: Internship) -> str:
        return obj.host.name

    @staticmethod
    def resolve_host_country(obj: Internship) -> str:
        return str(obj.host.country)

    @staticmethod
    def resolve_for_country(obj: Internship) -> str:
        return str(obj.for_country)

    @staticmethod
    def resolve_skills(obj: Internship) -> list[str]:
        return [term.slug for term in obj.skills.all()]


class PlaceOut(Schema):
    id: int
    label: str
    host_id: int
    capacity: int
    condition_id: int | None
    internship_id: int | None
    mobility_type: str
    subject_area: str
    study_level: int | None


class CallOut(Schema):
    id: int
    home_institution_id: int
    title: str
    academic_year: int
    deadline: datetime
    eligibility: str
    requires_cv: bool
    requires_transcript: bool
    status: str


class CallDetailOut(CallOut):
    places: list[PlaceOut]

    @staticmethod
    def resolve_places(obj) -> list:
        return list(obj.places.order_by("pk"))


class RankingIn(Schema):
    application_ids: list[int] = Field(description="Every submitted application, best first.")


class AllocationOut(Schema):
    nominated: int
    unplaced: int


class RefusalOut(Schema):
    place: int
    label: str
    reason: str = Field(description="full or not_ranked.")
    capacity: int
    rank: int | None
    lowest: int | None


class ApplicationOut(Schema):
    id: int
    call_id: int
    applicant_user_id: int | None
    motivation: str
    status: str
    choices: list[int] = Field(description="Place ids, best first.")
    documents: list[str] = Field(description="Kinds of the documents attached.")
    home_rank: int | None
    place_id: int | None
    choice_number: int | None
    refusals: list[RefusalOut]
    submitted_at: datetime

    @staticmethod
    def resolve_applicant_user_id(obj: Application) -> int | None:
        return obj.applicant.user_id if obj.applicant else None

    @staticmethod
    def resolve_choices(obj: Application) -> list[int]:
        return [c.place_id for c in obj.choices.order_by("position")]

    @staticmethod
    def resolve_documents(obj: Application) -> list[str]:
        return [d.kind for d in obj.documents.all()]


class ApplicationIn(Schema):
    motivation: str = Field(max_length=MOTIVATION_MAX_LENGTH)
    choices: str = Field(description="Place ids, best first, separated by commas: 12,7,9.")


class DecisionIn(Schema):
    accept: bool
    planned_start: date | None = None
    planned_end: date | None = None


class NominationOut(Schema):
    id: int
    application_id: int
    place_id: int
    status: str
    decided_at: datetime | None


class ComponentIn(Schema):
    title: str
    code: str = ""
    credits: str = Field(description="ECTS credits, more than zero.")


class PlanIn(Schema):
    plan_kind: str = Field("courses", description="courses or traineeship.")
    components: list[ComponentIn]


class PlanApprovalIn(Schema):
    version: int = Field(description="The version of the plan you approve.")


class ComponentOut(Schema):
    title: str
    code: str
    credits: Decimal


class LearningAgreementOut(Schema):
    plan_kind: str
    version: int
    components: list[ComponentOut]
    student_approved_at: datetime | None
    home_approved_at: datetime | None
    host_approved_at: datetime | None
    approved: bool


class MobilityOut(Schema):
    id: int
    status: str
    sending_country: str
    receiving_country: str
    mobility_type: str
    subject_area: str
    study_level: int | None
    planned_start: date
    planned_end: date
    started_on: date | None
    ended_on: date | None
    learning_agreement: LearningAgreementOut

    @staticmethod
    def resolve_sending_country(obj) -> str:
        return str(obj.sending_country)

    @staticmethod
    def resolve_receiving_country(obj) -> str:
        return str(obj.receiving_country)

    @staticmethod
    def resolve_learning_agreement(obj) -> dict:
        agreement = obj.learning_agreement
        return {
            "plan_kind": agreement.plan_kind,
            "version": agreement.version,
            "components": list(agreement.components.all()),
            "student_approved_at": agreement.student_approved_at,
            "home_approved_at": agreement.home_approved_at,
            "host_approved_at": agreement.host_approved_at,
            "approved": agreement.approved,
        }


class MobilityMoveIn(Schema):
    status: str = Field(description="started, completed or cancelled.")
    on: date | None = None
