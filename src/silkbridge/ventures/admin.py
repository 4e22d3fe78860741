"""Back office: ventures, their parties and stage history, and exchange rates are inspected here;
changes go through the pages and API, whose services keep the stage rules and write the history."""

from django.contrib import admin

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.ventures.models import ExchangeRate, StageChange, Venture, VentureParty


class PartyInline(admin.TabularInline):
    model = VentureParty
    extra = 0
    can_delete = False
    raw_id_fields = ["organisation"]
    readonly_fields = ["organisation", "role"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ["changed_on", "from_stage", "to_stage", "author", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Venture)
class VentureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "stage", "origin", "confidential", "value_usd", "started_on"]
    list_filter = ["stage", "kind", "origin", "confidential"]
    search_fields = ["title", "parties__organisation__name"]
    list_select_related = ["working_group"]
    inlines = [PartyInline, StageChangeInline]
    date_hierarchy = "started_on"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["currency", "usd_per_unit", "valid_from", "source", "is_reference"]
    list_filter = ["currency", "is_reference"]
