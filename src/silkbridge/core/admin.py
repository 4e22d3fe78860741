"""Shared pieces of the back office."""

from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Records that the back office lists and acts on, but never adds or edits by form:
    their writes go through services (revoke, commit), which keep the rules and the audit."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Viewing stays possible: Django shows a read-only page without change permission.
        return False
