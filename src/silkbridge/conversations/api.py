"""Conversations over the API: threads with unread counts, messages (JSON or multipart with
files), read state, secretariat threads and attachment downloads. Same selectors, services and
permission checks as the pages; a thread one is not part of is a 404, as on the page."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page as DjangoPage
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from silkbridge.api import ERROR_RESPONSES
from silkbridge.api_parser import parse_json_body, refuse_unstorable_text
from silkbridge.conversations import permissions, selectors, services
from silkbridge.conversations.forms import ThreadForm
from silkbridge.conversations.models import Conversation
from silkbridge.conversations.schemas import (
    ConversationDetailOut,
    ConversationPage,
    MessageIn,
    MessageOut,
    ThreadIn,
)
from silkbridge.core.uploads import download_response
from silkbridge.directory.models import Organisation

conversations_router = Router(tags=["conversations"])


class PageIn(Schema):
    page: int | None = Field(None, ge=1, description="From 1; messages default to the latest.")


BINARY = {"type": "string", "format": "binary"}
MESSAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["body"],
                    "properties": {
                        "body": {"type": "string", "maxLength": 10000},
                        "organisation_id": {"type": "integer", "nullable": True},
                    },
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["body"],
                    "properties": {
                        "body": {"type": "string", "maxLength": 10000},
                        "organisation_id": {"type": "integer"},
                        "files": {"type": "array", "items": BINARY},
                    },
                }
            },
        },
    }
}
FILE_RESPONSE = {
    "responses": {
        "200": {
            "description": "The file, as an attachment.",
            "content": {"application/pdf": {"schema": BINARY}, "image/*": {"schema": BINARY}},
        }
    }
}


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _page_body(request: HttpRequest, page: DjangoPage, requested: int | None) -> dict[str, Any]:
    """A Django page as the API's page; a page past the end is empty, not the last one."""
    beyond = requested is not None and requested != page.number
    return {
        "count": page.paginator.count,
        "page": requested or page.number,
        "num_pages": page.paginator.num_pages,
        "next": _link(request, page.number + 1) if page.has_next() and not beyond else None,
        "previous": _link(request, page.number - 1) if page.has_previous() else None,
        "items": [] if beyond else list(page.object_list),
    }


def _detail(request: HttpRequest, conversation: Conversation, page: int | None) -> Conversation:
    conversation.unread = selectors.unread_count(request.user, conversation)
    messages = selectors.messages_page(conversation, page)
    conversation.messages_body = _page_body(request, messages, page)
    return conversation


@conversations_router.get("", response=_ok(ConversationPage), summary="My conversations")
def list_conversations(request: HttpRequest, filters: Query[PageIn]) -> Any:
    """Threads of your organisations (every thread, for the secretariat), newest activity
    first, each with its number of unread messages."""
    page = selectors.conversation_list(request.user, filters.page)
    body = _page_body(request, page, filters.page)
    body.pop("page")
    body.pop("num_pages")
    return body


@conversations_router.post(
    "", response={201: ConversationDetailOut, **ERROR_RESPONSES}, summary="Write to an organisation"
)
def start_thread(request: HttpRequest, payload: ThreadIn) -> Any:
    """Secretariat: a new thread with an organisation, with its first message."""
    if not permissions.can_start_thread(request.user):
        raise PermissionDenied(_("Only the secretariat can start a thread with an organisation."))
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": _("No such organisation.")}, code="invalid")
    form = ThreadForm({"subject": payload.subject, "body": payload.body})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    conversation = services.start_secretariat_thread(
        actor=request.user,
        organisation=organisation,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
    )
    return Status(201, _detail(request, conversation, None))


@conversations_router.get(
    "/{conversation_id}", response=_ok(ConversationDetailOut), summary="Read a thread"
)
def get_conversation(request: HttpRequest, conversation_id: int, filters: Query[PageIn]) -> Any:
    """The thread and one page of its messages (oldest first; the latest page by default).
    Reading does not mark it read: POST …/read does."""
    conversation = selectors.get_conversation(request.user, conversation_id)
    return _detail(request, conversation, filters.page)


def _message_input(request: HttpRequest) -> tuple[MessageIn, list]:
    """The message from a JSON body, or from a multipart form with its files."""
    if request.content_type == "multipart/form-data":
        raw: Any = {
            "body": request.POST.get("body", ""),
            "organisation_id": request.POST.get("organisation_id") or None,
        }
        files = request.FILES.getlist("files")
        refuse_unstorable_text(raw, "body")
    else:
        raw = parse_json_body(request) if request.body else None
        files = []
    try:
        return MessageIn.model_validate(raw), files
    except PydanticValidationError as error:
        raise NinjaValidationError(
            [
                {**detail, "loc": ("body", *detail["loc"])}
                for detail in error.errors(include_url=False)
            ]
        ) from None


@conversations_router.post(
    "/{conversation_id}/messages",
    response={201: MessageOut, **ERROR_RESPONSES},
    summary="Write a message",
    openapi_extra=MESSAGE_BODY,
)
def post_message(request: HttpRequest, conversation_id: int) -> Any:
    """JSON `{"body": …}`, or multipart/form-data with `body` and up to five `files` (PDF or
    images). A bad file stores nothing, not even the message."""
    conversation = selectors.get_conversation(request.user, conversation_id)
    payload, files = _message_input(request)
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation_id": _("No such organisation.")}, code="invalid")
    message = services.post_message(
        actor=request.user,
        conversation=conversation,
        body=payload.body,
        files=files,
        organisation=organisation,
    )
    return Status(201, message)


@conversations_router.post(
    "/{conversation_id}/read", response={204: None, **ERROR_RESPONSES}, summary="Mark read"
)
def mark_read(request: HttpRequest, conversation_id: int) -> Any:
    """Everything in the thread up to now is read by you."""
    conversation = selectors.get_conversation(request.user, conversation_id)
    services.mark_read(actor=request.user, conversation=conversation)
    return Status(204, None)


@conversations_router.get(
    "/{conversation_id}/attachments/{attachment_id}",
    response=ERROR_RESPONSES,
    url_name="download_message_attachment",
    summary="Download a file",
    openapi_extra=FILE_RESPONSE,
)
def download_attachment(request: HttpRequest, conversation_id: int, attachment_id: int) -> Any:
    attachment = selectors.get_attachment(request.user, attachment_id)
    if attachment.message.conversation_id != conversation_id:
        raise Http404("No such file")
    return download_response(attachment)
