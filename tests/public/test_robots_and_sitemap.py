"""robots.txt and sitemap.xml: public pages in, private ones and drafts out, every address in
the four languages with its alternates, large sections split into pages."""

import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from silkbridge.public import sitemaps

pytestmark = pytest.mark.django_db

SITE = "https://silkbridge.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _section(client, name: str, page: int | None = None) -> ElementTree.Element:
    params = {"p": page} if page else {}
    response = client.get(reverse("public:sitemap-section", args=[name]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - this site's own sitemap


def _locations(root: ElementTree.Element) -> list[str]:
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_robots_allows_public_pages_refuses_private_ones_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    for private in ("/admin/", "/api/", "/accounts/", "/messages/", "/introductions/"):
        assert f"Disallow: {private}" in lines
    for public in ("/directory/", "/opportunities/", "/forums/", "/announcements/", "/terms/"):
        assert f"Disallow: {public}" not in lines
    # Only an announcement's management pages are refused, not the announcements.
    assert "Disallow: /announcements/manage/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


def test_the_index_lists_every_section_from_the_site_address(client):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    for section in ("pages", "organisations", "opportunities", "forums", "announcements"):
        assert f"{SITE}/sitemap-{section}.xml" in locations


def test_each_page_is_listed_in_four_languages_with_alternates(client):
    root = _section(client, "pages")
    assert f"{SITE}/privacy/?lang=ur" in _locations(root)
    entry = next(
        url
        for url in root.findall("s:url", NS)
        if url.find("s:loc", NS).text.endswith("/terms/?lang=ru")
    )
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
    assert alternates == {
        "en": f"{SITE}/terms/?lang=en",
        "ru": f"{SITE}/terms/?lang=ru",
        "kk": f"{SITE}/terms/?lang=kk",
        "ur": f"{SITE}/terms/?lang=ur",
        "x-default": f"{SITE}/terms/",
    }


def test_listed_organisations_only(client, make_organisation):
    from django.utils import timezone

    listed = make_organisation("Listed Labs")
    merged = make_organisation("Merged Labs")
    survivor = make_organisation("Survivor Labs")
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into"])
    refused = make_organisation("Refused Labs")
    refused.registration_refused_at = timezone.now()
    refused.save(update_fields=["registration_refused_at"])
    locations = _locations(_section(client, "organisations"))
    assert f"{SITE}{listed.get_absolute_url()}?lang=en" in locations
    assert f"{SITE}{survivor.get_absolute_url()}?lang=kk" in locations
    assert not any(merged.slug in loc or refused.slug in loc for loc in locations)


def test_published_opportunities_only(client, organisation, make_opportunity):
    published = make_opportunity(organisation)
    hidden = [
        make_opportunity(organisation, status=status)
        for status in ("draft", "submitted", "changes_requested", "rejected", "expired", "closed")
    ]
    locations = _locations(_section(client, "opportunities"))
    assert f"{SITE}{published.get_absolute_url()}?lang=en" in locations
    for opportunity in hidden:
        assert not any(
            loc.startswith(f"{SITE}{opportunity.get_absolute_url()}?") for loc in locations
        )


def test_forums_but_not_drafts(client, secretariat):
    import datetime

    from silkbridge.forums.models import Event

    day = datetime.date(2027, 3, 1)
    open_forum = Event.objects.create(
        name="Open", slug="open-forum", starts_on=day, ends_on=day, status="registration"
    )
    Event.objects.create(name="Draft", slug="draft-forum", starts_on=day, ends_on=day)
    locations = _locations(_section(client, "forums"))
    assert f"{SITE}{open_forum.get_absolute_url()}?lang=ru" in locations
    assert not any("draft-forum" in loc for loc in locations)


def test_announcements_published_only_in_the_languages_they_are_written_in(client):
    from django.utils import timezone

    from silkbridge.announcements.models import Announcement

    published = Announcement.objects.create(
        title_en="Forum in Almaty",
        body_en="Text.",
        title_ru="Форум",
        body_ru="Текст.",
        published_at=timezone.now(),
    )
    draft = Announcement.objects.create(title_en="Draft", body_en="Not yet.")
    root = _section(client, "announcements")
    locations = _locations(root)
    path = published.get_absolute_url()
    assert f"{SITE}{path}?lang=en" in locations and f"{SITE}{path}?lang=ru" in locations
    assert f"{SITE}{path}?lang=ur" not in locations
    assert not any(loc.startswith(f"{SITE}{draft.get_absolute_url()}?") for loc in locations)


def test_a_large_section_is_split_into_pages_listed_in_the_index(
    client, monkeypatch, make_organisation
):
    monkeypatch.setattr(sitemaps.LanguageSitemap, "limit", 2)
    made = [make_organisation(f"Paged {n}") for n in range(5)]
    index = client.get("/sitemap.xml").content.decode()
    assert f"{SITE}/sitemap-organisations.xml?p=3" in index
    assert f"{SITE}/sitemap-organisations.xml?p=4" not in index
    last_page = _locations(_section(client, "organisations", page=3))
    assert last_page == [
        f"{SITE}{made[4].get_absolute_url()}?lang={code}" for code in ("en", "ru", "kk", "ur")
    ]
    response = client.get(reverse("public:sitemap-section", args=["organisations"]), {"p": 9})
    assert response.status_code == 404


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-people.xml").status_code == 404


def test_the_sitemap_never_lists_a_private_address(client, organisation, make_opportunity):
    make_opportunity(organisation)
    everything = "".join(
        client.get(reverse("public:sitemap-section", args=[name])).content.decode()
        for name in sitemaps.sections()
    )
    for private in ("/accounts/", "/admin/", "/messages/", "/introductions/", "/api/"):
        assert not re.search(rf"{SITE}{private}", everything)


def test_the_index_is_kept_for_a_while_then_counts_again(client, monkeypatch, make_organisation):
    from django.core.cache import cache

    monkeypatch.setattr(sitemaps.LanguageSitemap, "limit", 1)
    make_organisation("One")
    assert "sitemap-organisations.xml?p=2" not in client.get("/sitemap.xml").content.decode()
    make_organisation("Two")
    assert "sitemap-organisations.xml?p=2" not in client.get("/sitemap.xml").content.decode()
    cache.clear()
    assert "sitemap-organisations.xml?p=2" in client.get("/sitemap.xml").content.decode()


def test_open_internships_and_exchange_calls(client, internship, call):
    from silkbridge.talent.exchanges.models import Internship

    closed = Internship.objects.create(
        **{
            f.name: getattr(internship, f.name)
            for f in Internship._meta.concrete_fields
            if f.name not in ("id", "status", "created_at", "updated_at")
        },
        status="closed",
    )
    internships = _locations(_section(client, "internships"))
    assert f"{SITE}{internship.get_absolute_url()}?lang=ur" in internships
    assert not any(loc.startswith(f"{SITE}{closed.get_absolute_url()}?") for loc in internships)
    calls = _locations(_section(client, "exchange-calls"))
    assert f"{SITE}{call.get_absolute_url()}?lang=kk" in calls
    # A visitor may open what the sitemap lists.
    assert client.get(internship.get_absolute_url()).status_code == 200
    assert client.get(call.get_absolute_url()).status_code == 200
