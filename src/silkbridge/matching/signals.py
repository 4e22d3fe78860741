"""Queue an index update when an organisation or opportunity changes.

Signals rather than calls in each service, because organisations and opportunities are saved
from many places (forms, API, admin, imports, the review workflow). Status changes of
opportunities (published, closed, expired) are conditional `update()` calls that send no
`post_save`; the opportunity services announce them on `opportunities.signals.status_changed`.
The selectors still check every suggestion against the database before showing it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from silkbridge.directory.models import Organisation
from silkbridge.forums.signals import meeting_marked
from silkbridge.introductions.signals import introduction_accepted
from silkbridge.opportunities.models import Opportunity
from silkbridge.opportunities.signals import status_changed


def _queue(target_kind: str, target_id: int) -> None:
    from silkbridge.matching.tasks import index_changed

    transaction.on_commit(lambda: index_changed(target_kind, target_id))


@receiver(post_save, sender=Organisation, dispatch_uid="matching_org_saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="matching_org_deleted")
def _organisation_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _queue("organisation", instance.pk)


@receiver(post_save, sender=Opportunity, dispatch_uid="matching_opp_saved")
@receiver(post_delete, sender=Opportunity, dispatch_uid="matching_opp_deleted")
def _opportunity_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _queue("opportunity", instance.pk)


@receiver(status_changed, dispatch_uid="matching_opp_status")
def _opportunity_status_changed(sender, opportunity, **kwargs) -> None:
    # Published, closed, expired: written with update(), so post_save never fires for them.
    _queue("opportunity", opportunity.pk)


@receiver(introduction_accepted, dispatch_uid="matching_introduction_accepted")
def _introduction_accepted(sender, introduction, **kwargs) -> None:
    # A new collaboration: the history signal of both organisations changes.
    _queue("introduction", introduction.pk)


@receiver(meeting_marked, dispatch_uid="matching_meeting_marked")
def _meeting_marked(sender, meeting, **kwargs) -> None:
    # A held B2B meeting is a collaboration; a correction to no-show takes it back.
    _queue("meeting", meeting.pk)


def _venture_changed(sender, instance, raw=False, **kwargs) -> None:
    # Parties added or removed, or a stage change (dropped ventures do not count).
    if not raw:
        _queue("venture", instance.venture_id)


def _venture_saved(sender, instance, raw=False, **kwargs) -> None:
    # An edited start date moves the collaboration's date in the history.
    if not raw:
        _queue("venture", instance.pk)


def _connect_ventures() -> None:
    from silkbridge.ventures.models import StageChange, Venture, VentureParty

    post_save.connect(_venture_saved, sender=Venture, dispatch_uid="matching_venture_saved")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_venture_changed, sender=VentureParty, dispatch_uid=f"matching_vp_{name}")
    post_save.connect(_venture_changed, sender=StageChange, dispatch_uid="matching_stage")


_connect_ventures()


def _tags_changed(sender, instance, action, reverse, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    kind = "organisation" if isinstance(instance, Organisation) else "opportunity"
    _queue(kind, instance.pk)


for _model in (Organisation, Opportunity):
    for _name in ("sectors", "technologies", "services"):
        if hasattr(_model, _name):
            m2m_changed.connect(
                _tags_changed,
                sender=getattr(_model, _name).through,
                dispatch_uid=f"matching_{_model.__name__}_{_name}",
            )
