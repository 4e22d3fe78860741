"""Keeps each opportunity's copy of its organisation's country and kind equal to the original.

An organisation's country or kind changes only through `save()` (its edit form, the back office,
an import), so its post_save updates the few opportunities whose copy differs.
"""

from __future__ import annotations

from django.db.models import Q
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
