"""Claims: a signed-in person asks to belong to an organisation's directory record."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.core.uploads import attachment_path, get_private_storage

# Evidence is a paragraph or two: who the person is, a membership number, a document's name.
EVIDENCE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 1000


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClaimRoute(models.TextChoices):
    DOMAIN = "domain", _("E-mail on the organisation's domain")
    EVIDENCE = "evidence", _("Evidence")


class ClaimReviewer(models.TextChoices):
    """Who decides: the organisation's own admins when it has any, else the secretariat."""

    ADMINS = "admins", _("The organisation's admins")
    SECRETARIAT = "secretariat", _("The secretariat")


class EvidenceKind(models.TextChoices):
    REGISTRATION_DOCUMENT = "registration_document", _("Registration document")
    PASHA_MEMBERSHIP = "pasha_membership", _("P@SHA membership number")
    ASTANA_HUB_MEMBERSHIP = "astana_hub_membership", _("Astana Hub membership number")
    LETTER = "letter", _("Letter from the organisation")
    OTHER = "other", _("Other")


class Claim(models.Model):
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_claims",
        verbose_name=_("claimant"),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="claims",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    route = models.CharField(_("route"), max_length=12, choices=ClaimRoute.choices)
    reviewer = models.CharField(_("who decides"), max_length=12, choices=ClaimReviewer.choices)
    # The verified address that matched the organisation's website, for a claim by domain.
    matched_email = models.EmailField(_("matching e-mail"), blank=True)
    evidence_kind = models.CharField(
        _("kind of evidence"), max_length=24, choices=EvidenceKind.choices, blank=True
    )
    evidence_text = models.TextField(_("evidence"), max_length=EVIDENCE_MAX_LENGTH, blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        storage=get_private_storage,
        upload_to=attachment_path,
        max_length=200,
        blank=True,
    )
    evidence_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=60, blank=True)
    # The membership a claim by domain granted at once; removed again if the claim is refused.
    granted_person = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claimant", "organisation"],
                condition=models.Q(status="pending"),
                name="one_open_claim_per_person_and_organisation",
            )
        ]
        indexes = [
            # The queue: open claims, oldest first.
            models.Index(fields=["status", "reviewer", "created_at"], name="claim_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.claimant} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("joining:claims-for", kwargs={"slug": self.organisation.slug})

    @property
    def is_open(self) -> bool:
        return self.status == ClaimStatus.PENDING

    # The attachment interface of core.uploads.download_response.
    @property
    def file(self):
        return self.evidence_file

    @property
    def original_name(self) -> str:
        return self.evidence_file_name

    @property
    def content_type(self) -> str:
        return self.evidence_content_type
