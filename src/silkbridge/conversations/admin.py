"""Back office: conversations are read here; messages are written only through the pages/API."""

from django.contrib import admin

from silkbridge.conversations.models import Conversation, Message, MessageAttachment
from silkbridge.core.admin import ReadOnlyAdminMixin


class MessageInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Message
    fields = ["author", "organisation", "body", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "introduction", "created_at", "last_message_at"]
    search_fields = ["subject", "organisations__name"]
    raw_id_fields = ["introduction", "created_by"]
    inlines = [MessageInline]
    date_hierarchy = "created_at"


class AttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = MessageAttachment
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "conversation", "author", "organisation", "created_at"]
    list_select_related = ["conversation", "author", "organisation"]
    raw_id_fields = ["conversation", "author", "organisation"]
    search_fields = ["body"]
    inlines = [AttachmentInline]
