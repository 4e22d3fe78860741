"""Reads for invitation campaigns, each checking who asks."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import Http404

from silkbridge.directory.completeness import complete_organisation_ids
from silkbridge.directory.permissions import AnyUser
from silkbridge.outreach import permissions
from silkbridge.outreach.models import (
    Campaign,
    CampaignStatus,
    ContactStage,
    ContactStatus,
    joined_q,
    stage_q,
)

CONTACTS_PER_PAGE = 50
# The funnel's stages; "complete" is a joined contact whose organisation's profile is complete.
FILTERS = ("invited", "opened", "awaiting", "joined", "complete", "refused")


@dataclass(frozen=True)
class Funnel:
    invited: int
    opened: int
    joined: int
    complete: int
    awaiting: int
    refused: int

    def percent(self, count: int) -> int:
        return round(100 * count / self.invited) if self.invited else 0

    @property
    def stages(self) -> list[tuple[str, int, int]]:
        """(key, count, per cent of invited) from invited to complete; each stage counts the
        contacts who reached it or went further."""
        return [
            (key, count, self.percent(count))
            for key, count in (
                ("invited", self.invited),
                ("opened", self.opened),
                ("joined", self.joined),
                ("complete", self.complete),
            )
        ]


def campaigns(user: AnyUser) -> list[Campaign]:
    """Campaigns newest first with their counts; drafts only for those who may send."""
    if not permissions.can_read(user):
        raise Http404("No such page")
    queryset = Campaign.objects.exclude(status=CampaignStatus.DISCARDED).defer("content")
    if not permissions.can_send(user):
        queryset = queryset.filter(status=CampaignStatus.SENT)
    return list(
        queryset.select_related("created_by").annotate(
            contact_count=Count("contacts"),
            joined_count=Count("contacts", filter=joined_q("contacts__")),
        )
    )


def get_campaign(user: AnyUser, pk: int, *, draft: bool = False) -> Campaign:
    """A campaign this user may see: a sent one for readers, a draft for senders; 404 else."""
    status = CampaignStatus.DRAFT if draft else CampaignStatus.SENT
    allowed = permissions.can_send(user) if draft else permissions.can_read(user)
    campaign = Campaign.objects.filter(pk=pk, status=status).first()
    if campaign is None or not allowed:
        raise Http404("No such campaign")
    return campaign


def _joined_organisation_ids(campaign: Campaign) -> set[int]:
    return set(
        campaign.contacts.filter(joined_q())
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def funnel(campaign: Campaign) -> tuple[Funnel, set[int]]:
    """The counts at each stage, and which joined organisations have a complete profile."""
    counts = campaign.contacts.aggregate(
        invited=Count("pk"),
        opened=Count("pk", filter=~Q(status=ContactStatus.INVITED)),
        joined=Count("pk", filter=joined_q()),
        awaiting=Count("pk", filter=stage_q(ContactStage.AWAITING)),
        refused=Count("pk", filter=stage_q(ContactStage.REFUSED)),
    )
    complete_ids = complete_organisation_ids(_joined_organisation_ids(campaign))
    complete = campaign.contacts.filter(joined_q(), organisation_id__in=complete_ids).count()
    return Funnel(complete=complete, **counts), complete_ids


def contacts_page(
    campaign: Campaign, *, status: str, page: str | None, complete_ids: set[int]
) -> Page:
    """A page of the campaign's contacts, filtered by funnel stage ("" for all)."""
    contacts = campaign.contacts.select_related("organisation", "claim").order_by(
        "row_number", "pk"
    )
    if status == "complete":
        contacts = contacts.filter(joined_q(), organisation_id__in=complete_ids)
    elif status == "opened":
        contacts = contacts.exclude(status=ContactStatus.INVITED)
    elif status in FILTERS:
        contacts = contacts.filter(stage_q(status))
    return Paginator(contacts, CONTACTS_PER_PAGE).get_page(page)
