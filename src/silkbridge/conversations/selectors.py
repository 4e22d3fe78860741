"""Reading conversations: what the user may see, newest activity first, with unread counts."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from silkbridge.conversations import permissions
from silkbridge.conversations.models import Conversation, Message, MessageAttachment, ReadMark
from silkbridge.directory.permissions import is_secretariat
from silkbridge.introductions.selectors import member_organisation_ids

PAGE_SIZE = 20
MESSAGES_PER_PAGE = 50


def _last_read(user) -> Subquery:
    return Subquery(
        ReadMark.objects.filter(conversation=OuterRef("pk"), user=user).values("last_read_at")[:1]
    )


def _unread_messages(user) -> Subquery:
    """Messages by others after the user's read mark (all of them without a mark)."""
    last_read = ReadMark.objects.filter(conversation=OuterRef("conversation"), user=user).values(
        "last_read_at"
    )[:1]
    messages = (
        Message.objects.filter(conversation=OuterRef("pk"))
        .exclude(author=user)
        .annotate(last_read=Subquery(last_read))
        .filter(Q(last_read__isnull=True) | Q(created_at__gt=F("last_read")))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(messages, output_field=IntegerField()), 0)


def visible_conversations(user) -> QuerySet[Conversation]:
    """Threads of the user's organisations; the secretariat sees every thread."""
    if is_secretariat(user):
        return Conversation.objects.all()
    mine = member_organisation_ids(user)
    if not mine:
        return Conversation.objects.none()
    return Conversation.objects.filter(
        Exists(
            Conversation.organisations.through.objects.filter(
                conversation_id=OuterRef("pk"), organisation_id__in=mine
            )
        )
    )


def _followed(user) -> QuerySet[Conversation]:
    """Threads whose unread messages count for the user: their organisations' threads, and for
    the secretariat the threads it started or brokers (it can read all, but follows these)."""
    if not is_secretariat(user):
        return visible_conversations(user)
    mine = member_organisation_ids(user)
    return Conversation.objects.filter(
        Q(created_by=user)
        | Q(introduction__broker=user)
        | Exists(
            Conversation.organisations.through.objects.filter(
                conversation_id=OuterRef("pk"), organisation_id__in=mine
            )
        )
    )


def conversation_list(user, page_number=None) -> Page:
    """One page of the user's threads, newest activity first, each with `unread`."""
    qs = (
        visible_conversations(user)
        .annotate(unread=_unread_messages(user))
        .prefetch_related("organisations")
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


def unread_count(user, conversation: Conversation) -> int:
    """Messages by others in one thread since the user last read it."""
    last_read = (
        ReadMark.objects.filter(conversation=conversation, user=user)
        .values_list("last_read_at", flat=True)
        .first()
    )
    qs = conversation.messages.exclude(author=user)
    if last_read is not None:
        qs = qs.filter(created_at__gt=last_read)
    return qs.count()


def unread_total(user) -> int:
    """Unread messages across the threads the user follows (for the navigation badge).

    Only threads with activity after the user's read mark are looked at, so this stays cheap."""
    if not user.is_authenticated:
        return 0
    candidates = (
        _followed(user)
        .annotate(last_read=_last_read(user))
        .filter(Q(last_read__isnull=True) | Q(last_message_at__gt=F("last_read")))
        .values("pk")
    )
    last_read = ReadMark.objects.filter(conversation=OuterRef("conversation"), user=user).values(
        "last_read_at"
    )[:1]
    return (
        Message.objects.filter(conversation__in=candidates)
        .exclude(author=user)
        .annotate(last_read=Subquery(last_read))
        .filter(Q(last_read__isnull=True) | Q(created_at__gt=F("last_read")))
        .count()
    )


def get_conversation(user, pk: int) -> Conversation:
    """A thread the user may see; 404 for everybody else."""
    conversation = get_object_or_404(
        Conversation.objects.select_related("introduction", "created_by"), pk=pk
    )
    if not permissions.can_view_conversation(user, conversation):
        raise Http404
    return conversation


def messages_page(conversation: Conversation, page_number=None) -> Page:
    """Messages oldest first; without a page number, the latest page."""
    qs = conversation.messages.select_related("author", "organisation").prefetch_related(
        "attachments"
    )
    paginator = Paginator(qs, MESSAGES_PER_PAGE)
    return paginator.get_page(page_number or paginator.num_pages)


def get_attachment(user, pk: int) -> MessageAttachment:
    attachment = get_object_or_404(
        MessageAttachment.objects.select_related("message__conversation"), pk=pk
    )
    if not permissions.can_view_conversation(user, attachment.message.conversation):
        raise Http404
    return attachment
