"""Reads from the directory, with the access checks that pages and the API share."""

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import Http404

from silkbridge.directory import fulltext, permissions
from silkbridge.directory.models import Organisation, Person, Term, Verification
from silkbridge.directory.services import normalise_text

# Names compare without case ("AIDS…" and "Abai…" side by side), through the indexes on
# Lower("name"); the default order puts the best profiles first (see directory.standing).
SORTS = {
    "name": (Lower("name"), "pk"),
    "-name": (Lower("name").desc(), "-pk"),
    "newest": ("-created_at", "-pk"),
    "country": ("country", Lower("name"), "pk"),
}
DEFAULT_ORDER = ("listing_rank", Lower("name"), "pk")
PAGE_SIZE = 20
# Counting stops here: an exact count of a broad search costs more than the page itself.
RESULT_CAP = 1000


@dataclass(frozen=True)
class DirectoryQuery:
    """The directory's search and filter parameters, shared by the page, CSV export and API."""

    q: str = ""
    country: str = ""
    kind: str = ""
    city: int | None = None
    sector: str = ""
    technology: str = ""
    service: str = ""
    verified: bool | None = None
    sort: str = ""


def search_organisations(query: DirectoryQuery, *, broad: bool = False) -> QuerySet[Organisation]:
    """Active organisations matching every word of `q` and every filter given.

    Ordered by the chosen sort, else by relevance when there are words, else by standing
    (verified, complete, IT-relevant profiles first) and name.

    `broad` is for a search known to match far more rows than a page: word and tag filters are
    then written as tests of each row, so the database walks the index of the sort order and
    stops after a page, rather than fetching every match and sorting them all. Relevance gives
    way to the default order there, which an index serves.
    """
    qs = Organisation.objects.active().in_platform_countries()
    words = fulltext.query_words(normalise_text(query.q))
    qs = fulltext.matching(qs, words, per_row=broad)
    if query.country:
        qs = qs.filter(country=query.country.upper())
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.city:
        qs = qs.filter(city_id=query.city)
    for field, slug in (
        ("sectors", query.sector),
        ("technologies", query.technology),
        ("services", query.service),
    ):
        if slug:
            links = Organisation._meta.get_field(field).remote_field.through.objects.filter(
                term__slug=slug
            )
            if broad:
                qs = qs.filter(Exists(links.filter(organisation_id=OuterRef("pk"))))
            else:
                qs = qs.filter(pk__in=links.values("organisation_id"))
    if query.verified is not None:
        verified = Q(verification=Verification.VERIFIED)
        qs = qs.filter(verified if query.verified else ~verified)
    if query.sort in SORTS:
        qs = qs.order_by(*SORTS[query.sort])
    elif words and not broad:
        # Relevance: a match in the name ranks above one only in the description.
        phrase = " ".join(words)
        qs = qs.annotate(
            rank=Case(
                When(name__iexact=query.q.strip(), then=Value(0)),
                When(name__icontains=phrase, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("rank", *DEFAULT_ORDER)
    else:
        qs = qs.order_by(*DEFAULT_ORDER)
    return qs.select_related("city", "region")


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap`; `capped` says whether more matched."""

    def __init__(self, object_list, per_page: int, cap: int = RESULT_CAP, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


def directory_paginator(
    query: DirectoryQuery, per_page: int = PAGE_SIZE, cap: int = RESULT_CAP
) -> CappedPaginator:
    """The directory's results a page at a time, as the list page and the benchmark read them.

    Counting up to the cap is cheap with the matches fetched first. Past the cap, sorting every
    match would cost more than the page, so the page is read with the broad form of the query.
    """
    paginator = CappedPaginator(search_organisations(query), per_page, cap=cap)
    if paginator.count and paginator.capped:
        paginator.object_list = search_organisations(query, broad=True)
    paginator.object_list = with_tags(paginator.object_list)
    return paginator


def with_tags(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.prefetch_related("sectors", "technologies", "services")


def get_organisation(slug: str) -> Organisation:
    """An active organisation by slug; a merged one resolves to the organisation it joined, and
    a registration the secretariat refused is not found."""
    organisation = (
        Organisation.objects.select_related("city", "region", "merged_into")
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise Http404("No such organisation")
    while organisation.merged_into_id:
        organisation = organisation.merged_into
    if organisation.registration_refused_at is not None:
        raise Http404("No such organisation")
    return organisation


def get_organisation_for_edit(user, slug: str) -> Organisation:
    """The organisation if the user may edit it; one 404 for missing and forbidden alike."""
    organisation = get_organisation(slug)
    if not permissions.can_edit_organisation(user, organisation):
        raise Http404("No such organisation")
    return organisation


def people_of(user, organisation: Organisation) -> tuple[list[Person], bool]:
    """The organisation's people and whether this user may see their contact details."""
    people = list(organisation.people.select_related("user").order_by("-role", "full_name"))
    return people, permissions.can_view_contacts(user, organisation)


def organisations_of(user) -> QuerySet[Organisation]:
    """Organisations where the user has a role."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.active().filter(people__user=user).distinct()


def terms(vocabulary: str | None = None) -> QuerySet[Term]:
    qs = Term.objects.all()
    return qs.filter(vocabulary=vocabulary) if vocabulary else qs
