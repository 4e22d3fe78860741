"""The terms of an agreement as plain data: what a version freezes, what the pages compare."""

from __future__ import annotations

from typing import Any

from silkbridge.talent.agreements.models import Agreement, CooperationCondition


def _institution(organisation) -> dict[str, Any]:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "country": str(organisation.country),
    }


def condition_terms(condition: CooperationCondition) -> dict[str, Any]:
    months = condition.total_months_per_year
    return {
        "sending_institution": _institution(condition.sending_institution),
        "receiving_institution": _institution(condition.receiving_institution),
        "mobility_type": condition.mobility_type,
        "isced_code": condition.isced_code,
        "eqf_level": condition.eqf_level,
        "people_per_year": condition.people_per_year,
        "total_months_per_year": None if months is None else str(months),
        "language_requirements": list(condition.language_requirements),
        "contact_name": condition.contact_name,
        "contact_email": condition.contact_email,
    }


def agreement_terms(agreement: Agreement) -> dict[str, Any]:
    """Everything the parties approve, with names as they read at the time."""
    conditions = agreement.conditions.select_related(
        "sending_institution", "receiving_institution"
    ).order_by("position", "id")
    return {
        "title": agreement.title,
        "academic_year_start": agreement.academic_year_start,
        "academic_year_end": agreement.academic_year_end,
        "institutions": [
            _institution(institution) for institution in agreement.institutions.order_by("pk")
        ],
        "conditions": [condition_terms(condition) for condition in conditions],
    }
