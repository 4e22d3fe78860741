"""Writes for conversations: opening threads, posting messages with attachments, read state."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silkbridge.accounts.models import User
from silkbridge.conversations import permissions
from silkbridge.conversations.models import (
    BODY_MAX_LENGTH,
    Conversation,
    Message,
    MessageAttachment,
    ReadMark,
)
from silkbridge.core.uploads import validate_attachment
from silkbridge.directory.models import Organisation
from silkbridge.introductions.models import Introduction
from silkbridge.introductions.service_helpers import field_error
from silkbridge.notifications.services import notify, people_of

MAX_ATTACHMENTS = 5
SUBJECT_MAX_LENGTH = 200
CLOSED_MESSAGE = gettext_lazy(
    "This introduction is closed: its conversation stays here to read but takes no new messages."
)


def open_for_introduction(*, introduction: Introduction, actor: User | None = None) -> Conversation:
    """The thread of an accepted introduction (created once; called again, returns it)."""
    conversation = Conversation.objects.filter(introduction=introduction).first()
    if conversation is not None:
        return conversation
    if introduction.opportunity_id:
        subject = introduction.opportunity.title
    else:
        subject = f"{introduction.org_a.name} – {introduction.org_b.name}"
    with transaction.atomic():
        conversation = Conversation.objects.create(
            subject=subject[:SUBJECT_MAX_LENGTH],
            introduction=introduction,
            created_by=actor,
            last_message_at=timezone.now(),
        )
        conversation.organisations.set([introduction.org_a_id, introduction.org_b_id])
    return conversation


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise field_error("body", _("Please write a message."), "required")
    if len(body) > BODY_MAX_LENGTH:
        raise field_error(
            "body",
            _("Please keep it under %(limit)d characters.") % {"limit": BODY_MAX_LENGTH},
            "max_length",
        )
    return body


def _check_files(files: Sequence[UploadedFile]) -> list[str]:
    """Every file checked before anything is written; returns their content types."""
    if len(files) > MAX_ATTACHMENTS:
        raise field_error(
            "files",
            _("At most %(limit)d files can be attached to one message.")
            % {"limit": MAX_ATTACHMENTS},
            "too_many_files",
        )
    types, errors = [], []
    for upload in files:
        try:
            types.append(validate_attachment(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError({"files": errors})
    return types


def _author_organisation(
    actor: User, conversation: Conversation, organisation: Organisation | None
) -> Organisation | None:
    """Which organisation the author writes for: the one given (it must take part), their only
    participating organisation, or none for the secretariat."""
    mine = permissions.participant_organisation_ids(actor, conversation)
    if organisation is not None:
        if organisation.pk not in mine:
            raise PermissionDenied(_("You are not part of this conversation."))
        return organisation
    if mine:
        return Organisation.objects.get(pk=min(mine))
    return None


def _recipients(conversation: Conversation) -> list[User]:
    """Everyone who follows the thread: its organisations' people, and on the secretariat's
    side whoever started it or brokers its introduction."""
    users: list[User] = []
    for organisation in conversation.organisations.all():
        users.extend(people_of(organisation))
    if conversation.created_by_id and conversation.created_by.is_secretariat:
        users.append(conversation.created_by)
    introduction = conversation.introduction
    if introduction is not None and introduction.broker_id:
        users.append(introduction.broker)
    return users


def post_message(
    *,
    actor: User,
    conversation: Conversation,
    body: str,
    files: Sequence[UploadedFile] = (),
    organisation: Organisation | None = None,
) -> Message:
    """Add a message (with up to MAX_ATTACHMENTS checked files) and tell the other participants.
    All in one transaction: a bad file writes nothing, not even the message."""
    if not permissions.can_post(actor, conversation):
        raise PermissionDenied(_("You are not part of this conversation."))
    if not permissions.takes_messages(conversation):
        raise ValidationError(CLOSED_MESSAGE, code="closed")
    files = list(files or [])
    body = _clean_body(body)
    content_types = _check_files(files)
    author_organisation = _author_organisation(actor, conversation, organisation)
    now = timezone.now()
    stored: list[MessageAttachment] = []
    try:
        with transaction.atomic():
            message = Message.objects.create(
                conversation=conversation,
                author=actor,
                organisation=author_organisation,
                body=body,
                created_at=now,
            )
            for upload, content_type in zip(files, content_types, strict=True):
                upload.seek(0)
                attachment = MessageAttachment(
                    message=message,
                    original_name=upload.name[:255],
                    content_type=content_type,
                    size=upload.size,
                )
                attachment.file.save(upload.name, upload, save=False)
                stored.append(attachment)
                attachment.save()
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
            conversation.last_message_at = now
            _set_read(actor, conversation, now)
            author = actor.get_full_name() or actor.email
            if author_organisation is not None:
                author = f"{author} ({author_organisation.name})"
            notify(
                _recipients(conversation),
                "message_received",
                url=conversation.get_absolute_url(),
                params={"author": author, "subject": conversation.subject},
                exclude=actor,
            )
    except BaseException:
        # The rows rolled back; the files they pointed to go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return message


def start_secretariat_thread(
    *,
    actor: User,
    organisation: Organisation,
    subject: str,
    body: str,
    files: Sequence[UploadedFile] = (),
) -> Conversation:
    """The secretariat writes to an organisation: a new thread with its first message."""
    if not permissions.can_start_thread(actor, organisation):
        raise PermissionDenied(_("Only the secretariat can start a thread with an organisation."))
    subject = (subject or "").strip()
    if not subject:
        raise field_error("subject", _("Please give the thread a subject."), "required")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise field_error(
            "subject",
            _("Please keep it under %(limit)d characters.") % {"limit": SUBJECT_MAX_LENGTH},
            "max_length",
        )
    _clean_body(body)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            subject=subject, created_by=actor, last_message_at=timezone.now()
        )
        conversation.organisations.set([organisation])
        post_message(actor=actor, conversation=conversation, body=body, files=files)
    return conversation


def _set_read(user: User, conversation: Conversation, when) -> None:
    # One statement, safe when two tabs mark the same thread at once.
    ReadMark.objects.bulk_create(
        [ReadMark(conversation=conversation, user=user, last_read_at=when)],
        update_conflicts=True,
        unique_fields=["conversation", "user"],
        update_fields=["last_read_at"],
    )


def mark_read(*, actor: User, conversation: Conversation) -> None:
    """Everything in the thread up to now is read by this user."""
    if not permissions.can_view_conversation(actor, conversation):
        raise PermissionDenied(_("You are not part of this conversation."))
    _set_read(actor, conversation, timezone.now())
