"""Pieces of opportunity pages used elsewhere (the directory profile)."""

from django import template

from silkbridge.opportunities import permissions, selectors

register = template.Library()


@register.inclusion_tag("opportunities/_organisation_opportunities.html", takes_context=True)
def organisation_opportunities(context, organisation) -> dict:
    """The organisation's published opportunities, as the viewer may see them."""
    request = context.get("request")
    user = request.user if request else None
    return {
        "organisation": organisation,
        "opportunities": selectors.published_by(user, organisation) if user else [],
    }


@register.inclusion_tag("opportunities/_status.html")
def opportunity_status(opportunity) -> dict:
    return {"opportunity": opportunity}


@register.inclusion_tag("opportunities/_owner.html", takes_context=True)
def opportunity_owner(context, opportunity) -> dict:
    """The posting organisation, or "An organisation in <country>" when hidden from the reader."""
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = not opportunity.is_anonymous or (
        user is not None and permissions.show_owner(user, opportunity)
    )
    return {"opportunity": opportunity, "visible": visible}


@register.filter
def labels(opportunity, field: str) -> str:
    """The display labels of one of the list fields (partner_kinds, partnership_types,
    languages), comma-separated; "" when empty."""
    from silkbridge.directory.models import LANGUAGE_CHOICES, OrganisationKind
    from silkbridge.opportunities.models import PartnershipType

    choices = {
        "partner_kinds": dict(OrganisationKind.choices),
        "partnership_types": dict(PartnershipType.choices),
        "languages": dict(LANGUAGE_CHOICES),
    }[field]
    return ", ".join(str(choices.get(value, value)) for value in getattr(opportunity, field))
