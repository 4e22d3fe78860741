"""Back office: agreements, their conditions, versions and approvals are inspected here; changes
go through the pages and API, whose services keep the version and approval rules."""

from django.contrib import admin

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.talent.agreements.models import (
    Agreement,
    AgreementApproval,
    AgreementVersion,
    CooperationCondition,
)


class ConditionInline(admin.TabularInline):
    model = CooperationCondition
    extra = 0
    can_delete = False
    fields = [
        "sending_institution",
        "receiving_institution",
        "mobility_type",
        "isced_code",
        "eqf_level",
        "people_per_year",
        "total_months_per_year",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = AgreementVersion
    extra = 0
    can_delete = False
    fields = ["number", "change_note", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "version_number",
        "academic_year_start",
        "academic_year_end",
        "updated_at",
    ]
    list_filter = ["status"]
    search_fields = ["title", "institutions__name"]
    inlines = [ConditionInline, VersionInline]


@admin.register(AgreementApproval)
class AgreementApprovalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["agreement", "version", "organisation", "approved_by", "approved_at"]
    list_select_related = ["agreement", "version", "organisation", "approved_by"]
