"""Who may see outcomes and set targets: every view and API operation asks here."""

from __future__ import annotations

from silkbridge.directory.permissions import AnyUser, is_secretariat

__all__ = [
    "can_manage_targets",
    "can_see_confidential",
    "can_view_dashboard",
    "is_secretariat",
]


def can_view_dashboard(user: AnyUser) -> bool:
    """Aggregated figures for anyone signed in; confidential ventures are counted, not named."""
    return bool(user.is_authenticated)


def can_see_confidential(user: AnyUser) -> bool:
    """The secretariat and observers see every venture by name, confidential ones included."""
    return is_secretariat(user) or bool(user.is_authenticated and user.is_observer)


def can_manage_targets(user: AnyUser) -> bool:
    return is_secretariat(user)
