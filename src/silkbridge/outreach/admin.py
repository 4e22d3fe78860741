"""Back office: campaigns and their contacts are inspected here; sending, reminding and claiming
go through the pages, whose services keep the rules."""

from django.contrib import admin

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.outreach.models import Campaign, Contact


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "status", "language", "created_by", "created_at", "sent_at"]
    list_filter = ["status", "language"]
    search_fields = ["name", "filename"]
    exclude = ["content"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "organisation", "campaign", "status", "sent_at", "joined_at"]
    list_filter = ["status"]
    search_fields = ["email", "full_name", "organisation__name"]
    raw_id_fields = ["organisation", "campaign", "user"]
    exclude = ["token_hash"]
