"""Back office for the secretariat. Status changes go through the same services as the pages."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.opportunities import services
from silkbridge.opportunities.models import Opportunity, OpportunityAttachment, SavedSearch


class AttachmentInline(admin.TabularInline):
    model = OpportunityAttachment
    extra = 0
    can_delete = False
    fields = ["original_name", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "type",
        "direction",
        "status",
        "is_anonymous",
        "expires_on",
        "published_at",
    ]
    list_filter = ["status", "type", "direction", "is_anonymous", "target_country"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["sectors", "technologies"]
    readonly_fields = [
        "status",
        "created_by",
        "review_comment",
        "reviewed_by",
        "reviewed_at",
        "submitted_at",
        "published_at",
        "closed_at",
        "expiry_reminder_sent_at",
        "created_at",
    ]
    inlines = [AttachmentInline]
    list_select_related = ["organisation"]
    actions = ["approve", "close"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tags are saved after the row; refresh the searchable text once they are in place.
        services.refresh_search_text(form.instance)

    def _apply(self, request, queryset, action, done) -> None:
        count = 0
        for opportunity in queryset:
            try:
                action(actor=request.user, opportunity=opportunity)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{opportunity}: {text}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Approve and publish the selected submitted opportunities"))
    def approve(self, request, queryset):
        self._apply(request, queryset, services.approve_opportunity, _("%(n)s published."))

    @admin.action(description=_("Close the selected published opportunities"))
    def close(self, request, queryset):
        self._apply(request, queryset, services.close_opportunity, _("%(n)s closed."))


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "user", "query", "notify", "created_at"]
    list_filter = ["notify"]
    search_fields = ["name", "user__email"]
    fields = ["user", "name", "query", "notify", "created_at"]
    readonly_fields = fields
