"""Back office: interests and introductions are listed and inspected here; their state changes
go through the services (and the secretariat's pages), which keep the double opt-in rules."""

from django.contrib import admin

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.introductions.models import Interest, Introduction


@admin.register(Interest)
class InterestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "opportunity", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "opportunity__title"]
    list_select_related = ["organisation", "opportunity"]
    raw_id_fields = ["opportunity", "organisation", "created_by", "responded_by"]
    date_hierarchy = "created_at"


@admin.register(Introduction)
class IntroductionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "origin",
        "status",
        "a_response",
        "b_response",
        "broker",
        "expires_at",
    ]
    list_filter = ["status", "origin"]
    search_fields = ["org_a__name", "org_b__name"]
    list_select_related = ["org_a", "org_b", "broker"]
    raw_id_fields = [
        "org_a",
        "org_b",
        "interest",
        "opportunity",
        "proposed_by",
        "a_responded_by",
        "b_responded_by",
        "broker",
        "closed_by",
    ]
    date_hierarchy = "created_at"
