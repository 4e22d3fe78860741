"""Places, internships, applications, nominations, learning agreements and mobilities.

A call of a home institution offers places (`CallPlace`): each is one capacity bucket, either a
cooperation condition of an agreement or an internship a company or authority offers. Applicants
rank up to five places; when the call closes the home coordinator allocates them with the
allocation engine; the receiving side accepts or rejects each nomination; an accepted nomination
becomes a mobility with a learning agreement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from silkbridge.core.uploads import attachment_path, get_private_storage
from silkbridge.directory.models import LANGUAGE_CHOICES, Organisation, Term

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000
MOTIVATION_MAX_LENGTH = 5000
EQF_LEVELS = (5, 6, 7, 8)


class CEFRLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class WorkMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Hybrid")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Internship(models.Model):
    """A traineeship a company or authority offers to students of the other country."""

    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="internships",
        verbose_name=_("host"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    subject_area = models.CharField(_("field (ISCED-F)"), max_length=4)
    skills = models.ManyToManyField(Term, blank=True, related_name="+", verbose_name=_("skills"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    stipend_amount = models.DecimalField(
        _("monthly stipend"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    stipend_currency = models.CharField(_("currency"), max_length=3, blank=True)
    language = models.CharField(_("working language"), max_length=8, choices=LANGUAGE_CHOICES)
    language_level = models.CharField(
        _("language level (CEFR)"), max_length=2, choices=CEFRLevel.choices, default="B2"
    )
    work_mode = models.CharField(
        _("remote or on site"), max_length=10, choices=WorkMode.choices, default=WorkMode.ON_SITE
    )
    places = models.PositiveSmallIntegerField(_("places"))
    # Students of this country may apply: the other country of the working group.
    for_country = CountryField(_("for students from"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="talentx_internship_new")]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1), name="talentx_internship_places_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="talentx_internship_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent_exchanges:internship", args=[self.pk])

    @property
    def duration_weeks(self) -> int:
        return max(1, (self.ends_on - self.starts_on).days // 7)


class ApplicantProfile(models.Model):
    """A person's standing at their home institution; its coordinator confirms it once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applicant_profiles",
    )
    home_institution = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="applicant_profiles",
        verbose_name=_("home institution"),
    )
    subject_area = models.CharField(_("field of study (ISCED-F)"), max_length=4)
    study_level = models.PositiveSmallIntegerField(_("study level (EQF)"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "home_institution"], name="talentx_one_profile_per_home_institution"
            ),
            models.CheckConstraint(
                condition=Q(study_level__gte=5, study_level__lte=8),
                name="talentx_profile_eqf_5_to_8",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.home_institution}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ALLOCATED = "allocated", _("Places allocated")


class Call(models.Model):
    """A home institution's call for exchange places and internships, with one deadline."""

    home_institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="talent_calls",
        verbose_name=_("home institution"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    # The first year of the academic year, as agreements keep it: 2026 means 2026/2027.
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    deadline = models.DateTimeField(_("deadline"))
    eligibility = models.TextField(_("eligibility"), max_length=TEXT_MAX_LENGTH, blank=True)
    requires_cv = models.BooleanField(_("a CV is required"), default=True)
    requires_transcript = models.BooleanField(_("transcripts are required"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    allocated_at = models.DateTimeField(null=True, blank=True, editable=False)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("call for places")
        verbose_name_plural = _("calls for places")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent_exchanges:call", args=[self.pk])

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}/{self.academic_year + 1}"

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.deadline


class CallPlace(models.Model):
    """One capacity bucket of a call: a cooperation condition for the call's year, or an
    internship. `host` is the receiving side, copied so lists and permissions need no joins."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="places")
    condition = models.ForeignKey(
        "talent_agreements.CooperationCondition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_places",
        verbose_name=_("cooperation condition"),
    )
    internship = models.ForeignKey(
        Internship,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_places",
        verbose_name=_("internship"),
    )
    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving side")
    )
    label = models.CharField(_("place"), max_length=TITLE_MAX_LENGTH)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    # What the mobility will count as in the outcomes.
    mobility_type = models.CharField(_("mobility type"), max_length=24)
    subject_area = models.CharField(_("subject area"), max_length=4)
    study_level = models.PositiveSmallIntegerField(_("study level (EQF)"), null=True, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["call", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(condition__isnull=True, internship__isnull=False)
                | Q(condition__isnull=False, internship__isnull=True),
                name="talentx_place_is_condition_or_internship",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="talentx_place_capacity_positive"
            ),
            models.UniqueConstraint(
                fields=["call", "condition"],
                condition=Q(condition__isnull=False),
                name="talentx_condition_once_per_call",
            ),
            models.UniqueConstraint(
                fields=["call", "internship"],
                condition=Q(internship__isnull=False),
                name="talentx_internship_once_per_call",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOMINATED = "nominated", _("Nominated")
    UNPLACED = "unplaced", _("No place")
    REFUSED = "refused", _("Refused")
    ACCEPTED = "accepted", _("Accepted by the host")


# After these, nothing more happens to the application: the housekeeping clock runs from
# `decided_at` (for an accepted one, from the end of its mobility).
FINAL_REFUSALS = (
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.UNPLACED,
    ApplicationStatus.REFUSED,
)


class Application(models.Model):
    """One applicant's application to one call, with up to five ranked places.

    Personal data: the motivation, the documents, the home rank and the allocation's reasons
    are seen only by the applicant, their home coordinators and the receiving side of their
    nomination, and are erased by housekeeping (`anonymised_at`) a while after the end.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        ApplicantProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    motivation = models.TextField(_("motivation"), max_length=MOTIVATION_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    home_rank = models.PositiveIntegerField(_("home ranking"), null=True, blank=True)
    place = models.ForeignKey(
        CallPlace, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    choice_number = models.PositiveSmallIntegerField(null=True, blank=True)
    # The allocation's reasons: [{"place": id, "reason": "full"|"not_ranked", "rank", "lowest"}].
    refusals = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["call", "status"], name="talentx_app_call_status"),
            # Newest first, with the columns lists filter on: a deep page's ids are read from
            # the index alone.
            models.Index(
                fields=["-submitted_at", "-id", "call", "applicant"],
                name="talentx_app_newest_reach",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"],
                condition=Q(applicant__isnull=False),
                name="talentx_one_application_per_call",
            ),
            models.UniqueConstraint(
                fields=["call", "home_rank"],
                condition=Q(home_rank__isnull=False),
                name="talentx_home_rank_unique_in_call",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("talent_exchanges:application", args=[self.pk])


class ApplicationChoice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    place = models.ForeignKey(CallPlace, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "place"], name="talentx_place_chosen_once"
            ),
            models.UniqueConstraint(
                fields=["application", "position"], name="talentx_position_once"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=5), name="talentx_choice_position_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.position}. {self.place_id}"


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    TRANSCRIPT = "transcript", _("Transcript of records")


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(storage=get_private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "kind", "pk"]

    def __str__(self) -> str:
        return self.original_name


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the host")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Nomination(models.Model):
    """The home institution puts an allocated applicant forward; the receiving side decides."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="nomination"
    )
    place = models.ForeignKey(CallPlace, on_delete=models.PROTECT, related_name="nominations")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="talentx_nomination_newest"),
            models.Index(fields=["status", "-created_at", "-id"], name="talentx_nomination_status"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class MobilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Each status and the statuses it may move to.
MOBILITY_MOVES = {
    MobilityStatus.PLANNED: (MobilityStatus.STARTED, MobilityStatus.CANCELLED),
    MobilityStatus.STARTED: (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED),
    MobilityStatus.COMPLETED: (),
    MobilityStatus.CANCELLED: (),
}


class Mobility(models.Model):
    """A person's stay at the receiving side. The figures the outcomes count (countries, type,
    subject area, level) are copied here, so they outlive the applicant's anonymised rows."""

    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="mobility")
    status = models.CharField(
        _("status"), max_length=10, choices=MobilityStatus.choices, default=MobilityStatus.PLANNED
    )
    sending_country = CountryField(_("from"))
    receiving_country = CountryField(_("to"))
    mobility_type = models.CharField(_("mobility type"), max_length=24)
    subject_area = models.CharField(_("subject area"), max_length=4)
    study_level = models.PositiveSmallIntegerField(_("study level (EQF)"), null=True, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        ordering = ["-planned_start", "-pk"]
        indexes = [
            models.Index(fields=["status"], name="talentx_mobility_status"),
            models.Index(fields=["-planned_start", "-id"], name="talentx_mobility_newest"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("talent_exchanges:mobility", args=[self.pk])


class PlanKind(models.TextChoices):
    COURSES = "courses", _("Courses")
    TRAINEESHIP = "traineeship", _("Traineeship plan")


class LearningAgreement(models.Model):
    """What the person will study or do abroad, with credits; approved by the student and both
    sides. Changing the plan clears the approvals, so everyone approves the same plan."""

    mobility = models.OneToOneField(
        Mobility, on_delete=models.CASCADE, related_name="learning_agreement"
    )
    plan_kind = models.CharField(
        _("plan"), max_length=12, choices=PlanKind.choices, default=PlanKind.COURSES
    )
    version = models.PositiveIntegerField(default=0)
    student_approved_at = models.DateTimeField(null=True, blank=True)
    home_approved_at = models.DateTimeField(null=True, blank=True)
    home_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    host_approved_at = models.DateTimeField(null=True, blank=True)
    host_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("learning agreement")
        verbose_name_plural = _("learning agreements")

    def __str__(self) -> str:
        return f"#{self.pk} v{self.version}"

    @property
    def approved(self) -> bool:
        return bool(self.student_approved_at and self.home_approved_at and self.host_approved_at)


class LearningComponent(models.Model):
    """A course or traineeship task with its credits (ECTS)."""

    agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="components"
    )
    title = models.CharField(_("course or task"), max_length=TITLE_MAX_LENGTH)
    code = models.CharField(_("code"), max_length=40, blank=True)
    credits = models.DecimalField(_("credits (ECTS)"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["agreement", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credits__gt=0), name="talentx_component_credits_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title
