"""`{% recommended_partners organisation %}` and `{% candidates_panel opportunity %}`: matching
panels on the organisation and opportunity pages, shown only to those who may see them."""

from __future__ import annotations

from django import template

from silkbridge.matching import permissions, selectors, services
from silkbridge.matching.forms import DismissForm

register = template.Library()

PANEL_K = 5


def _user(context):
    request = context.get("request")
    return context.get("user") or getattr(request, "user", None), request


@register.inclusion_tag("matching/_partners_panel.html", takes_context=True)
def recommended_partners(context, organisation) -> dict:
    user, request = _user(context)
    panel = {"show": False, "organisation": organisation, "request": request}
    if user is None or not permissions.can_view_recommendations(user, organisation):
        return panel
    panel.update(show=True, can_act=permissions.can_act_for(user, organisation))
    try:
        panel["suggestions"] = selectors.recommended_partners(user, organisation, PANEL_K)
    except services.IndexUnavailable:
        panel["unavailable"] = True
    panel["dismiss_form"] = DismissForm()
    return panel


@register.inclusion_tag("matching/_candidates_panel.html", takes_context=True)
def candidates_panel(context, opportunity) -> dict:
    user, request = _user(context)
    panel = {"show": False, "opportunity": opportunity, "request": request}
    if user is None or not permissions.can_view_candidates(user, opportunity):
        return panel
    panel.update(
        show=True,
        organisation=opportunity.organisation,
        can_act=permissions.can_act_for(user, opportunity.organisation),
    )
    try:
        panel["suggestions"] = selectors.candidates(user, opportunity, PANEL_K)
    except services.IndexUnavailable:
        panel["unavailable"] = True
    panel["dismiss_form"] = DismissForm()
    return panel
