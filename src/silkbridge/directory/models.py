"""The directory: organisations of both countries, their people, the taxonomy and geography."""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# A profile's description: a few paragraphs, read in lists and on a phone.
DESCRIPTION_MAX_LENGTH = 5000


class Vocabulary(models.TextChoices):
    SECTOR = "sector", _("Sector")
    TECHNOLOGY = "technology", _("Technology")
    SERVICE = "service", _("Service")


class Term(models.Model):
    """A controlled-vocabulary entry with a label in each interface language."""

    vocabulary = models.CharField(_("vocabulary"), max_length=20, choices=Vocabulary.choices)
    slug = models.SlugField(_("slug"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_ru = models.CharField(_("label (Russian)"), max_length=120, blank=True)
    label_kk = models.CharField(_("label (Kazakh)"), max_length=120, blank=True)
    label_ur = models.CharField(_("label (Urdu)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["vocabulary", "label_en"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "slug"], name="unique_term_slug")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language, falling back to English."""
        lang = (get_language() or "en").split("-")[0]
        return getattr(self, f"label_{lang}", "") or self.label_en


class Region(models.Model):
    """A first-level subdivision (ISO 3166-2)."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    country = CountryField(_("country"))
    kind = models.CharField(_("type"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    geonameid = models.PositiveIntegerField(_("GeoNames id"), unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=120)
    country = CountryField(_("country"))
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["country", "-population", "name"]
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    AUTHORITY = "authority", _("Authority")
    ACADEMIC = "academic", _("Academic institution")
    ASSOCIATION = "association", _("Association")


class OrganisationSize(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    MICRO = "micro", _("1–9 people")
    SMALL = "small", _("10–49 people")
    MEDIUM = "medium", _("50–249 people")
    LARGE = "large", _("250–999 people")
    ENTERPRISE = "enterprise", _("1,000 people or more")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    VERIFIED = "verified", _("Verified")


LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("ur", _("Urdu")),
    ("zh", _("Chinese")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("de", _("German")),
    ("fr", _("French")),
    ("pa", _("Punjabi")),
    ("uz", _("Uzbek")),
]


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        """Listed organisations: neither merged into another nor refused at registration."""
        return self.filter(merged_into__isnull=True, registration_refused_at__isnull=True)

    def in_platform_countries(self):
        return self.filter(country__in=settings.SILKBRIDGE_COUNTRIES)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("city")
    )
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("region")
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    # Lower-case host without "www.", kept so imports can recognise an organisation by its site.
    website_domain = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    email = models.EmailField(_("general e-mail"), blank=True)
    phone = models.CharField(_("general phone"), max_length=40, blank=True)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        # A text field's max_length only sizes the form's box; the validator holds imports too.
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    size = models.CharField(
        _("size"), max_length=12, choices=OrganisationSize.choices, blank=True, default=""
    )
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
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
    services = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.SERVICE},
        verbose_name=_("services"),
    )
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Generated for demonstration, not a real body.")
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
    )
    # Registration: a number in the country's format (see directory.registration_numbers), and
    # who registered the organisation themselves; the secretariat then verifies or refuses it.
    registration_number = models.CharField(
        _("registration number"), max_length=40, blank=True, db_index=True
    )
    logo = models.ImageField(_("logo"), upload_to="organisation-logos/", max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True, editable=False)
    # A self-registration the secretariat refused: hidden like a merged record (see active()),
    # kept so the audit log and the registrant's notification still point somewhere.
    registration_refused_at = models.DateTimeField(
        _("registration refused at"), null=True, blank=True, editable=False
    )
    registration_refusal_reason = models.TextField(
        _("reason for refusal"), max_length=1000, blank=True, editable=False
    )
    # Normalised name, short name, description, city and tags, searched by the directory.
    search_text = models.TextField(blank=True, editable=False)
    # The directory's default order before the name: 0 for a verified, complete, IT-relevant
    # profile (see directory.standing), kept current with the search text.
    listing_rank = models.PositiveSmallIntegerField(default=7, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "kind", "name"]),
            models.Index(fields=["verification", "name"]),
            # The directory lists active organisations by standing then name (ignoring case), by
            # name, by country, or newest first, a page at a time.
            models.Index(
                F("listing_rank"),
                Lower("name"),
                F("id"),
                name="org_active_by_standing",
                condition=models.Q(merged_into__isnull=True),
            ),
            models.Index(
                Lower("name"),
                F("id"),
                name="org_active_by_lower_name",
                condition=models.Q(merged_into__isnull=True),
            ),
            models.Index(
                F("country"),
                Lower("name"),
                F("id"),
                name="org_active_by_country_name",
                condition=models.Q(merged_into__isnull=True),
            ),
            models.Index(fields=["-created_at", "-id"], name="org_newest_first"),
            # The visitors' home page counts listed organisations by country and kind: from
            # this index alone, without reading 100,000 rows of the table.
            models.Index(
                fields=["country", "kind"],
                name="org_listed_country_kind",
                condition=models.Q(merged_into__isnull=True, registration_refused_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    def language_labels(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.languages]


class SourceRecord(models.Model):
    """Where an organisation's record came from; one organisation may join several sources."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(_("source"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=255)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("source record")
        verbose_name_plural = _("source records")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="unique_source_record")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class PersonRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class Person(models.Model):
    """Someone at an organisation; with a user account this is also their membership and role."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(
        _("role"), max_length=10, choices=PersonRole.choices, default=PersonRole.MEMBER
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["organisation", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(user__isnull=False),
                name="one_membership_per_user_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    QUEUED = "queued", _("Queued")
    STAGING = "staging", _("Staging")
    PUBLISHING = "publishing", _("Publishing")
    COMMITTED = "committed", _("Committed")
    FAILED = "failed", _("Failed")
    ROLLED_BACK = "rolled_back", _("Rolled back")
    DISCARDED = "discarded", _("Discarded")


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


def new_import_token() -> str:
    """An unguessable token, so a batch's preview URL cannot be found by counting."""
    return secrets.token_urlsafe(24)


class ImportBatch(models.Model):
    """An uploaded file kept between its dry-run preview and its all-or-nothing commit."""

    token = models.CharField(max_length=64, unique=True, default=new_import_token, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    format = models.CharField(_("format"), max_length=8, choices=ImportFormat.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    # Counts written at commit time: {"created": n, "updated": n, "unchanged": n}; or, for a
    # failed commit, {"errors": [...]} with the file and row errors that stopped it.
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    # The background commit: who asked for it, how far staging got, and when the worker last
    # wrote (a batch without a heartbeat for a while is resumed or rolled back by housekeeping).
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committed by"),
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows staged"), default=0)
    attempt = models.PositiveSmallIntegerField(default=0, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("directory:import-preview", kwargs={"token": self.token})

    @property
    def percent_done(self) -> int:
        if self.status in (ImportStatus.PUBLISHING, ImportStatus.COMMITTED):
            return 100
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class ImportStagedRow(models.Model):
    """One prepared row of a batch being committed, invisible to every reader until the batch
    is published in one transaction; keyed by row number, so a resumed worker skips it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="staged_rows")
    row_number = models.PositiveIntegerField()
    action = models.CharField(max_length=12)
    # Not a foreign key: an organisation deleted or merged meanwhile is found at publication.
    organisation_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="unique_staged_row")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
