"""The profile-completeness meter on an organisation's page, for its own people only."""

from django import template

from silkbridge.directory import completeness, permissions
from silkbridge.directory.models import Organisation

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_completeness(context, organisation: Organisation) -> dict | None:
    """The checklist with a link per missing step, or None for a viewer who is not one of the
    organisation's people (nor the secretariat): it is advice to the owners, not a public rank."""
    user = context["request"].user
    role = permissions.organisation_role(user, organisation)
    if role is None and not permissions.is_secretariat(user):
        return None
    state = completeness.completeness_of(organisation)
    can_edit = permissions.can_edit_organisation(user, organisation)
    steps = []
    for step in state.steps:
        # Members post offers and needs; the profile and its people are the admins' to change.
        can_fix = role is not None if step.key == "opportunities" else can_edit
        url = completeness.fix_url(step, organisation) if can_fix and not step.done else ""
        steps.append({"step": step, "url": url})
    return {"state": state, "steps": steps}
