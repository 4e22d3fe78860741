"""Back office for the secretariat. Saves go through the same services as the pages."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.directory import services
from silkbridge.directory.models import (
    City,
    ImportBatch,
    Organisation,
    Person,
    Region,
    SourceRecord,
    Term,
)


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["full_name", "job_title", "email", "phone", "role", "user"]
    raw_id_fields = ["user"]


class SourceRecordInline(admin.TabularInline):
    model = SourceRecord
    extra = 0
    readonly_fields = ["imported_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "verification", "is_demo", "updated_at"]
    list_filter = ["kind", "country", "verification", "is_demo", "sectors"]
    search_fields = ["name", "short_name", "website_domain"]
    raw_id_fields = ["city", "region"]
    filter_horizontal = ["sectors", "technologies", "services"]
    # A logo is changed on the organisation's edit page, where directory/logos.py checks, shrinks
    # and strips it; an upload here would bypass that.
    readonly_fields = [
        "website_domain",
        "verified_at",
        "verified_by",
        "merged_into",
        "created_at",
        "logo",
    ]
    inlines = [PersonInline, SourceRecordInline]
    list_select_related = ["city"]
    actions = ["mark_verified"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tags are saved after the row; refresh the searchable text once they are in place.
        form.instance.website_domain = services.website_domain(form.instance.website)
        Organisation.objects.filter(pk=form.instance.pk).update(
            website_domain=form.instance.website_domain
        )
        services.refresh_search_text(form.instance)

    @admin.action(description=_("Mark selected organisations as verified"))
    def mark_verified(self, request, queryset):
        for organisation in queryset:
            services.set_verification(actor=request.user, organisation=organisation, verified=True)


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label_en", "vocabulary", "slug", "label_ru", "label_kk", "label_ur"]
    list_filter = ["vocabulary"]
    search_fields = ["label_en", "label_ru", "label_kk", "label_ur", "slug"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "role", "user", "email"]
    list_filter = ["role"]
    search_fields = ["full_name", "email", "organisation__name"]
    raw_id_fields = ["organisation", "user"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "region", "population"]
    list_filter = ["country"]
    search_fields = ["name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "country", "kind"]
    list_filter = ["country"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only history of uploads; previews and commits happen on the import pages."""

    list_display = ["filename", "format", "status", "uploaded_by", "created_at", "finished_at"]
    list_filter = ["status", "format"]
    readonly_fields = [
        "filename",
        "format",
        "status",
        "uploaded_by",
        "report",
        "created_at",
        "finished_at",
    ]
    exclude = ["content"]
