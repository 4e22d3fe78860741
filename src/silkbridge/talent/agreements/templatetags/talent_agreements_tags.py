"""Agreements on other pages (an institution's directory page) and labels of the terms."""

from django import template

from silkbridge.talent.agreements import isced, languages, selectors
from silkbridge.talent.agreements.models import AgreementStatus, MobilityType
from silkbridge.talent.agreements.permissions import coordinated_institution_ids

register = template.Library()

SHOWN_ON_ORGANISATION_PAGE = 10


@register.inclusion_tag("talent_agreements/_organisation_agreements.html", takes_context=True)
def organisation_agreements(context, organisation) -> dict:
    """The institution's agreements that the reader may see; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    agreements = (
        list(selectors.agreements_of_organisation(user, organisation)[:SHOWN_ON_ORGANISATION_PAGE])
        if user is not None and organisation.kind == "academic"
        else []
    )
    coordinates = user is not None and organisation.pk in coordinated_institution_ids(user)
    return {"organisation": organisation, "agreements": agreements, "can_propose": coordinates}


@register.inclusion_tag("talent_agreements/_status.html")
def agreement_status(status: str) -> dict:
    return {"status": status, "label": AgreementStatus(status).label}


@register.filter
def isced_label(code: str) -> str:
    return isced.isced_label(code)


@register.filter
def language_label(code: str) -> str:
    return languages.language_label(code)


@register.filter
def mobility_label(value: str) -> str:
    try:
        return str(MobilityType(value).label)
    except ValueError:
        return value


@register.inclusion_tag("talent_agreements/_venture_agreements.html", takes_context=True)
def venture_agreements(context, venture) -> dict:
    """The agreements an academic alliance's places are agreed in, as the reader may see them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    agreements = list(selectors.agreements_of_venture(user, venture)) if user is not None else []
    return {"agreements": agreements}


@register.filter
def other_than(institutions, organisation) -> list:
    """The agreement's institutions without the one whose page this is."""
    return [institution for institution in institutions if institution.pk != organisation.pk]
