"""Offers and requests that organisations publish for partners in the other country."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from silkbridge.core.uploads import attachment_path, get_private_storage
from silkbridge.directory.models import Organisation, Term, Vocabulary

TITLE_MAX_LENGTH = 160
SUMMARY_MAX_LENGTH = 500


class OpportunityType(models.TextChoices):
    BUSINESS = "business", _("Business")
    TECHNOLOGY = "technology", _("Technology")
    RESEARCH = "research", _("R&D and academic cooperation")
    EGOV = "egov", _("E-government and procurement")
    INVESTMENT = "investment", _("Investment")
    TALENT = "talent", _("Talent")


class Direction(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class Stage(models.TextChoices):
    NOT_APPLICABLE = "", _("Not applicable")
    CONCEPT = "concept", _("Idea or concept")
    DEVELOPMENT = "development", _("Under development")
    PILOT = "pilot", _("Piloted or tested")
    MARKET = "market", _("Available on the market")


class PartnershipType(models.TextChoices):
    COMMERCIAL = "commercial", _("Commercial agreement")
    SUBCONTRACTING = "subcontracting", _("Outsourcing or subcontracting")
    TECHNICAL = "technical", _("Technical cooperation")
    LICENSING = "licensing", _("Licence agreement")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    RESEARCH = "research", _("Research cooperation")
    PROGRAMME = "programme", _("Joint academic programme")
    INVESTMENT = "investment", _("Investment or financing")
    EXCHANGE = "exchange", _("Internship, exchange or training")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    CLOSED = "closed", _("Closed")


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Opportunity(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="opportunities",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    type = models.CharField(_("type"), max_length=20, choices=OpportunityType.choices)
    direction = models.CharField(_("offer or request"), max_length=10, choices=Direction.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    description = models.TextField(_("full description"), blank=True)
    sectors = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.SECTOR},
        verbose_name=_("sectors"),
    )
    technologies = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.TECHNOLOGY},
        verbose_name=_("technologies"),
    )
    target_country = CountryField(_("target country"))
    # OrganisationKind values; empty means any kind.
    partner_kinds = models.JSONField(_("partner kinds sought"), default=list, blank=True)
    stage = models.CharField(
        _("stage of development"), max_length=20, choices=Stage.choices, blank=True, default=""
    )
    # PartnershipType values.
    partnership_types = models.JSONField(_("type of partnership sought"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    deadline = models.DateField(_("deadline for responses"), null=True, blank=True)
    expires_on = models.DateField(_("expiry date"))
    is_anonymous = models.BooleanField(
        _("publish anonymously"),
        default=False,
        help_text=_("Your organisation's name is hidden until you accept an introduction."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The secretariat's latest comment: what to change, or why it was rejected.
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Normalised title, summary, description and tag labels, for word search.
    search_text = models.TextField(blank=True, editable=False)
    # The publishing organisation's country and kind, copied here because the public list
    # filters on them: with a join per row, counting a country's matches in one sector at
    # 300,000 opportunities read each match's organisation as well (docs/benchmarks.md).
    # Kept equal by save(), the organisation's post_save and the importer (opportunities/owner.py).
    organisation_country = models.CharField(max_length=2, blank=True, editable=False)
    organisation_kind = models.CharField(max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-id"]
        indexes = [
            # Browsing reads published opportunities newest first, optionally by type/direction.
            models.Index(
                fields=["-published_at", "-id"],
                name="opp_published_newest",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["type", "direction", "-published_at", "-id"],
                name="opp_published_by_type",
                condition=models.Q(status="published"),
            ),
            # "Closing soonest" and "open on date": the deadline, else the expiry date.
            models.Index(
                Coalesce("deadline", "expires_on"),
                F("id"),
                name="opp_published_closing",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["organisation_country", "-published_at", "-id"],
                name="opp_published_by_country",
                condition=models.Q(status="published"),
            ),
            models.Index(fields=["status", "expires_on"], name="opp_status_expiry"),
            models.Index(fields=["organisation", "status"], name="opp_by_owner"),
            models.Index(fields=["status", "-submitted_at"], name="opp_review_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(deadline__lte=models.F("expires_on")),
                name="opportunity_deadline_before_expiry",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.copy_owner_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("opportunities:detail", kwargs={"pk": self.pk})

    def copy_owner_fields(self) -> None:
        """Take the organisation's country and kind (see `organisation_country`)."""
        self.organisation_country = str(self.organisation.country)
        self.organisation_kind = self.organisation.kind

    @property
    def is_open(self) -> bool:
        """Published and still taking responses."""
        if self.status != Status.PUBLISHED:
            return False
        today = timezone.localdate()
        return self.expires_on >= today and (self.deadline is None or self.deadline >= today)


class OpportunityAttachment(models.Model):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=get_private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class SavedSearch(models.Model):
    """A user's opportunity search, kept so they can rerun it and hear of new matches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    # The search page's query string (filters only, no page number).
    query = models.CharField(_("search"), max_length=1000, blank=True)
    notify = models.BooleanField(_("notify me of new matches"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="unique_saved_search_name")
        ]
        indexes = [models.Index(fields=["notify"], name="saved_search_notify")]

    def __str__(self) -> str:
        return self.name
