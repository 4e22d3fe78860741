"""Invitation campaigns: a list of contacts the secretariat invites to claim their records."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.accounts.models import Invitation
from silkbridge.joining.models import ClaimStatus


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting confirmation")
    SENT = "sent", _("Sent")
    DISCARDED = "discarded", _("Discarded")


class Campaign(models.Model):
    """An uploaded contact list: kept as a file while previewed, turned into contacts and
    e-mails at once when the secretariat confirms it."""

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language of the e-mails"), max_length=8, choices=settings.LANGUAGES
    )
    filename = models.CharField(_("file name"), max_length=255)
    # The uploaded file, until the list is confirmed or discarded.
    content = models.BinaryField(_("file content"), default=b"")
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    # {"invited": n, "skipped": n} once confirmed.
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("invitation campaign")
        verbose_name_plural = _("invitation campaigns")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.status == CampaignStatus.DRAFT:
            return reverse("outreach:preview", kwargs={"pk": self.pk})
        return reverse("outreach:campaign", kwargs={"pk": self.pk})


class ContactStatus(models.TextChoices):
    """How far the invitation itself went; once "claimed", the joining claim decides the rest."""

    INVITED = "invited", _("Invited")
    OPENED = "opened", _("Opened")
    CLAIMED = "claimed", _("Claimed")
    JOINED = "joined", _("Joined")


class ContactStage(models.TextChoices):
    """The funnel stage shown to the secretariat, derived from the status and the claim."""

    INVITED = "invited", _("Invited")
    OPENED = "opened", _("Opened")
    AWAITING = "awaiting", _("Claim awaiting a decision")
    JOINED = "joined", _("Joined")
    REFUSED = "refused", _("Claim refused or withdrawn")


def joined_q(prefix: str = "") -> models.Q:
    """Contacts who joined: at once through the link, or by a claim that was approved."""
    return models.Q(**{f"{prefix}status": ContactStatus.JOINED}) | models.Q(
        **{f"{prefix}status": ContactStatus.CLAIMED, f"{prefix}claim__status": ClaimStatus.APPROVED}
    )


def stage_q(stage: str) -> models.Q:
    """The contacts at exactly this funnel stage."""
    claimed = models.Q(status=ContactStatus.CLAIMED)
    return {
        ContactStage.INVITED: models.Q(status=ContactStatus.INVITED),
        # A claim removed with its claimant's account leaves the contact at "opened".
        ContactStage.OPENED: models.Q(status=ContactStatus.OPENED)
        | (claimed & models.Q(claim__isnull=True)),
        ContactStage.AWAITING: claimed & models.Q(claim__status=ClaimStatus.PENDING),
        ContactStage.JOINED: joined_q(),
        ContactStage.REFUSED: claimed
        & models.Q(claim__status__in=[ClaimStatus.REFUSED, ClaimStatus.WITHDRAWN]),
    }[stage]


def unusable_token_hash() -> str:
    """A hash no link matches, until the first e-mail gives the contact a real one."""
    return Invitation.hash(secrets.token_urlsafe(32))


class Contact(models.Model):
    """One person on a campaign's list, with their personal link and how far they got.

    Only the SHA-256 of the link's token is kept; every e-mail (the first and each reminder)
    carries a new token, so only the newest link works.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contacts")
    row_number = models.PositiveIntegerField(_("row"))
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="outreach_contacts",
        verbose_name=_("organisation"),
    )
    token_hash = models.CharField(max_length=64, unique=True, default=unusable_token_hash)
    status = models.CharField(
        _("status"), max_length=16, choices=ContactStatus.choices, default=ContactStatus.INVITED
    )
    sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders"), default=0)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    # The joining claim the link submitted for an organisation that already has admins.
    claim = models.ForeignKey(
        "joining.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_contacts",
        verbose_name=_("claim"),
    )

    class Meta:
        verbose_name = _("invited contact")
        verbose_name_plural = _("invited contacts")
        ordering = ["campaign", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="one_contact_per_campaign")
        ]
        indexes = [models.Index(fields=["campaign", "status", "row_number"])]

    def __str__(self) -> str:
        return self.email

    @property
    def last_emailed_at(self):
        return self.reminded_at or self.sent_at

    @property
    def stage(self) -> str:
        """The funnel stage (a ContactStage value); select the claim along with the contact."""
        if self.status != ContactStatus.CLAIMED:
            return self.status
        if self.claim is None:
            return ContactStage.OPENED
        return {
            ClaimStatus.PENDING: ContactStage.AWAITING,
            ClaimStatus.APPROVED: ContactStage.JOINED,
        }.get(self.claim.status, ContactStage.REFUSED)

    def get_stage_display(self) -> str:
        return ContactStage(self.stage).label
