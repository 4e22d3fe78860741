"""sitemap.xml: the public pages, each in the four interface languages with its alternates.

The language is not in the path, so each language's address is the page's with `?lang=<code>`
(public.addresses) and the plain address is the x-default, as the pages' own hreflang links say.
Django's `i18n=True` would give the same path four times and build the whole list in memory; here
each section pages through its queryset (`limit` items, four addresses each) and writes its XML.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from silkbridge.directory.models import Organisation
from silkbridge.forums.selectors import events_for
from silkbridge.opportunities.models import Opportunity
from silkbridge.public import addresses

ITEMS_PER_PAGE = 1000  # four addresses each: well under the protocol's 50,000 per file
XML_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


class LanguageSitemap(Sitemap):
    """A section whose every page is listed once per language, with hreflang alternates.

    `xml()` writes the page itself: the same alternates serve an item's four entries, and
    Django's sitemap template took seconds to render a few thousand entries with five links each.
    """

    limit = ITEMS_PER_PAGE
    date_field = ""

    def languages_for(self, item) -> list[str]:
        return addresses.language_codes()

    def lastmod(self, item):
        return getattr(item, self.date_field) if self.date_field else None

    def get_latest_lastmod(self):
        """The newest change in the section, by one aggregate (the index asks for it)."""
        if not self.date_field:
            return None
        return self.items().aggregate(latest=Max(self.date_field))["latest"]

    def xml(self, page: int | str = 1) -> str:
        """One page of the section as sitemap XML; EmptyPage or PageNotAnInteger if none."""
        parts = [XML_HEADER]
        for item in self.paginator.page(page).object_list:
            plain = addresses.absolute(self.location(item))
            languages = self.languages_for(item)
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(address)}"/>'
                for code, address in [
                    *((code, _in_language(plain, code)) for code in languages),
                    ("x-default", plain),
                ]
            )
            changed = self.lastmod(item)
            lastmod = f"<lastmod>{changed:%Y-%m-%d}</lastmod>" if changed else ""
            parts.extend(
                f"<url><loc>{escape(_in_language(plain, code))}</loc>{lastmod}{links}</url>\n"
                for code in languages
            )
        parts.append("</urlset>\n")
        return "".join(parts)


def _in_language(location: str, code: str) -> str:
    separator = "&" if "?" in location else "?"
    return f"{location}{separator}{addresses.LANGUAGE_PARAMETER}={code}"


class StaticPagesSitemap(LanguageSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        names = [
            "core:home",
            "directory:list",
            "opportunities:list",
            "forums:list",
            "announcements:list",
            "talent_exchanges:internships",
            "talent_exchanges:calls",
            "public:statistics",
            "public:terms",
            "public:privacy",
        ]
        present = []
        for name in names:
            try:
                reverse(name)
            except NoReverseMatch:  # a section not built yet
                continue
            present.append(name)
        return present

    def location(self, item: str) -> str:
        return reverse(item)


class OrganisationSitemap(LanguageSitemap):
    """Listed organisations: not merged into another, not refused at registration."""

    date_field = "updated_at"

    def items(self):
        return Organisation.objects.active().only("slug", "updated_at").order_by("pk")


class OpportunitySitemap(LanguageSitemap):
    date_field = "updated_at"

    def items(self):
        return Opportunity.objects.published().only("pk", "updated_at").order_by("pk")


class ForumSitemap(LanguageSitemap):
    """Forums a visitor may open: every one but drafts."""

    date_field = "updated_at"

    def items(self):
        return events_for(AnonymousUser()).only("slug", "updated_at").order_by("pk")


class InternshipSitemap(LanguageSitemap):
    """Internships still open: the talent exchange's public offers."""

    date_field = "updated_at"

    def items(self):
        model = apps.get_model("talent_exchanges", "Internship")
        return model.objects.filter(status="open").only("pk", "updated_at").order_by("pk")


class ExchangeCallSitemap(LanguageSitemap):
    """Calls for exchange places, public with their places and never their applicants."""

    date_field = "created_at"

    def items(self):
        model = apps.get_model("talent_exchanges", "Call")
        return model.objects.only("pk", "created_at").order_by("pk")


class AnnouncementSitemap(LanguageSitemap):
    """Published announcements, each in the languages it is written in."""

    date_field = "updated_at"

    def items(self):
        model = apps.get_model("announcements", "Announcement")
        return model.objects.public().order_by("pk")

    def languages_for(self, item) -> list[str]:
        return item.languages() or ["en"]


def sections() -> dict[str, Sitemap]:
    """The sitemap's sections; announcements once their model exists."""
    found = {
        "pages": StaticPagesSitemap(),
        "organisations": OrganisationSitemap(),
        "opportunities": OpportunitySitemap(),
        "forums": ForumSitemap(),
        "internships": InternshipSitemap(),
        "exchange-calls": ExchangeCallSitemap(),
    }
    try:
        apps.get_model("announcements", "Announcement")
    except LookupError:
        return found
    found["announcements"] = AnnouncementSitemap()
    return found
