"""JSON shapes of the agreements API; what a reader sees follows talent_agreements.permissions,
as on the pages."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from silkbridge.directory.models import Organisation
from silkbridge.talent.agreements.models import (
    TITLE_MAX_LENGTH,
    Agreement,
    AgreementApproval,
    AgreementVersion,
    CooperationCondition,
)
from silkbridge.talent.agreements.selectors import approval_state


def _absolute(context: dict[str, Any] | None, path: str) -> str:
    request: HttpRequest | None = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


class InstitutionOut(Schema):
    id: int
    name: str
    slug: str
    country: str

    @staticmethod
    def resolve_country(obj: Organisation) -> str:
        return str(obj.country)


class LanguageRequirement(Schema):
    language: str = Field(description="A language code: en, ru, kk, ur, zh, …")
    cefr: str = Field(description="A1, A2, B1, B2, C1 or C2.")


class ConditionIn(Schema):
    sending_institution_id: int
    receiving_institution_id: int
    mobility_type: str = Field(
        description="student_study, student_traineeship, staff_teaching or staff_training."
    )
    isced_code: str = Field(description="An ISCED-F 2013 code, e.g. 0613.")
    eqf_level: int = Field(description="5 to 8.")
    people_per_year: int = Field(description="At least 1.")
    total_months_per_year: Decimal | None = None
    language_requirements: list[LanguageRequirement] = []
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)


class ConditionOut(Schema):
    id: int
    sending_institution: InstitutionOut
    receiving_institution: InstitutionOut
    mobility_type: str
    isced_code: str
    eqf_level: int
    people_per_year: int
    total_months_per_year: Decimal | None
    language_requirements: list[LanguageRequirement]
    contact_name: str
    contact_email: str

    @staticmethod
    def resolve_language_requirements(obj: CooperationCondition) -> list:
        return list(obj.language_requirements)


class AgreementFields(Schema):
    title: str = Field(..., max_length=TITLE_MAX_LENGTH)
    academic_year_start: int = Field(description="2026 means the academic year 2026/2027.")
    academic_year_end: int
    institution_ids: list[int] = Field(description="Two or more academic institutions.")
    venture_ids: list[int] = Field([], description="Academic alliances it belongs to.")


class AgreementIn(AgreementFields):
    conditions: list[ConditionIn] = Field(
        [], description="Cooperation conditions written with the agreement."
    )


class ApprovalIn(Schema):
    institution_id: int = Field(description="The institution you approve for.")
    version: int = Field(description="The version you read; 409 if the terms changed since.")


class TerminateIn(Schema):
    reason: str = Field(..., max_length=500)


class ApprovalOut(Schema):
    institution_id: int
    approved_by: str | None
    approved_at: datetime

    @staticmethod
    def resolve_institution_id(obj: AgreementApproval) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_approved_by(obj: AgreementApproval) -> str | None:
        return str(obj.approved_by) if obj.approved_by else None


class VersionOut(Schema):
    number: int
    created_at: datetime
    change_note: str
    terms: dict[str, Any]
    approvals: list[ApprovalOut]

    @staticmethod
    def resolve_approvals(obj: AgreementVersion) -> list:
        return list(obj.approvals.all())


class AgreementOut(Schema):
    id: int
    title: str
    status: str
    version_number: int
    academic_year_start: int
    academic_year_end: int
    institutions: list[InstitutionOut]
    url: str = Field(description="The agreement's page.")

    @staticmethod
    def resolve_institutions(obj: Agreement) -> list:
        return list(obj.institutions.all())

    @staticmethod
    def resolve_url(obj: Agreement, context: dict[str, Any]) -> str:
        return _absolute(context, obj.get_absolute_url())


class AgreementDetailOut(AgreementOut):
    conditions: list[ConditionOut]
    approved_by_institutions: list[int] = Field(
        description="Institutions that approved the current version."
    )
    versions: list[VersionOut]
    venture_ids: list[int]
    approved_at: datetime | None
    terminated_at: datetime | None
    termination_reason: str

    @staticmethod
    def resolve_conditions(obj: Agreement) -> list:
        return list(obj.conditions.all())

    @staticmethod
    def resolve_approved_by_institutions(obj: Agreement) -> list[int]:
        return [s.institution.pk for s in approval_state(obj) if s.approval is not None]

    @staticmethod
    def resolve_versions(obj: Agreement) -> list:
        return list(obj.versions.all())

    @staticmethod
    def resolve_venture_ids(obj: Agreement) -> list[int]:
        return [venture.pk for venture in obj.ventures.all()]


class AgreementFilters(Schema):
    status: str = ""
    country: str = ""
    mobility_type: str = ""
    isced_code: str = ""
    q: str = ""
    mine: bool = Field(False, description="Only your institutions' agreements.")
