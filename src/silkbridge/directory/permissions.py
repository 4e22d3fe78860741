"""Who may do what in the directory: every view and API operation asks here, nowhere else."""

from django.contrib.auth.models import AnonymousUser

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation, PersonRole

AnyUser = User | AnonymousUser


def is_secretariat(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_secretariat)


def organisation_role(user: AnyUser, organisation: Organisation) -> str | None:
    """The user's role in the organisation ("admin", "member") or None; cached per request user."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_organisation_roles", None)
    if cache is None:
        # No ordering: Person's default order by organisation name would join and sort.
        cache = dict(user.people.order_by().values_list("organisation_id", "role"))
        user.__dict__["_organisation_roles"] = cache
    return cache.get(organisation.pk)


def forget_roles(user: AnyUser) -> None:
    """Drop the cached roles after a membership change in the same request."""
    user.__dict__.pop("_organisation_roles", None)


def can_view_contacts(user: AnyUser, organisation: Organisation) -> bool:
    """People's e-mail and phone: same organisation, secretariat, or an organisation the user's
    own has an accepted introduction with (both sides opted in)."""
    if is_secretariat(user) or organisation_role(user, organisation) is not None:
        return True
    from silkbridge.introductions.selectors import introduced_to

    return introduced_to(user, organisation.pk)


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return is_secretariat(user) or organisation_role(user, organisation) == PersonRole.ADMIN


def can_manage_people(user: AnyUser, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def can_create_organisation(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_verify(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_merge(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_import(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_manage_taxonomy(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_read_audit_log(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_export(user: AnyUser) -> bool:
    """Exports carry no contact details, so any signed-in user may take one."""
    return bool(user.is_authenticated)
