"""Reading introductions and interests, always through what the user may see."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from silkbridge.directory.models import Organisation, Person
from silkbridge.introductions.models import (
    OPEN_STATUSES,
    Interest,
    Introduction,
    IntroductionStatus,
    Response,
    pair_key,
)


def member_organisation_ids(user) -> set[int]:
    """Ids of the organisations the user belongs to (cached on the user for the request)."""
    if not user.is_authenticated:
        return set()
    cached = user.__dict__.get("_member_organisation_ids")
    if cached is None:
        # No ordering: Person's default order by organisation name would join and sort.
        cached = set(user.people.order_by().values_list("organisation_id", flat=True))
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


# --- Interests ---------------------------------------------------------------------------------


def interests_for_owner(user, opportunity) -> list[Interest]:
    """Every interest in an opportunity, for its owner's people and the secretariat."""
    from silkbridge.introductions import permissions

    if not (
        permissions.can_manage_interests(user, opportunity) or permissions.is_secretariat(user)
    ):
        return []
    return list(
        opportunity.interests.select_related(
            "organisation", "introduction", "joined_introduction"
        ).order_by("-created_at", "-id")
    )


def my_interests(user, opportunity) -> list[Interest]:
    """The interests the user's organisations expressed in this opportunity."""
    mine = member_organisation_ids(user)
    if not mine:
        return []
    return list(
        opportunity.interests.filter(organisation_id__in=mine).select_related(
            "organisation", "introduction", "joined_introduction"
        )
    )


def organisations_that_may_express(user, opportunity) -> list[Organisation]:
    """The user's organisations, other than the owner, that have not expressed interest yet
    and are not already in an introduction with the owner (they talk there instead)."""
    mine = member_organisation_ids(user) - {opportunity.organisation_id}
    if not mine:
        return []
    already = set(
        opportunity.interests.filter(organisation_id__in=mine).values_list(
            "organisation_id", flat=True
        )
    )
    introduced = {organisation.pk for organisation, _ in introductions_instead(user, opportunity)}
    return list(Organisation.objects.filter(pk__in=mine - already - introduced).order_by("name"))


def introduction_instead_of_interest(organisation_id: int, opportunity) -> Introduction | None:
    """The open introduction between an organisation and an opportunity's owner, where the two
    talk instead of through a new interest. None while naming it would reveal the owner of an
    anonymous post (a pending introduction): then the interest goes ahead, and accepting it
    answers that introduction."""
    introduction = open_introduction_between(organisation_id, opportunity.organisation_id)
    if introduction is None:
        return None
    if opportunity.is_anonymous and introduction.status != IntroductionStatus.ACCEPTED:
        return None
    return introduction


def introductions_instead(user, opportunity) -> list[tuple[Organisation, Introduction]]:
    """(organisation of the user, its open introduction with the owner) for each of the user's
    organisations that should continue there rather than express interest."""
    mine = member_organisation_ids(user) - {opportunity.organisation_id}
    found = []
    for organisation in Organisation.objects.filter(pk__in=mine).order_by("name"):
        introduction = introduction_instead_of_interest(organisation.pk, opportunity)
        if introduction is not None:
            found.append((organisation, introduction))
    return found


def get_interest(user, pk: int) -> Interest:
    """An interest the user may see; 404 otherwise, so outsiders learn nothing."""
    from silkbridge.introductions import permissions

    interest = get_object_or_404(
        Interest.objects.select_related("opportunity", "organisation"), pk=pk
    )
    if not permissions.can_view_interest(user, interest):
        raise Http404
    return interest


# --- Introductions -----------------------------------------------------------------------------

TAB_AWAITING = "awaiting"
TAB_OTHER_SIDE = "other"
TAB_ACCEPTED = "accepted"
TAB_CLOSED = "closed"
TABS = [TAB_AWAITING, TAB_OTHER_SIDE, TAB_ACCEPTED, TAB_CLOSED]
PAGE_SIZE = 20


def _with_related(qs: QuerySet[Introduction]) -> QuerySet[Introduction]:
    return qs.select_related("org_a", "org_b", "opportunity", "broker")


def introductions_of(user, tab: str = TAB_AWAITING) -> QuerySet[Introduction]:
    """The introductions of the user's organisations for one tab of their list."""
    mine = member_organisation_ids(user)
    if not mine:
        return Introduction.objects.none()
    a_side = Q(org_a_id__in=mine)
    b_side = Q(org_b_id__in=mine)
    pending = Q(status=IntroductionStatus.PENDING)
    awaiting = (a_side & Q(a_response=Response.PENDING)) | (b_side & Q(b_response=Response.PENDING))
    if tab == TAB_AWAITING:
        condition = pending & awaiting
    elif tab == TAB_OTHER_SIDE:
        condition = pending & (a_side | b_side) & ~awaiting
    elif tab == TAB_ACCEPTED:
        condition = Q(status=IntroductionStatus.ACCEPTED) & (a_side | b_side)
    else:
        condition = Q(
            status__in=[
                IntroductionStatus.DECLINED,
                IntroductionStatus.EXPIRED,
                IntroductionStatus.CLOSED,
            ]
        ) & (a_side | b_side)
    return _with_related(Introduction.objects.filter(condition)).order_by("-created_at", "-id")


def tab_counts(user) -> dict[str, int]:
    """How many introductions each tab holds (four small indexed counts)."""
    return {tab: introductions_of(user, tab).count() for tab in TABS}


def awaiting_answer_count(user) -> int:
    return introductions_of(user, TAB_AWAITING).count()


def overview(
    *, status: str = "", broker: str = "", overdue: bool = False, now=None
) -> QuerySet[Introduction]:
    """Every introduction, for the secretariat, filtered by status, broker and lateness."""
    qs = _with_related(Introduction.objects.all())
    if status:
        qs = qs.filter(status=status)
    if broker == "none":
        qs = qs.filter(broker__isnull=True)
    elif broker:
        qs = qs.filter(broker_id=broker)
    if overdue:
        # Pending and past (or within a reminder period of) its answer date.
        now = now or timezone.now()
        qs = qs.filter(status=IntroductionStatus.PENDING, expires_at__lte=now + _reminder_delta())
    return qs.order_by("-created_at", "-id")


def _reminder_delta() -> timedelta:
    return timedelta(days=settings.SILKBRIDGE_INTRODUCTION_REMINDER_DAYS)


def brokers():
    """Secretariat users, for the reassign and filter menus."""
    from silkbridge.notifications.services import secretariat

    return secretariat().order_by("full_name", "email")


def get_introduction(user, pk: int) -> Introduction:
    """An introduction the user may see; 404 for everybody else."""
    from silkbridge.introductions import permissions

    introduction = get_object_or_404(_with_related(Introduction.objects.all()), pk=pk)
    if not permissions.can_view_introduction(user, introduction):
        raise Http404
    return introduction


def my_sides(user, introduction: Introduction) -> list[tuple[str, Organisation]]:
    """The sides ("a"/"b", organisation) the user answers for (usually one)."""
    mine = member_organisation_ids(user)
    sides = []
    if introduction.org_a_id in mine:
        sides.append(("a", introduction.org_a))
    if introduction.org_b_id in mine:
        sides.append(("b", introduction.org_b))
    return sides


def contacts_for(user, introduction: Introduction) -> dict[int, list[Person]]:
    """People with e-mail/phone per organisation, once the introduction is accepted
    (the secretariat always sees them); empty otherwise."""
    from silkbridge.introductions import permissions

    if not permissions.can_see_contacts(user, introduction):
        return {}
    people = Person.objects.filter(
        organisation_id__in=[introduction.org_a_id, introduction.org_b_id]
    ).order_by("-role", "full_name")
    grouped: dict[int, list[Person]] = {introduction.org_a_id: [], introduction.org_b_id: []}
    for person in people:
        grouped[person.organisation_id].append(person)
    return grouped


def organisations_without_people(introduction: Introduction) -> list[Organisation]:
    """The sides nobody active on the platform speaks for: they cannot answer by themselves."""
    staffed = set(
        Person.objects.filter(
            organisation_id__in=[introduction.org_a_id, introduction.org_b_id],
            user__is_active=True,
        ).values_list("organisation_id", flat=True)
    )
    return [org for org in (introduction.org_a, introduction.org_b) if org.pk not in staffed]


def open_introduction_between(org_one_id: int, org_two_id: int) -> Introduction | None:
    return Introduction.objects.filter(
        pair=pair_key(org_one_id, org_two_id), status__in=OPEN_STATUSES
    ).first()


def open_introduction_for_user(user, organisation: Organisation) -> Introduction | None:
    """An open introduction between one of the user's organisations and this one, if any."""
    mine = member_organisation_ids(user) - {organisation.pk}
    if not mine:
        return None
    return Introduction.objects.filter(
        pair__in=[pair_key(organisation.pk, org_id) for org_id in mine],
        status__in=OPEN_STATUSES,
    ).first()
