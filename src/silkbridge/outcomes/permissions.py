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
    """Only the secretariat sees confidential ventures named here: their details belong to their
    parties and the secretariat (the ventures app's rule), and observers read aggregates."""
    return is_secretariat(user)


def can_manage_targets(user: AnyUser) -> bool:
    return is_secretariat(user)
