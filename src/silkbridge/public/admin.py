from django.contrib import admin

from silkbridge.public.models import LegalText


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    """Read-only: a new version is published from the page, which keeps the numbering."""

    list_display = ["kind", "version", "updated_at", "updated_by"]
    list_filter = ["kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
