"""Back office: forums are organised on their own pages (which keep the rules); the admin lists
and inspects the records, and lets staff fix an event's settings or a participant's status."""

from django.contrib import admin

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.forums.models import (
    Event,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Participant,
    Representative,
    ScheduleRun,
    Session,
    TimeSlot,
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "venue", "status"]
    list_filter = ["status"]
    search_fields = ["name", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisers"]
    raw_id_fields = ["created_by"]
    inlines = [SessionInline]
    date_hierarchy = "starts_on"


@admin.register(TimeSlot)
class TimeSlotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "event", "session", "order", "tables", "virtual_rooms"]
    list_filter = ["event"]
    list_select_related = ["event", "session"]


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "event", "participation_type", "status", "checked_in_at"]
    list_filter = ["status", "participation_type", "event"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "event"]
    raw_id_fields = ["event", "organisation", "checked_in_by", "registered_by", "decided_by"]
    readonly_fields = ["checkin_token", "available_slots"]
    inlines = [RepresentativeInline]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "event", "status", "origin", "created_at", "expires_at"]
    list_filter = ["status", "origin", "event"]
    search_fields = ["sender__organisation__name", "receiver__organisation__name"]
    list_select_related = ["event", "sender__organisation", "receiver__organisation"]
    date_hierarchy = "created_at"


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "event", "table", "virtual", "status", "locked", "walk_in"]
    list_filter = ["status", "virtual", "walk_in", "event"]
    search_fields = ["a__organisation__name", "b__organisation__name"]
    list_select_related = ["event", "slot__event", "a__organisation", "b__organisation"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event", "created_at", "created_by", "published_at"]
    list_filter = ["event"]
    list_select_related = ["event", "created_by"]


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "participant", "rating", "follow_up_planned", "created_at"]
    list_filter = ["rating", "follow_up_planned"]
    list_select_related = ["participant__organisation", "meeting__slot__event"]
