"""Inter-institutional agreements: who agrees to move whom, in which field and level, how many.

The terms live on `Agreement` and its `CooperationCondition` rows while they are edited; each time
they are put to the parties an immutable `AgreementVersion` snapshot is taken, and every party
institution approves that version (`AgreementApproval`). A change after that makes a new version,
so approvals of an older version no longer count.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import Organisation
from silkbridge.talent.agreements.isced import ISCED_FIELDS
from silkbridge.talent.agreements.languages import validate_language_requirements

TITLE_MAX_LENGTH = 200
EQF_MIN, EQF_MAX = 5, 8
FIRST_ACADEMIC_YEAR, LAST_ACADEMIC_YEAR = 2000, 2100


def validate_isced_code(value: str) -> None:
    if value not in ISCED_FIELDS:
        raise ValidationError(
            _("%(code)s is not an ISCED-F 2013 code this platform knows."),
            code="isced",
            params={"code": value},
        )


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    APPROVED = "approved", _("Approved")
    TERMINATED = "terminated", _("Terminated")


class MobilityType(models.TextChoices):
    STUDENT_STUDY = "student_study", _("Student mobility for studies")
    STUDENT_TRAINEESHIP = "student_traineeship", _("Student mobility for traineeships")
    STAFF_TEACHING = "staff_teaching", _("Staff mobility for teaching")
    STAFF_TRAINING = "staff_training", _("Staff mobility for training")


class Agreement(models.Model):
    """An agreement between two or more academic institutions of both countries."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    institutions = models.ManyToManyField(
        Organisation, related_name="talent_agreements", verbose_name=_("institutions")
    )
    # The first year of each academic year: 2026 means 2026/2027.
    academic_year_start = models.PositiveSmallIntegerField(
        _("from academic year"),
        validators=[MinValueValidator(FIRST_ACADEMIC_YEAR), MaxValueValidator(LAST_ACADEMIC_YEAR)],
    )
    academic_year_end = models.PositiveSmallIntegerField(
        _("to academic year"),
        validators=[MinValueValidator(FIRST_ACADEMIC_YEAR), MaxValueValidator(LAST_ACADEMIC_YEAR)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    # The number of the latest AgreementVersion; 0 while a draft was never put to the parties.
    version_number = models.PositiveIntegerField(_("version"), default=0, editable=False)
    ventures = models.ManyToManyField(
        "ventures.Venture",
        blank=True,
        related_name="talent_agreements",
        verbose_name=_("alliances"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    terminated_at = models.DateTimeField(_("terminated at"), null=True, blank=True, editable=False)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    termination_reason = models.CharField(_("reason for termination"), max_length=500, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inter-institutional agreement")
        verbose_name_plural = _("inter-institutional agreements")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(academic_year_end__gte=models.F("academic_year_start")),
                name="talent_agreement_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent_agreements:detail", kwargs={"pk": self.pk})

    @property
    def iia_id(self) -> str:
        """The identifier the EWP export gives this agreement."""
        return f"silkbridge-iia-{self.pk}"

    def academic_years(self) -> list[str]:
        """EWP academic-year ids ("2026/2027") from the first year to the last."""
        return [
            f"{year}/{year + 1}"
            for year in range(self.academic_year_start, self.academic_year_end + 1)
        ]


class AgreementVersion(models.Model):
    """An immutable snapshot of the terms as they were put to the parties."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    terms = models.JSONField(_("terms"))
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="talent_agreement_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("An agreement version is a record of the past and is never changed.")
        super().save(*args, **kwargs)


class AgreementApproval(models.Model):
    """One party institution's approval of one version of the terms."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="approvals")
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="approvals"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("institution")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement approval")
        verbose_name_plural = _("agreement approvals")
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="talent_one_approval_per_party_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} approves {self.version}"


class CooperationCondition(models.Model):
    """Places one institution sends to another each year, by mobility type, field and level."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    sending_institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sending institution"),
    )
    receiving_institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving institution"),
    )
    mobility_type = models.CharField(
        _("mobility type"), max_length=24, choices=MobilityType.choices
    )
    isced_code = models.CharField(
        _("subject area (ISCED-F)"), max_length=4, validators=[validate_isced_code]
    )
    eqf_level = models.PositiveSmallIntegerField(
        _("study level (EQF)"),
        validators=[MinValueValidator(EQF_MIN), MaxValueValidator(EQF_MAX)],
    )
    people_per_year = models.PositiveIntegerField(
        _("people per year"), validators=[MinValueValidator(1)]
    )
    total_months_per_year = models.DecimalField(
        _("total months per year"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # [{"language": "en", "cefr": "B2"}, ...]
    language_requirements = models.JSONField(
        _("language requirements"),
        default=list,
        blank=True,
        validators=[validate_language_requirements],
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("cooperation condition")
        verbose_name_plural = _("cooperation conditions")
        ordering = ["agreement", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_per_year__gte=1), name="talent_condition_people_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(eqf_level__gte=EQF_MIN, eqf_level__lte=EQF_MAX),
                name="talent_condition_eqf_5_to_8",
            ),
            models.CheckConstraint(
                condition=~models.Q(sending_institution=models.F("receiving_institution")),
                name="talent_condition_two_institutions",
            ),
        ]

    def __str__(self) -> str:
        sending, receiving = self.sending_institution_id, self.receiving_institution_id
        return f"{sending} → {receiving} ({self.isced_code})"
