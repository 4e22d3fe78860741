"""Who may do what with invitation campaigns: every view asks here."""

from silkbridge.directory import permissions as directory_permissions
from silkbridge.directory.permissions import AnyUser


def can_send(user: AnyUser) -> bool:
    """Upload lists, send invitations and reminders: the secretariat only."""
    return directory_permissions.is_secretariat(user)


def can_read(user: AnyUser) -> bool:
    """Follow the funnel: the secretariat, and observers who report on it."""
    return can_send(user) or bool(user.is_authenticated and user.is_observer)
