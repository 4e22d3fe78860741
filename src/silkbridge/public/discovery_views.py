"""robots.txt, sitemap.xml and its sections: what search engines read."""

from __future__ import annotations

from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from silkbridge.public import addresses
from silkbridge.public.sitemaps import sections

# Pages for signed-in people (their links would only answer "sign in"), the back office, the
# API, operator endpoints and the language switch. Public pages are everything else: the
# directory, opportunities, forums, announcements, internships and exchange calls, statistics.
DISALLOWED = (
    "/accounts/",
    "/admin/",
    "/announcements/manage/",
    "/announcements/new/",
    "/api/",
    "/audit/",
    "/groups/",
    "/healthz",
    "/i18n/",
    "/introductions/",
    "/join/",
    "/legal/",
    "/matching/",
    "/messages/",
    "/metrics",
    "/notifications/",
    "/outcomes/",
    "/outreach/",
    "/readyz",
    "/talent/agreements/",
    "/talent/applicants/",
    "/talent/applications/",
    "/talent/documents/",
    "/talent/mobilities/",
    "/talent/nominations/",
    "/ventures/",
)
SITEMAP_SECONDS = 3600
INDEX_CACHE_KEY = "public-sitemap-index"
INDEX_CACHE_SECONDS = 900


@require_GET
@cache_control(max_age=SITEMAP_SECONDS, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {addresses.absolute(reverse('public:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _index_items() -> list[SitemapIndexItem]:
    """Each section's pages with its newest change: a count and an aggregate per section."""
    items = []
    for name, section in sections().items():
        location = addresses.absolute(reverse("public:sitemap-section", args=[name]))
        latest = section.get_latest_lastmod()
        items.append(SitemapIndexItem(location, latest))
        items.extend(
            SitemapIndexItem(f"{location}?p={page}", latest)
            for page in range(2, section.paginator.num_pages + 1)
        )
    return items


@require_GET
@x_robots_tag
@cache_control(max_age=SITEMAP_SECONDS, public=True)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of the sections and their pages, every address from SITE_URL; kept for a
    quarter of an hour, as counting every listed organisation and opportunity is not free."""
    items = cache.get_or_set(INDEX_CACHE_KEY, _index_items, INDEX_CACHE_SECONDS)
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


@require_GET
@x_robots_tag
@cache_control(max_age=SITEMAP_SECONDS, public=True)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    found = sections().get(section)
    if found is None:
        raise Http404
    try:
        body = found.xml(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404 from error
    return HttpResponse(body, content_type="application/xml")
