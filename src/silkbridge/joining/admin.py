"""Back office: claims are inspected here; decisions go through the queue and the API, whose
services grant or remove memberships and tell the claimant."""

from django.contrib import admin

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.joining.models import Claim


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "claimant", "status", "route", "reviewer", "created_at"]
    list_filter = ["status", "route", "reviewer", "organisation__country"]
    search_fields = ["organisation__name", "claimant__email", "matched_email"]
    list_select_related = ["organisation", "claimant"]
    raw_id_fields = ["organisation", "claimant", "decided_by"]
    date_hierarchy = "created_at"
