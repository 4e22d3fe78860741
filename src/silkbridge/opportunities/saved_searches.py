"""Saved searches of the opportunity list, and telling their owners of new matching posts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.notifications.services import notify, people_of
from silkbridge.opportunities import permissions
from silkbridge.opportunities.models import Opportunity, SavedSearch, Status

# Query parameters of the search page that a saved search keeps (never the page number).
SEARCH_PARAMS = (
    "q",
    "type",
    "direction",
    "country",
    "sector",
    "technology",
    "kind",
    "partner_kind",
    "deadline_after",
    "sort",
)


def clean_search_query(query: str | QueryDict | dict) -> str:
    """The search page's query string reduced to its filters, in a fixed order."""
    params = QueryDict(query) if isinstance(query, str) else query
    pairs = []
    for key in SEARCH_PARAMS:
        value = (params.get(key) or "").strip()
        if value:
            pairs.append((key, value))
    return urlencode(pairs)


def save_search(*, actor: User, name: str, query: str, notify: bool = True) -> SavedSearch:
    """Keep a search under a name (unique per user) to rerun it and hear of new matches."""
    if not permissions.can_save_search(actor):
        raise PermissionDenied(_("Sign in to save searches."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")}, code="required")
    duplicate = ValidationError(
        {"name": _("You already have a saved search called “%(name)s”.") % {"name": name}},
        code="duplicate",
    )
    if SavedSearch.objects.filter(user=actor, name=name).exists():
        raise duplicate
    saved = SavedSearch(user=actor, name=name, query=clean_search_query(query), notify=notify)
    saved.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:
        raise duplicate from None
    return saved


def update_saved_search(*, actor: User, saved_search: SavedSearch, notify: bool) -> SavedSearch:
    if not permissions.can_manage_saved_search(actor, saved_search):
        raise PermissionDenied(_("This is not your saved search."))
    SavedSearch.objects.filter(pk=saved_search.pk).update(notify=notify)
    saved_search.notify = notify
    return saved_search


def delete_saved_search(*, actor: User, saved_search: SavedSearch) -> None:
    if not permissions.can_manage_saved_search(actor, saved_search):
        raise PermissionDenied(_("This is not your saved search."))
    saved_search.delete()


def notify_saved_search_matches(opportunity_id: int) -> int:
    """Tell each user whose saved search (with notifications on) matches a newly published
    opportunity, once per user, never the posting organisation's own people."""
    from silkbridge.opportunities.selectors import matches_saved_search

    opportunity = (
        Opportunity.objects.filter(pk=opportunity_id, status=Status.PUBLISHED)
        .select_related("organisation")
        .first()
    )
    if opportunity is None:
        return 0
    owners = set(people_of(opportunity.organisation_id).values_list("pk", flat=True))
    recipients: dict[int, tuple[User, SavedSearch]] = {}
    searches = (
        SavedSearch.objects.filter(notify=True, user__is_active=True)
        .exclude(user_id__in=owners)
        .select_related("user")
        .order_by("user_id", "name")
    )
    for saved in searches.iterator():
        if saved.user_id in recipients:
            continue
        if matches_saved_search(saved, opportunity):
            recipients[saved.user_id] = (saved.user, saved)
    for user, saved in recipients.values():
        notify(
            [user],
            "saved_search_match",
            url=opportunity.get_absolute_url(),
            params={"search": saved.name, "title": opportunity.title},
        )
    return len(recipients)
