"""Reading introductions and interests, always through what the user may see."""

from __future__ import annotations

from django.db.models import Q

from silkbridge.introductions.models import Introduction, IntroductionStatus


def member_organisation_ids(user) -> set[int]:
    """Ids of the organisations the user belongs to (cached on the user for the request)."""
    if not user.is_authenticated:
        return set()
    cached = user.__dict__.get("_member_organisation_ids")
    if cached is None:
        cached = set(user.people.values_list("organisation_id", flat=True))
        user.__dict__["_member_organisation_ids"] = cached
    return cached


def introduced_to(user, organisation_id: int) -> bool:
    """Whether one of the user's organisations has an accepted introduction with this one:
    the condition for seeing its contacts and the identity behind its anonymous posts."""
    mine = member_organisation_ids(user)
    if not mine or organisation_id in mine:
        return False
    return Introduction.objects.filter(
        Q(org_a_id=organisation_id, org_b_id__in=mine)
        | Q(org_b_id=organisation_id, org_a_id__in=mine),
        status=IntroductionStatus.ACCEPTED,
    ).exists()
