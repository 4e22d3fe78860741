"""Keeps each opportunity's copy of its organisation's country and kind equal to the original.

An organisation saved through Django (its edit form, the back office) updates the few
opportunities whose copy differs in its post_save. The importer writes organisations with raw
`UPDATE`s, which send no signal, and calls `copy_for_organisations` itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, Subquery
from django.db.models.signals import post_save

from silkbridge.directory.models import Organisation
from silkbridge.opportunities.models import Opportunity

COPIED = {"country", "kind"}


def copy_to_opportunities(sender, instance: Organisation, created: bool, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if created or (update_fields is not None and not COPIED & set(update_fields)):
        return
    country, kind = str(instance.country), instance.kind
    Opportunity.objects.filter(
        Q(organisation=instance) & (~Q(organisation_country=country) | ~Q(organisation_kind=kind))
    ).update(organisation_country=country, organisation_kind=kind)


post_save.connect(
    copy_to_opportunities, sender=Organisation, dispatch_uid="opportunities.owner.copy"
)


def copy_for_organisations(organisation_ids: Iterable[int]) -> int:
    """Bring the copies of these organisations' opportunities up to date; returns how many
    changed. For writes that send no post_save."""
    ids = sorted(set(organisation_ids))
    owner = Organisation.objects.filter(pk=OuterRef("organisation_id"))
    country = Subquery(owner.values("country")[:1])
    kind = Subquery(owner.values("kind")[:1])
    changed = 0
    for start in range(0, len(ids), 500):
        changed += (
            Opportunity.objects.filter(organisation_id__in=ids[start : start + 500])
            .filter(~Q(organisation_country=country) | ~Q(organisation_kind=kind))
            .update(organisation_country=country, organisation_kind=kind)
        )
    return changed
