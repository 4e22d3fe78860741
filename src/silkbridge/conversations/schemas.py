"""JSON shapes of conversations and messages."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from silkbridge.conversations.models import Conversation, Message, MessageAttachment


def _absolute(context: dict[str, Any] | None, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


class ParticipantRef(Schema):
    id: int
    slug: str
    name: str


class ConversationOut(Schema):
    id: int
    subject: str
    organisations: list[ParticipantRef]
    introduction_id: int | None
    created_at: datetime
    last_message_at: datetime | None
    unread: int = Field(description="Messages by others since you last read the thread.")
    url: str

    @staticmethod
    def resolve_organisations(obj: Conversation) -> list[Any]:
        return list(obj.organisations.all())

    @staticmethod
    def resolve_url(obj: Conversation, context: dict[str, Any]) -> str:
        return _absolute(context, obj.get_absolute_url())


class AuthorRef(Schema):
    id: int
    full_name: str


class MessageAttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    download_url: str

    @staticmethod
    def resolve_name(obj: MessageAttachment) -> str:
        return obj.original_name

    @staticmethod
    def resolve_download_url(obj: MessageAttachment, context: dict[str, Any]) -> str:
        path = reverse(
            "api:download_message_attachment",
            kwargs={"conversation_id": obj.message.conversation_id, "attachment_id": obj.pk},
        )
        return _absolute(context, path)


class MessageOut(Schema):
    id: int
    author: AuthorRef | None
    organisation: ParticipantRef | None = Field(
        description="The organisation the author wrote for; null for the secretariat."
    )
    body: str
    created_at: datetime
    attachments: list[MessageAttachmentOut]

    @staticmethod
    def resolve_author(obj: Message) -> AuthorRef | None:
        if obj.author is None:
            return None
        return AuthorRef(id=obj.author.pk, full_name=obj.author.get_full_name() or "")

    @staticmethod
    def resolve_attachments(obj: Message) -> list[MessageAttachment]:
        return list(obj.attachments.all())


class MessagePage(Schema):
    count: int
    page: int
    num_pages: int
    next: str | None = Field(description="Later messages.")
    previous: str | None = Field(description="Earlier messages.")
    items: list[MessageOut] = Field(description="Oldest first.")


class ConversationDetailOut(ConversationOut):
    messages: MessagePage

    @staticmethod
    def resolve_messages(obj: Conversation) -> dict[str, Any]:
        # Set by the API view: one page of messages with its links.
        return obj.messages_body


class ConversationPage(Schema):
    count: int
    next: str | None
    previous: str | None
    items: list[ConversationOut]


class MessageIn(Schema):
    body: str
    organisation_id: int | None = Field(
        None, description="The organisation you write for, if you belong to both sides."
    )


class ThreadIn(Schema):
    organisation_id: int
    subject: str
    body: str
