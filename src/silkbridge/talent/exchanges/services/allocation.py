"""Ranking and allocation: after the deadline the home coordinator ranks the applicants, then
allocates the places with the stable-matching engine, and the allocated are nominated.

The engine (`silkbridge.engines.allocation`) gets plain data: applications as applicants with
their ranked place ids, places with their seats, and the home institution's one ranking. Each
application keeps the engine's reasons, so the coordinator and the applicant see why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import PersonRole
from silkbridge.engines.allocation import Applicant, Place, Problem, allocate
from silkbridge.notifications.services import notify
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.errors import field_error
from silkbridge.talent.exchanges.models import (
    Application,
    ApplicationChoice,
    ApplicationStatus,
    Call,
    CallStatus,
    Nomination,
)


def _closed_open_call(actor: User, call: Call, now) -> Call:
    if not permissions.can_manage_call(actor, call):
        raise PermissionDenied(_("Only the home institution's coordinators manage this call."))
    if not call.is_closed(now):
        raise field_error("call", _("Wait until the deadline has passed."), "still_open")
    if call.status != CallStatus.OPEN:
        raise field_error("call", _("The places of this call are already allocated."), "allocated")
    return call


def rank_applicants(
    *, actor: User, call: Call, application_ids: Sequence[int], now=None
) -> list[Application]:
    """The home institution's ranking, best first: every submitted application exactly once."""
    now = now or timezone.now()
    _closed_open_call(actor, call, now)
    with transaction.atomic():
        # The call's row lock keeps two coordinators' rankings from interleaving.
        Call.objects.select_for_update().get(pk=call.pk)
        submitted = set(
            Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).values_list(
                "pk", flat=True
            )
        )
        ids = [int(pk) for pk in application_ids]
        if len(ids) != len(set(ids)):
            raise field_error("ranking", _("An applicant may be ranked only once."), "duplicate")
        if set(ids) != submitted:
            raise field_error(
                "ranking",
                _("Rank every applicant of this call, and only them."),
                "incomplete",
            )
        Application.objects.filter(call=call).update(home_rank=None)
        rows = [Application(pk=pk, home_rank=rank) for rank, pk in enumerate(ids, start=1)]
        Application.objects.bulk_update(rows, ["home_rank"], batch_size=1000)
    return list(Application.objects.filter(call=call, pk__in=ids).order_by("home_rank"))


def set_ranks(*, actor: User, call: Call, ranks: Mapping[int, int], now=None) -> list[Application]:
    """Give some applicants their rank (1 = best), keeping the others' ranks: the call's page
    ranks one page of applicants at a time. No two applicants of the call may share a rank."""
    now = now or timezone.now()
    _closed_open_call(actor, call, now)
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        current = dict(
            Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).values_list(
                "pk", "home_rank"
            )
        )
        given = {int(pk): rank for pk, rank in ranks.items()}
        if any(pk not in current for pk in given):
            raise field_error(
                "ranking", _("Rank every applicant of this call, and only them."), "unknown"
            )
        if any(type(rank) is not int or rank < 1 for rank in given.values()):
            raise field_error("ranking", _("Give every applicant a whole number."), "invalid")
        merged = {**{pk: r for pk, r in current.items() if r is not None}, **given}
        if len(set(merged.values())) != len(merged):
            raise field_error("ranking", _("Two applicants cannot share a rank."), "duplicate")
        Application.objects.filter(pk__in=list(given)).update(home_rank=None)
        rows = [Application(pk=pk, home_rank=rank) for pk, rank in given.items()]
        Application.objects.bulk_update(rows, ["home_rank"], batch_size=1000)
    return list(Application.objects.filter(pk__in=list(given)).order_by("home_rank"))


def build_problem(call: Call) -> tuple[Problem, dict[int, str]]:
    """The call as the engine's plain data, with each place's label for the reasons."""
    places = list(call.places.order_by("pk").values_list("pk", "capacity", "label"))
    applications = list(
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .order_by("home_rank", "pk")
        .values_list("pk", "home_rank")
    )
    choices: dict[int, list[int]] = {pk: [] for pk, _rank in applications}
    for application_id, place_id in (
        ApplicationChoice.objects.filter(application__in=choices)
        .order_by("application_id", "position")
        .values_list("application_id", "place_id")
    ):
        choices[application_id].append(place_id)
    problem = Problem(
        applicants=tuple(Applicant(pk, tuple(choices[pk])) for pk, _rank in applications),
        places=tuple(Place(pk, capacity) for pk, capacity, _label in places),
        ranking=tuple(pk for pk, _rank in applications),
    )
    return problem, {pk: label for pk, _capacity, label in places}


def allocate_call(*, actor: User, call: Call, now=None) -> dict[str, int]:
    """Allocate the call's places once; the allocated are nominated to their receiving side.

    Returns counts: {"nominated": n, "unplaced": m}.
    """
    now = now or timezone.now()
    _closed_open_call(actor, call, now)
    with transaction.atomic():
        # Conditional update: of two coordinators allocating at once, one wins.
        claimed = Call.objects.filter(pk=call.pk, status=CallStatus.OPEN).update(
            status=CallStatus.ALLOCATED, allocated_at=now, allocated_by=actor
        )
        if not claimed:
            raise field_error(
                "call", _("The places of this call are already allocated."), "allocated"
            )
        unranked = Application.objects.filter(
            call=call, status=ApplicationStatus.SUBMITTED, home_rank__isnull=True
        )
        if unranked.exists():
            raise field_error("ranking", _("Rank every applicant before allocating."), "unranked")
        problem, labels = build_problem(call)
        result = allocate(problem)
        hosts = dict(call.places.values_list("pk", "host_id"))
        updates, nominations = [], []
        for outcome in result.outcomes:
            refusals = [
                {
                    "place": r.place,
                    "label": labels[r.place],
                    "reason": r.reason,
                    "capacity": r.capacity,
                    "rank": r.rank,
                    "lowest": r.lowest_admitted_rank,
                }
                for r in outcome.refusals
            ]
            placed = outcome.place is not None
            updates.append(
                Application(
                    pk=outcome.applicant,
                    place_id=outcome.place,
                    choice_number=outcome.choice,
                    refusals=refusals,
                    status=ApplicationStatus.NOMINATED if placed else ApplicationStatus.UNPLACED,
                    decided_at=None if placed else now,
                )
            )
            if placed:
                nominations.append(
                    Nomination(application_id=outcome.applicant, place_id=outcome.place)
                )
        Application.objects.bulk_update(
            updates,
            ["place", "choice_number", "refusals", "status", "decided_at"],
            batch_size=1000,
        )
        Nomination.objects.bulk_create(nominations, batch_size=1000)
        applicants = User.objects.filter(applicant_profiles__applications__call=call).distinct()
        notify(
            applicants,
            "talent_allocated",
            url=call.get_absolute_url(),
            params={"title": call.title},
            exclude=actor,
        )
        for place_id, label in labels.items():
            if any(n.place_id == place_id for n in nominations):
                coordinators = User.objects.filter(
                    people__organisation_id=hosts[place_id], people__role=PersonRole.ADMIN
                )
                notify(
                    coordinators,
                    "talent_nominated",
                    url=reverse("talent_exchanges:nominations"),
                    params={"place": label},
                    exclude=actor,
                )
    call.refresh_from_db()
    return {"nominated": len(nominations), "unplaced": len(updates) - len(nominations)}
