"""Who may read and write in a conversation: its organisations' people and the secretariat."""

from __future__ import annotations

from silkbridge.conversations.models import Conversation
from silkbridge.directory.models import Organisation
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.models import OPEN_STATUSES
from silkbridge.introductions.selectors import member_organisation_ids


def participant_organisation_ids(user: AnyUser, conversation: Conversation) -> set[int]:
    """Which of the conversation's organisations the user belongs to."""
    mine = member_organisation_ids(user)
    if not mine:
        return set()
    ids = {org.pk for org in conversation.organisations.all()}
    return ids & mine


def is_participant(user: AnyUser, conversation: Conversation) -> bool:
    return bool(participant_organisation_ids(user, conversation))


def can_view_conversation(user: AnyUser, conversation: Conversation) -> bool:
    return is_secretariat(user) or is_participant(user, conversation)


def can_post(user: AnyUser, conversation: Conversation) -> bool:
    return can_view_conversation(user, conversation)


def takes_messages(conversation: Conversation) -> bool:
    """The thread of an introduction that is no longer open stays readable but takes no message."""
    introduction = conversation.introduction
    return introduction is None or introduction.status in OPEN_STATUSES


def can_start_thread(user: AnyUser, organisation: Organisation | None = None) -> bool:
    """Secretariat threads with an organisation are started by the secretariat."""
    return is_secretariat(user)
