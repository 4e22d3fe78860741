"""Agreements on other pages (an institution's directory page) and labels of the terms."""

from django import template

from silkbridge.talent.agreements import isced, languages, selectors
from silkbridge.talent.agreements.models import AgreementStatus, MobilityType

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
    return {"organisation": organisation, "agreements": agreements}


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
