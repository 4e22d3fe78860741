"""Atom feed of published opportunities, filterable by the publisher's country and a sector.

A feed is read by anyone and kept by feed readers, so it says only what a visitor may see: an
anonymous opportunity has no author (its owner's name is hidden from visitors), and no entry
carries contacts or people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_countries import countries

from silkbridge.directory.models import Term, Vocabulary
from silkbridge.opportunities.models import Opportunity
from silkbridge.opportunities.selectors import OpportunityQuery, search_opportunities
from silkbridge.public import addresses

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedFilter:
    country: str = ""
    sector: Term | None = None
    address: str = ""  # the feed's own address, for its rel="self" link

    def query(self) -> OpportunityQuery:
        sector = self.sector.slug if self.sector else ""
        return OpportunityQuery(country=self.country, sector=sector)


def feed_filter(request: HttpRequest) -> FeedFilter:
    """The filters of the address; an unknown country or sector is a feed that does not exist."""
    country = request.GET.get("country", "").strip().upper()
    if country and country not in settings.SILKBRIDGE_COUNTRIES:
        raise Http404
    slug = request.GET.get("sector", "").strip()
    sector = None
    if slug:
        sector = Term.objects.filter(vocabulary=Vocabulary.SECTOR, slug=slug).first()
        if sector is None:
            raise Http404
    return FeedFilter(country=country, sector=sector, address=addresses.canonical(request))


class OpportunityFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Silkbridge"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedFilter:
        return feed_filter(request)

    def title(self, obj: FeedFilter) -> str:
        parts = [_("Silkbridge: published opportunities")]
        if obj.country:
            parts.append(countries.name(obj.country))
        if obj.sector:
            parts.append(obj.sector.label)
        return " · ".join(parts)

    def subtitle(self, obj: FeedFilter) -> str:
        return _("Partnership offers and requests published on Silkbridge, newest first.")

    def link(self, obj: FeedFilter) -> str:
        """The opportunity list with the same filters."""
        query = obj.query()
        pairs = [(n, v) for n, v in (("country", query.country), ("sector", query.sector)) if v]
        return addresses.absolute(addresses.with_query(reverse("opportunities:list"), pairs))

    def feed_url(self, obj: FeedFilter) -> str:
        return obj.address

    def items(self, obj: FeedFilter):
        return (
            search_opportunities(obj.query())
            .select_related("organisation")
            .prefetch_related("sectors")[:FEED_LENGTH]
        )

    def item_title(self, item: Opportunity) -> str:
        return item.title

    def item_description(self, item: Opportunity) -> str:
        sectors = ", ".join(term.label for term in item.sectors.all())
        return format_html(
            "<p>{} · {}</p><p>{}</p>{}",
            item.get_direction_display(),
            item.get_type_display(),
            item.summary,
            format_html("<p>{}: {}</p>", _("Sectors"), sectors) if sectors else "",
        )

    def item_link(self, item: Opportunity) -> str:
        return addresses.absolute(item.get_absolute_url())

    def item_guid(self, item: Opportunity) -> str:
        return self.item_link(item)

    def item_author_name(self, item: Opportunity) -> str | None:
        """The publishing organisation, unless it chose to stay anonymous."""
        return None if item.is_anonymous else item.organisation.name

    def item_pubdate(self, item: Opportunity):
        return item.published_at

    def item_updateddate(self, item: Opportunity):
        return item.updated_at

    def item_categories(self, item: Opportunity) -> list[str]:
        return [term.label for term in item.sectors.all()]
