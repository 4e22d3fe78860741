"""Reads of opportunities, with the access checks that pages and the API share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, F, Max, OuterRef, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from silkbridge.core.wordindex import query_words
from silkbridge.directory.models import Organisation
from silkbridge.directory.selectors import RESULT_CAP, CappedPaginator
from silkbridge.directory.services import normalise_text
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.opportunities import permissions
from silkbridge.opportunities.fulltext import INDEX
from silkbridge.opportunities.models import Opportunity, SavedSearch, Status

PAGE_SIZE = 20
SORTS = ("newest", "deadline")
# The date an opportunity stops taking responses: its deadline, else its expiry date. The
# "closing soonest" order and the "deadline after" filter read it through an index.
CLOSES_ON = Coalesce(F("deadline"), F("expires_on"))


@dataclass(frozen=True)
class OpportunityQuery:
    """Search and filter parameters of the opportunity list, shared by the page and the API.

    `country` and `kind` are those of the publishing organisation; `partner_kind` matches
    opportunities seeking that kind of partner or any kind; `deadline_after` keeps those still
    taking responses on that date; `sort` is "newest" (default) or "deadline" (closing soonest,
    still open today).
    """

    q: str = ""
    type: str = ""
    direction: str = ""
    country: str = ""
    sector: str = ""
    technology: str = ""
    kind: str = ""
    partner_kind: str = ""
    deadline_after: datetime.date | None = None
    sort: str = ""


def search_opportunities(
    query: OpportunityQuery,
    *,
    broad: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Opportunity]:
    """Published opportunities matching every word of `q` and every filter given.

    `broad` is for a search known to match far more rows than a page: the filters are then
    written as tests of each row, so the database walks the index of the sort order and stops
    after a page, rather than fetching every match and sorting them all.
    """
    qs = Opportunity.objects.filter(status=Status.PUBLISHED)
    words = query_words(normalise_text(query.q))
    qs = INDEX.matching(qs, words, per_row=broad)
    # With both given and the newest first, their index also gives the order; otherwise a
    # broad search tests them per row and walks the index of the sort order instead.
    by_type_index = bool(query.type and query.direction and query.sort != "deadline")
    for column, value in (("type", query.type), ("direction", query.direction)):
        if value:
            qs = _equals(qs, column, value, per_row=broad and not by_type_index)
    # The organisation's country and kind, as copied on the opportunity (models.py).
    if query.country:
        qs = qs.filter(organisation_country=query.country.upper())
    if query.kind:
        qs = qs.filter(organisation_kind=query.kind)
    for field, slug in (("sectors", query.sector), ("technologies", query.technology)):
        if slug:
            links = Opportunity._meta.get_field(field).remote_field.through.objects.filter(
                term__slug=slug
            )
            if broad:
                qs = qs.filter(Exists(links.filter(opportunity_id=OuterRef("pk"))))
            else:
                qs = qs.filter(pk__in=links.values("opportunity_id"))
    if query.partner_kind:
        # Lists of a few fixed codes, read as JSON text: `[]` (any kind) or one naming the kind.
        qs = qs.alias(partner_kinds_text=Cast("partner_kinds", TextField())).filter(
            Q(partner_kinds_text="[]") | Q(partner_kinds_text__contains=f'"{query.partner_kind}"')
        )
    if query.deadline_after or query.sort == "deadline":
        qs = qs.alias(closes_on=CLOSES_ON)
    if query.deadline_after:
        qs = qs.filter(closes_on__gte=query.deadline_after)
    if query.sort == "deadline":
        qs = qs.filter(closes_on__gte=today or timezone.localdate()).order_by(CLOSES_ON.asc(), "id")
    else:
        qs = qs.order_by("-published_at", "-id")
    return qs


def _equals(qs: QuerySet, column: str, value: str, *, per_row: bool) -> QuerySet:
    """`column = value`; `per_row` keeps SQLite from choosing an index on the column (a unary
    plus), so it walks the index of the sort order and stops after a page."""
    if per_row and connection.vendor == "sqlite":
        table = Opportunity._meta.db_table
        # Identifiers fixed in code; the value travels as a parameter.
        condition = f'+"{table}"."{column}" = %s'
        return qs.filter(RawSQL(condition, [value], output_field=BooleanField()))  # noqa: S611
    return qs.filter(**{column: value})


def with_related(qs: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """What a list of opportunities shows: the organisation and the tags."""
    return qs.select_related("organisation").prefetch_related("sectors", "technologies")


def opportunity_paginator(
    query: OpportunityQuery, per_page: int = PAGE_SIZE, cap: int = RESULT_CAP
) -> CappedPaginator:
    """Published opportunities a page at a time, as the list page, API and benchmark read them.

    Counting up to the cap is cheap with the matches fetched first. Past the cap, sorting every
    match would cost more than the page, so the page is read with the broad form of the query.
    """
    paginator = CappedPaginator(search_opportunities(query), per_page, cap=cap)
    if paginator.count and paginator.capped:
        paginator.object_list = search_opportunities(query, broad=True)
    paginator.object_list = with_related(paginator.object_list)
    return paginator


def newest_published_marker() -> str:
    """Changes whenever an opportunity is published: the newest publication time
    (public_cache keys the visitors' results on it). MAX reads the end of the partial index
    opp_published_newest on both databases; the newest row by ORDER BY … LIMIT 1 made SQLite
    take opp_review_queue and sort all 270,000 published rows, 3-4 s per uncached search."""
    newest = Opportunity.objects.filter(status=Status.PUBLISHED).aggregate(
        newest=Max("published_at")
    )["newest"]
    return newest.isoformat() if newest else "none"


def matches_saved_search(saved: SavedSearch, opportunity: Opportunity) -> bool:
    """Whether a saved search would list this (published) opportunity."""
    from silkbridge.opportunities.forms import opportunity_query_from_params

    query = opportunity_query_from_params(saved.query)
    return search_opportunities(query).filter(pk=opportunity.pk).exists()


def get_opportunity(user, pk: int) -> Opportunity:
    """The opportunity if the user may see it; one 404 for missing and forbidden alike."""
    opportunity = (
        Opportunity.objects.select_related("organisation", "reviewed_by")
        .prefetch_related("sectors", "technologies", "attachments")
        .filter(pk=pk)
        .first()
    )
    if opportunity is None or not permissions.can_view(user, opportunity):
        raise Http404("No such opportunity")
    return opportunity


def get_attachment(user, opportunity_pk: int, attachment_pk: int):
    """An attachment the user may download; 404 otherwise."""
    opportunity = get_opportunity(user, opportunity_pk)
    if not permissions.can_download_attachment(user, opportunity):
        raise Http404("No such file")
    attachment = opportunity.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404("No such file")
    return attachment


def opportunities_of_user(user) -> QuerySet[Opportunity]:
    """Every opportunity (any status) of the organisations the user belongs to, newest first."""
    ids = member_organisation_ids(user)
    return (
        Opportunity.objects.filter(organisation_id__in=ids)
        .select_related("organisation")
        .order_by("-created_at", "-id")
    )


def review_queue(user) -> QuerySet[Opportunity]:
    """Submitted opportunities, longest waiting first; empty for anyone but the secretariat."""
    if not permissions.can_review(user):
        return Opportunity.objects.none()
    return (
        Opportunity.objects.filter(status=Status.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at", "id")
    )


def published_by(user, organisation: Organisation, limit: int = 10) -> list[Opportunity]:
    """An organisation's published opportunities for its profile page. Anonymous ones are
    listed only to those who may know who posted them, else the profile would reveal it."""
    qs = Opportunity.objects.filter(status=Status.PUBLISHED, organisation=organisation).order_by(
        "-published_at", "-id"
    )
    if not permissions.show_owner(user, Opportunity(organisation=organisation, is_anonymous=True)):
        qs = qs.filter(is_anonymous=False)
    return list(qs[:limit])


def saved_searches_of(user) -> QuerySet[SavedSearch]:
    if not user.is_authenticated:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user).order_by("name", "pk")


def get_saved_search(user, pk: int) -> SavedSearch:
    saved = saved_searches_of(user).filter(pk=pk).first()
    if saved is None:
        raise Http404("No such saved search")
    return saved
