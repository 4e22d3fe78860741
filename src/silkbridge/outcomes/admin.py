from django.contrib import admin

from silkbridge.outcomes.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "metric", "baseline", "target_value", "period_start", "deadline"]
    list_filter = ["metric", "working_group"]
    search_fields = ["name"]
    raw_id_fields = ["created_by"]
