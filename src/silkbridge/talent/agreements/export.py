"""An agreement in the field names of the Erasmus Without Paper IIA data model (iias get-response),
so a partner's EWP-connected system, or a coordinator's own tools, can read it without a mapping.

What this platform has no value for (organisational units, signing contacts' phone numbers) is
left out rather than invented. Institutions are identified by their web domain, as EWP's hei-id
(a SCHAC code) is; one without a website by its directory address under this platform.
"""

from __future__ import annotations

from typing import Any

from silkbridge.directory.models import Organisation
from silkbridge.talent.agreements.models import (
    Agreement,
    AgreementStatus,
    CooperationCondition,
    MobilityType,
)
from silkbridge.talent.agreements.selectors import approval_state

SPEC_NAMES = {
    MobilityType.STUDENT_STUDY: "student-studies-mobility-spec",
    MobilityType.STUDENT_TRAINEESHIP: "student-traineeship-mobility-spec",
    MobilityType.STAFF_TEACHING: "staff-teacher-mobility-spec",
    MobilityType.STAFF_TRAINING: "staff-training-mobility-spec",
}
STUDENT_TYPES = frozenset({MobilityType.STUDENT_STUDY, MobilityType.STUDENT_TRAINEESHIP})


def hei_id(organisation: Organisation) -> str:
    return organisation.website_domain or f"{organisation.slug}.silkbridge.invalid"


def _partner(agreement: Agreement, state) -> dict[str, Any]:
    institution = state.institution
    partner: dict[str, Any] = {
        "hei-id": hei_id(institution),
        "hei-name": institution.name,
        "iia-id": agreement.iia_id,
        "iia-code": f"{agreement.iia_id}/v{agreement.version_number}",
    }
    if state.approval is not None:
        partner["signing-date"] = state.approval.approved_at.date().isoformat()
        if state.approval.approved_by is not None:
            partner["signing-contact"] = {"person-name": str(state.approval.approved_by)}
    return partner


def _spec(agreement: Agreement, condition: CooperationCondition) -> dict[str, Any]:
    years = agreement.academic_years()
    contact = (
        [{"person-name": condition.contact_name, "email": condition.contact_email}]
        if condition.contact_name or condition.contact_email
        else []
    )
    spec: dict[str, Any] = {
        "sending-hei-id": hei_id(condition.sending_institution),
        "sending-contact": contact,
        "receiving-hei-id": hei_id(condition.receiving_institution),
        "receiving-academic-year-id": years,
        "receiving-first-academic-year-id": years[0],
        "receiving-last-academic-year-id": years[-1],
        "mobilities-per-year": condition.people_per_year,
        "subject-area": [{"isced-f-code": condition.isced_code}],
        "recommended-language-skill": [
            {
                "language": item["language"],
                "cefr-level": item["cefr"],
                "subject-area": {"isced-f-code": condition.isced_code},
            }
            for item in condition.language_requirements
        ],
    }
    spec["eqf-level"] = [condition.eqf_level]
    months = condition.total_months_per_year
    if months is not None and condition.mobility_type in STUDENT_TYPES:
        spec["total-months-per-year"] = float(months)
    elif months is not None:
        # Staff mobility is counted in days in EWP; a month is taken as 30 days.
        spec["total-days-per-year"] = float(months * 30)
    return spec


def ewp_iia(agreement: Agreement) -> dict[str, Any]:
    """The agreement (from selectors.get_agreement, so prefetched) as an EWP IIA object."""
    conditions: dict[str, list[dict[str, Any]]] = {name: [] for name in SPEC_NAMES.values()}
    for condition in agreement.conditions.all():
        conditions[SPEC_NAMES[condition.mobility_type]].append(_spec(agreement, condition))
    return {
        "iia-id": agreement.iia_id,
        "iia-code": agreement.title,
        "partner": [_partner(agreement, state) for state in approval_state(agreement)],
        "in-effect": agreement.status == AgreementStatus.APPROVED,
        "cooperation-conditions": {name: specs for name, specs in conditions.items() if specs},
        "conditions-version": agreement.version_number,
        "status": agreement.status,
    }
