"""Suggestion panels that pages include: each asks the recommendations service for the reader."""

from __future__ import annotations

from django import template

from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.talent.exchanges import permissions, recommendations
from silkbridge.talent.exchanges.models import Internship

register = template.Library()

# Panels for at most this many coordinated institutions, so a page stays short.
MAX_INSTITUTIONS = 3


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("talent_exchanges/_suggested_internships.html", takes_context=True)
def internship_suggestions(context) -> dict:
    user = _user(context)
    return {"suggestions": recommendations.internships_for_applicant(user) if user else []}


@register.inclusion_tag("talent_exchanges/_suggested_applicants.html", takes_context=True)
def applicant_suggestions(context, internship: Internship) -> dict:
    user = _user(context)
    found = recommendations.applicants_for_internship(user, internship) if user else []
    return {"suggestions": found}


@register.inclusion_tag("talent_exchanges/_suggested_partners.html", takes_context=True)
def partner_suggestions(context) -> dict:
    user = _user(context)
    if user is None:
        return {"panels": []}
    institutions = list(
        Organisation.objects.filter(
            pk__in=permissions.coordinated_ids(user), kind=OrganisationKind.ACADEMIC
        ).order_by("name", "pk")[:MAX_INSTITUTIONS]
    )
    found = recommendations.partners_for_institutions(user, institutions)
    return {"panels": [(inst, found[inst.pk]) for inst in institutions if found.get(inst.pk)]}
