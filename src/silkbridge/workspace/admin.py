"""Back office: groups and their records are listed and inspected here; changes go through
the workspace pages and services, which keep the co-chair and membership rules."""

from django.contrib import admin

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.workspace.models import (
    ActionItem,
    GroupDocument,
    GroupMeeting,
    GroupMembership,
    WorkingGroup,
)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]


@admin.register(GroupMembership)
class GroupMembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "group", "role", "organisation"]
    list_filter = ["role", "group"]
    list_select_related = ["user", "group", "organisation"]
    exclude = ["feed_token"]


@admin.register(GroupMeeting)
class GroupMeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "time_zone", "status"]
    list_filter = ["status", "group"]
    list_select_related = ["group"]
    date_hierarchy = "starts_at"


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "owner_user", "owner_organisation", "due_on", "status"]
    list_filter = ["status", "group"]
    list_select_related = ["group", "owner_user", "owner_organisation"]
    search_fields = ["title"]
    raw_id_fields = ["decision", "owner_user", "owner_organisation", "created_by"]


@admin.register(GroupDocument)
class GroupDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "meeting", "content_type", "size", "uploaded_at"]
    list_select_related = ["group", "meeting"]
    fields = ["title", "group", "meeting", "original_name", "content_type", "size", "uploaded_at"]
