"""The start page's search: the directory's own search, or a website's domain, a page at a time."""

from __future__ import annotations

import re

from django.core.paginator import Page, Paginator

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation, PersonRole
from silkbridge.directory.selectors import DirectoryQuery, search_organisations, with_tags

PAGE_SIZE = 10
# "example.com", "https://www.example.com/about": a search that names a website.
_WEBSITE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#].*)?$"
)


def website_domain_in(q: str) -> str:
    """The domain when the search is a website or a bare domain name, else ""."""
    match = _WEBSITE.match(q.strip().lower())
    return match.group(1) if match else ""


def find_claimable(
    user: User, *, q: str, country: str = "", kind: str = "", page: str | int | None = None
) -> Page:
    """Active organisations matching the words (or the website), each marked with what the
    user may do: `has_admins` (a claim goes to them) and `is_mine` (already a member)."""
    domain = website_domain_in(q)
    if domain:
        qs = (
            Organisation.objects.active()
            .in_platform_countries()
            .filter(
                website_domain__in=[domain, domain.split(".", 1)[-1]]
                if domain.count(".") > 1
                else [domain]
            )
            .select_related("city")
            .order_by("name", "pk")
        )
        if country:
            qs = qs.filter(country=country)
        if kind:
            qs = qs.filter(kind=kind)
    else:
        qs = search_organisations(DirectoryQuery(q=q, country=country, kind=kind))
    result = Paginator(with_tags(qs), PAGE_SIZE).get_page(page)
    ids = [organisation.pk for organisation in result.object_list]
    with_admins = set(
        Organisation.objects.filter(
            pk__in=ids, people__role=PersonRole.ADMIN, people__user__is_active=True
        ).values_list("pk", flat=True)
    )
    mine = set(
        user.people.filter(organisation_id__in=ids).values_list("organisation_id", flat=True)
    )
    for organisation in result.object_list:
        organisation.has_admins = organisation.pk in with_admins
        organisation.is_mine = organisation.pk in mine
    return result
