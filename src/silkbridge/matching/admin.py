from django.contrib import admin

from silkbridge.matching.models import Dismissal, SavedSuggestion


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin):
    list_display = ["organisation", "target_kind", "target_id", "reason", "created_at"]
    list_filter = ["reason", "target_kind"]
    raw_id_fields = ["organisation", "user"]


@admin.register(SavedSuggestion)
class SavedSuggestionAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "target_kind", "target_id", "created_at"]
    raw_id_fields = ["organisation", "user"]
