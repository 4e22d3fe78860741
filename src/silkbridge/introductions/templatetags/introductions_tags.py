"""`{% interest_panel opportunity %}`: the interest box on an opportunity's page."""

from __future__ import annotations

from django import template

from silkbridge.introductions import permissions, selectors
from silkbridge.introductions.forms import InterestForm, ReasonForm

register = template.Library()


@register.inclusion_tag("introductions/_interest_panel.html", takes_context=True)
def interest_panel(context, opportunity) -> dict:
    """What the reader can do about interest in this opportunity:
    anonymous → sign in; owner's people → the interests with accept/decline;
    people of other organisations → their interest's status, or the form to express one."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    panel = {"opportunity": opportunity, "request": request, "user": user, "mode": "anonymous"}
    if user is None or not user.is_authenticated:
        return panel
    if permissions.can_manage_interests(user, opportunity):
        panel["mode"] = "owner"
        panel["interests"] = selectors.interests_for_owner(user, opportunity)
        panel["reason_form"] = ReasonForm()
        # Pending interests from organisations already in an introduction with the owner:
        # accepting one answers it there, which the owner is told before clicking.
        panel["answered_in_existing"] = {
            interest.pk
            for interest in panel["interests"]
            if interest.status == "pending"
            and selectors.open_introduction_between(
                opportunity.organisation_id, interest.organisation_id
            )
        }
        return panel
    if permissions.is_secretariat(user):
        panel["mode"] = "secretariat"
        panel["interests"] = selectors.interests_for_owner(user, opportunity)
        return panel
    panel["mode"] = "member"
    panel["mine"] = selectors.my_interests(user, opportunity)
    # An organisation whose interest is shown already has its way to the introduction there.
    shown = {interest.organisation_id for interest in panel["mine"]}
    panel["introduced"] = [
        (organisation, introduction)
        for organisation, introduction in selectors.introductions_instead(user, opportunity)
        if organisation.pk not in shown
    ]
    candidates = selectors.organisations_that_may_express(user, opportunity)
    panel["can_express"] = bool(candidates) and opportunity.is_open
    panel["no_organisation"] = not selectors.member_organisation_ids(user)
    if panel["can_express"]:
        panel["form"] = context.get("interest_form") or InterestForm(organisations=candidates)
    return panel


@register.inclusion_tag("introductions/_profile_actions.html", takes_context=True)
def introduction_actions(context, organisation) -> dict:
    """On a directory profile: "Propose an introduction" for members of other organisations,
    and for the secretariat a form to introduce this organisation to another one."""
    from silkbridge.directory.models import Organisation
    from silkbridge.introductions.forms import ProposeForm, SecretariatIntroduceForm

    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    panel = {"organisation": organisation, "request": request, "user": user}
    if user is None or not user.is_authenticated:
        return panel
    mine = selectors.member_organisation_ids(user) - {organisation.pk}
    if mine:
        candidates = list(Organisation.objects.filter(pk__in=mine).order_by("name"))
        panel["propose_form"] = ProposeForm(organisations=candidates)
        panel["open_introduction"] = selectors.open_introduction_for_user(user, organisation)
    if permissions.is_secretariat(user):
        panel["introduce_form"] = SecretariatIntroduceForm(auto_id="introduce_%s")
    return panel
