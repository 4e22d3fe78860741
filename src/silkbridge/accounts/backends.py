"""Back-office permissions derived from the platform role, so no group has to be kept in sync."""

from django.contrib.auth.backends import BaseBackend

# Silkbridge's own apps plus the audit log; Django's auth groups and sessions stay superuser-only.
SECRETARIAT_APPS = frozenset({"accounts", "directory", "auditlog"})


class PlatformRoleBackend(BaseBackend):
    """The secretariat runs the back office: every permission on the platform's own apps."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return self.has_module_perms(user_obj, perm.split(".", 1)[0])

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return bool(getattr(user_obj, "is_secretariat", False) and app_label in SECRETARIAT_APPS)
