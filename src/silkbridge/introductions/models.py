"""Expressions of interest and double opt-in introductions between two organisations."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import Organisation
from silkbridge.opportunities.models import Opportunity

MESSAGE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Interest(models.Model):
    """An organisation telling an opportunity's owner it wants to talk."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interests_expressed"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=12, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    response_reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # When the two organisations already had an open introduction as the owner accepted, the
    # interest is answered in that one rather than opening a second (one per pair is the rule).
    joined_introduction = models.ForeignKey(
        "Introduction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joined_interests",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"], name="one_interest_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.opportunity}"

    @property
    def linked_introduction(self) -> "Introduction | None":
        """The introduction accepting it opened, or the open one it was answered in."""
        try:
            return self.introduction
        except ObjectDoesNotExist:
            return self.joined_introduction


class Origin(models.TextChoices):
    INTEREST = "interest", _("Expression of interest")
    PROFILE = "profile", _("Directory profile")
    RECOMMENDATION = "recommendation", _("Recommendation")
    SECRETARIAT = "secretariat", _("Secretariat")


class Response(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class IntroductionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [IntroductionStatus.PENDING, IntroductionStatus.ACCEPTED]


def pair_key(first_id: int, second_id: int) -> str:
    """The same key for (A, B) and (B, A), so one open introduction per pair is a constraint."""
    low, high = sorted((first_id, second_id))
    return f"{low}-{high}"


class Introduction(models.Model):
    """Two organisations put in touch; contacts are revealed only when both sides accept.

    Side A is the proposing organisation (or the first one the secretariat named); each side's
    answer is written with a conditional UPDATE, so two people answering at once cannot both win.
    """

    org_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation A")
    )
    org_b = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation B")
    )
    pair = models.CharField(max_length=41, editable=False)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    interest = models.OneToOneField(
        Interest, on_delete=models.SET_NULL, null=True, blank=True, related_name="introduction"
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introductions",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    a_response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    a_responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    a_responded_at = models.DateTimeField(null=True, blank=True)
    a_reason = models.TextField(max_length=REASON_MAX_LENGTH, blank=True)
    b_response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    b_responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    b_responded_at = models.DateTimeField(null=True, blank=True)
    b_reason = models.TextField(max_length=REASON_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.PENDING,
    )
    # The secretariat member who looks after this introduction.
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="brokered_introductions",
        verbose_name=_("broker"),
    )
    expires_at = models.DateTimeField(_("answer by"))
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_reason = models.TextField(max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(org_a=models.F("org_b")), name="introduction_two_organisations"
            ),
            models.UniqueConstraint(
                fields=["pair"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="one_open_introduction_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="intro_status_expiry"),
            models.Index(fields=["org_a", "-created_at"], name="intro_by_org_a"),
            models.Index(fields=["org_b", "-created_at"], name="intro_by_org_b"),
        ]

    def __str__(self) -> str:
        return f"{self.org_a} ↔ {self.org_b}"

    def save(self, *args, **kwargs):
        self.pair = pair_key(self.org_a_id, self.org_b_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("introductions:detail", kwargs={"pk": self.pk})

    def side_of(self, organisation_id: int) -> str | None:
        """ "a", "b" or None for an organisation's side in this introduction."""
        if organisation_id == self.org_a_id:
            return "a"
        if organisation_id == self.org_b_id:
            return "b"
        return None

    def other_organisation(self, organisation_id: int) -> Organisation | None:
        side = self.side_of(organisation_id)
        return {"a": self.org_b, "b": self.org_a}.get(side)
