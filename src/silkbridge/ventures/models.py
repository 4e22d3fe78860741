"""Ventures and academic alliances: what came of a connection, traced from origin to outcome."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import Organisation, Term, Vocabulary

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500
AMOUNT_DIGITS = 18
RATE_DIGITS = 20
RATE_DECIMALS = 10


def plain_decimal(value: Decimal | None) -> str:
    """A rate without trailing zeros or an exponent: 0.0021, not 0.0021000000 or 2.1E-3."""
    if value is None:
        return ""
    return f"{Decimal(str(value)).normalize():f}"


class VentureKind(models.TextChoices):
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    SERVICES_CONTRACT = "services_contract", _("Outsourcing or services contract")
    AUTHORITY_PILOT = "authority_pilot", _("Pilot with an authority")
    MOU = "mou", _("Memorandum of understanding")
    INVESTMENT = "investment", _("Investment")
    ACADEMIC_EXCHANGE = "academic_exchange", _("Academic exchange")
    JOINT_PROGRAMME = "joint_programme", _("Joint programme")
    INTERNSHIP_PROGRAMME = "internship_programme", _("Internship programme")


ACADEMIC_KINDS = frozenset(
    {
        VentureKind.ACADEMIC_EXCHANGE,
        VentureKind.JOINT_PROGRAMME,
        VentureKind.INTERNSHIP_PROGRAMME,
    }
)


class VentureStage(models.TextChoices):
    INTRODUCED = "introduced", _("Introduced")
    IN_TALKS = "in_talks", _("In talks")
    MOU_SIGNED = "mou_signed", _("MoU signed")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    DELIVERING = "delivering", _("Delivering")
    COMPLETED = "completed", _("Completed")
    STALLED = "stalled", _("Stalled")
    DROPPED = "dropped", _("Dropped")


# The main path, in order; stalled and dropped sit beside it.
STAGE_PATH = [
    VentureStage.INTRODUCED,
    VentureStage.IN_TALKS,
    VentureStage.MOU_SIGNED,
    VentureStage.CONTRACT_SIGNED,
    VentureStage.DELIVERING,
    VentureStage.COMPLETED,
]
OPEN_STAGES = frozenset(STAGE_PATH[:-1]) | {VentureStage.STALLED}
CLOSED_STAGES = frozenset({VentureStage.COMPLETED, VentureStage.DROPPED})
# A venture is "signed" once it reaches one of these, and "contracted" once one of the second.
SIGNED_STAGES = (
    VentureStage.MOU_SIGNED,
    VentureStage.CONTRACT_SIGNED,
    VentureStage.DELIVERING,
    VentureStage.COMPLETED,
)
CONTRACT_STAGES = (VentureStage.CONTRACT_SIGNED, VentureStage.DELIVERING, VentureStage.COMPLETED)
# Venture fields only ventures.stages writes (from the stage history), never a details form.
FIRST_DATE_FIELDS = ("first_signed_on", "first_contracted_on")


def first_dates(moves) -> tuple[date | None, date | None]:
    """The first date of a change into a signed stage and into a contract stage, from
    (to_stage, changed_on) pairs in any order: what Venture.first_signed_on and
    first_contracted_on hold."""
    moves = list(moves)
    signed = [day for stage, day in moves if stage in SIGNED_STAGES]
    contracted = [day for stage, day in moves if stage in CONTRACT_STAGES]
    return (min(signed) if signed else None, min(contracted) if contracted else None)


class VentureOrigin(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    B2B_MEETING = "b2b_meeting", _("B2B meeting")
    WORKING_GROUP_DECISION = "working_group_decision", _("Working-group decision")
    MANUAL = "manual", _("Recorded directly")


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


class Venture(models.Model):
    """A collaboration the platform helped start, with its parties, value and stage history.

    The stage is only written by the services with a conditional UPDATE on the stage the writer
    saw, so two parties moving it at once cannot both win; each move leaves a StageChange.
    """

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=VentureKind.choices)
    stage = models.CharField(
        _("stage"), max_length=20, choices=VentureStage.choices, default=VentureStage.INTRODUCED
    )
    origin = models.CharField(
        _("origin"), max_length=24, choices=VentureOrigin.choices, default=VentureOrigin.MANUAL
    )
    origin_introduction = models.ForeignKey(
        "introductions.Introduction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ventures",
        verbose_name=_("introduction"),
    )
    # A forums B2B meeting or a working-group decision.
    origin_content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin_object = GenericForeignKey("origin_content_type", "origin_object_id")
    # What the origin was called when the venture was recorded, so lists need no lookups.
    origin_label = models.CharField(_("origin"), max_length=255, blank=True)
    working_group = models.ForeignKey(
        "workspace.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ventures",
        verbose_name=_("working group"),
    )
    sectors = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.SECTOR},
        verbose_name=_("sectors"),
    )
    value_amount = models.DecimalField(
        _("value"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    value_currency = models.CharField(_("currency"), max_length=3, blank=True)
    usd_rate = models.DecimalField(
        _("US dollars per unit"),
        max_digits=RATE_DIGITS,
        decimal_places=RATE_DECIMALS,
        null=True,
        blank=True,
    )
    value_usd = models.DecimalField(
        _("value in US dollars"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    people_exchanged = models.PositiveIntegerField(_("students or staff exchanged"), default=0)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the parties and the secretariat see the details; counts stay in totals."),
    )
    started_on = models.DateField(_("started on"))
    stage_changed_at = models.DateTimeField(default=timezone.now)
    # Derived from the stage changes and kept exact by the services (ventures.stages), so the
    # outcomes figures filter on an index instead of searching every venture's history.
    first_signed_on = models.DateField(null=True, blank=True, editable=False)
    first_contracted_on = models.DateField(null=True, blank=True, editable=False)
    # Academic alliances only.
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    intake_dates = models.JSONField(_("intake dates"), null=True, blank=True)
    fields_of_study = models.TextField(_("fields of study"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    last_update_reminder_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("venture")
        verbose_name_plural = _("ventures")
        ordering = ["-stage_changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value_amount__isnull=True) | models.Q(value_amount__gte=0),
                name="venture_value_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["-stage_changed_at", "-id"], name="venture_recent"),
            models.Index(fields=["stage", "kind"], name="venture_stage_kind"),
            models.Index(fields=["kind", "started_on"], name="venture_kind_started"),
            models.Index(fields=["started_on"], name="venture_started"),
            models.Index(fields=["first_signed_on"], name="venture_first_signed"),
            models.Index(fields=["first_contracted_on"], name="venture_first_contracted"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ventures:detail", kwargs={"pk": self.pk})

    def details_fields(self) -> list[str]:
        """Every stored field but the first dates: what saving edited details may write, so a
        copy read before a stage change cannot put back old dates."""
        return [
            f.name
            for f in self._meta.concrete_fields
            if not f.primary_key and f.name not in FIRST_DATE_FIELDS
        ]

    @property
    def is_academic_alliance(self) -> bool:
        return self.kind in ACADEMIC_KINDS

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def rate_text(self) -> str:
        return plain_decimal(self.usd_rate)


class VentureParty(models.Model):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="venture_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=PartyRole.choices, default=PartyRole.PARTNER
    )
    # The party's own consent, given by its organisation's admin: the venture is a public
    # success story only while every party has it on (see ventures.publicity).
    public_story = models.BooleanField(_("public success story"), default=False)

    class Meta:
        verbose_name = _("venture party")
        verbose_name_plural = _("venture parties")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["venture", "organisation"], name="one_party_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["organisation", "venture"], name="venture_party_org")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class StageChange(models.Model):
    """One move of a venture's stage: when it happened, who recorded it and, going back, why."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(
        _("from"), max_length=20, choices=VentureStage.choices, blank=True
    )
    to_stage = models.CharField(_("to"), max_length=20, choices=VentureStage.choices)
    changed_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_on", "id"]
        indexes = [
            models.Index(fields=["venture", "changed_on", "id"], name="stage_change_timeline"),
            models.Index(fields=["to_stage", "changed_on"], name="stage_change_to_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.venture_id}: {self.from_stage or '—'} → {self.to_stage} ({self.changed_on})"


class ExchangeRate(models.Model):
    """US dollars per unit of a currency from a date on, as the secretariat recorded it."""

    currency = models.CharField(_("currency"), max_length=3)
    usd_per_unit = models.DecimalField(
        _("US dollars per unit"), max_digits=RATE_DIGITS, decimal_places=RATE_DECIMALS
    )
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=300)
    is_reference = models.BooleanField(
        _("reference value"),
        default=False,
        help_text=_("An approximate value seeded with the platform, not an official rate."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="one_rate_per_day"),
            models.CheckConstraint(
                condition=models.Q(usd_per_unit__gt=0), name="exchange_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate_text} USD ({self.valid_from})"

    @property
    def rate_text(self) -> str:
        return plain_decimal(self.usd_per_unit)
