"""Success stories: a venture is shown to the public only when it is not confidential and every
one of its parties chose to make it public. Each party's choice is its own, made by an admin of
that party's organisation; a party added later starts with its choice off, so the venture leaves
the public pages until it agrees too.

What the public sees of a story is fixed here and nowhere else: the title, the parties' names and
countries, the sectors and the stage. Nothing of the value, people, summary or timeline."""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import PersonRole
from silkbridge.directory.permissions import AnyUser, organisation_role
from silkbridge.ventures.models import Venture, VentureParty

__all__ = [
    "PublicStory",
    "can_set_public_story",
    "get_public_story",
    "public_stories",
    "public_ventures",
    "set_public_story",
    "stories_of",
]


def public_ventures() -> QuerySet[Venture]:
    """Ventures every party agreed to make public (and that have parties), not confidential."""
    refusing = VentureParty.objects.filter(venture=OuterRef("pk"), public_story=False)
    any_party = VentureParty.objects.filter(venture=OuterRef("pk"))
    return Venture.objects.filter(confidential=False).filter(Exists(any_party), ~Exists(refusing))


@dataclass(frozen=True)
class PublicStory:
    """The part of a venture the public may read."""

    pk: int
    title: str
    stage: str
    stage_label: str
    kind_label: str
    parties: tuple[tuple[str, str], ...]  # (organisation name, country name)
    sectors: tuple[str, ...]


def _story(venture: Venture) -> PublicStory:
    return PublicStory(
        pk=venture.pk,
        title=venture.title,
        stage=venture.stage,
        stage_label=str(venture.get_stage_display()),
        kind_label=str(venture.get_kind_display()),
        parties=tuple(
            (party.organisation.name, str(party.organisation.country.name))
            for party in venture.parties.all()
        ),
        sectors=tuple(str(sector.label) for sector in venture.sectors.all()),
    )


def _with_story_relations(qs: QuerySet[Venture]) -> QuerySet[Venture]:
    return qs.only("pk", "title", "stage", "kind").prefetch_related(
        Prefetch(
            "parties",
            queryset=VentureParty.objects.select_related("organisation").only(
                "venture_id", "role", "organisation__name", "organisation__country"
            ),
        ),
        "sectors",
    )


def public_stories(limit: int | None = None) -> list[PublicStory]:
    """The public stories, the latest stage change first."""
    qs = _with_story_relations(public_ventures().order_by("-stage_changed_at", "-id"))
    if limit is not None:
        qs = qs[:limit]
    return [_story(venture) for venture in qs]


def stories_of(pks: list[int]) -> list[PublicStory]:
    """The public stories of these ventures, in the order given (for a page of a list)."""
    by_pk = {v.pk: v for v in _with_story_relations(public_ventures().filter(pk__in=pks))}
    return [_story(by_pk[pk]) for pk in pks if pk in by_pk]


def get_public_story(pk: int) -> PublicStory:
    """One public story; a venture that is not public is a 404 like a missing one."""
    venture = _with_story_relations(public_ventures().filter(pk=pk)).first()
    if venture is None:
        raise Http404
    return _story(venture)


def can_set_public_story(user: AnyUser, party: VentureParty) -> bool:
    """Only an admin of the party's own organisation speaks for it."""
    return organisation_role(user, party.organisation) == PersonRole.ADMIN


def set_public_story(*, actor: User, party: VentureParty, public: bool) -> VentureParty:
    """Record the party's choice (audit-logged through VentureParty's registration)."""
    if not can_set_public_story(actor, party):
        raise PermissionDenied(_("Only an admin of this organisation decides for it."))
    with set_actor(actor), transaction.atomic():
        party = VentureParty.objects.select_for_update().get(pk=party.pk)
        if party.public_story != public:
            party.public_story = public
            party.save(update_fields=["public_story"])
    return party
