"""What the visitors' home page shows, read once a minute per language and kept in the cache.

Everything here is public (aggregates, published items, consented stories), identical for every
anonymous visitor who reads the same language, so one cached copy per language serves them all.
The copy lives CACHE_SECONDS: counts and lists may lag a new opportunity or a party's consent by
up to a minute, which a visitor cannot tell from live. Publishing, changing or withdrawing an
announcement drops every language's copy (forget_front_page), because the secretariat checks the
home page right after and a withdrawn text must go at once. The cache is Django's (Redis in
production, shared by all app servers), so the copies and their removal hold across processes.

A visitor never waits for the database while a copy exists: a copy older than CACHE_SECONDS is
still served (for up to STALE_SECONDS) while one thread reads a new one. A short lock key in the
cache (cache.add, atomic in Redis and good enough in the file cache) lets only one request of all
app servers start that refresh; the others keep serving the stale copy. Only when there is no
copy at all (a cold cache, or just after an announcement changed) does the request read it
itself.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils import timezone, translation
from django_countries import countries

from silkbridge.announcements.models import Announcement
from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.forums.models import Event, EventStatus
from silkbridge.opportunities.models import Opportunity
from silkbridge.ventures.publicity import public_stories, public_ventures

logger = logging.getLogger(__name__)

__all__ = [
    "CACHE_SECONDS",
    "forget_front_page",
    "front_page",
    "front_page_key",
    "latest_announcements",
    "organisation_counts",
    "refresh_lock_key",
]

CACHE_SECONDS = 60
# A stale copy is served this long while a refresh runs; past it (no visitor for a day) the
# next visitor reads the page afresh.
STALE_SECONDS = 24 * 3600
# One refresher per language at a time; a refresher that died frees the lock after this long.
REFRESH_LOCK_SECONDS = 30
LATEST_OPPORTUNITIES = 6
# The newest published opportunities read to find LATEST_OPPORTUNITIES open ones.
LATEST_SCANNED = 60
UPCOMING_FORUMS = 3
LATEST_STORIES = 3
LATEST_ANNOUNCEMENTS = 3


def front_page_key(language: str) -> str:
    return f"front-page:v2:{language}"


def refresh_lock_key(language: str) -> str:
    return f"front-page:v2:refreshing:{language}"


GENERATION_KEY = "front-page:v2:generation"


def forget_front_page() -> None:
    """Drop every language's cached copy (after an announcement changed). A new generation also
    voids a copy that a refresh which began before the change writes afterwards."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    cache.delete_many([front_page_key(code) for code, _name in settings.LANGUAGES])


def front_page(language: str) -> dict[str, Any]:
    """The home page's public data in `language`: the cached copy, even a stale one (whose
    refresh then starts in a thread, by one request only), or read now when there is none."""
    found = cache.get_many([front_page_key(language), GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    entry = found.get(front_page_key(language))
    if entry is None or entry["generation"] != generation:
        return _refresh(language, generation)
    if entry["fresh_until"] <= time.time() and cache.add(
        refresh_lock_key(language), True, REFRESH_LOCK_SECONDS
    ):
        threading.Thread(
            target=_refresh_in_thread,
            args=(language, generation),
            name=f"front-page-refresh-{language}",
            daemon=True,
        ).start()
    return entry["data"]


def _refresh(language: str, generation: int) -> dict[str, Any]:
    with translation.override(language):
        data = _read(language)
    entry = {"data": data, "fresh_until": time.time() + CACHE_SECONDS, "generation": generation}
    cache.set(front_page_key(language), entry, STALE_SECONDS)
    return data


def _refresh_in_thread(language: str, generation: int) -> None:
    try:
        _refresh(language, generation)
    except Exception:
        # The stale copy stays; the next request after the lock expires tries again.
        logger.exception("Refreshing the home page's %s copy failed", language)
        return
    finally:
        connection.close()  # the thread's own connection
    cache.delete(refresh_lock_key(language))


def _read(language: str) -> dict[str, Any]:
    today = timezone.localdate()
    public_forums = Event.objects.exclude(status=EventStatus.DRAFT)
    return {
        "sides": organisation_counts(),
        "counts": {
            "opportunities": Opportunity.objects.published().filter(expires_on__gte=today).count(),
            "forums": public_forums.count(),
            "ventures": public_ventures().count(),
        },
        "forums": [
            {
                "slug": event.slug,
                "name": event.name,
                "starts_on": event.starts_on,
                "ends_on": event.ends_on,
                "venue": event.venue,
            }
            for event in public_forums.filter(ends_on__gte=today)
            .order_by("starts_on", "pk")
            .only("slug", "name", "starts_on", "ends_on", "venue")[:UPCOMING_FORUMS]
        ],
        "opportunities": latest_opportunities(today),
        "stories": public_stories(limit=LATEST_STORIES),
        "announcements": latest_announcements(language),
    }


def latest_announcements(language: str, limit: int = LATEST_ANNOUNCEMENTS) -> list[dict[str, Any]]:
    """The newest public announcements' titles in the reader's language. The texts are read
    too: which languages an announcement is written in depends on them."""
    return [
        {
            "pk": item.pk,
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "title": item.title_in(language),
            "language": item.language_for(language),
            "published_at": item.published_at,
        }
        for item in Announcement.objects.public().order_by("-published_at", "-id")[:limit]
    ]


def organisation_counts() -> list[dict[str, Any]]:
    """Active organisations per platform country and kind (one grouped count)."""
    counts = {
        (str(row["country"]), row["kind"]): row["n"]
        for row in Organisation.objects.active()
        .in_platform_countries()
        .values("country", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        {
            "code": code,
            "name": str(countries.name(code)),
            "kinds": [
                (kind, str(label), counts.get((code, kind), 0))
                for kind, label in OrganisationKind.choices
            ],
            "total": sum(n for (c, _kind), n in counts.items() if c == code),
        }
        for code in settings.SILKBRIDGE_COUNTRIES
    ]


def latest_opportunities(today) -> list[dict[str, Any]]:
    """The newest open published opportunities. An anonymous one never carries its owner's name:
    the name is left out here, so no template can show it by mistake.

    The newest published ones are read along the partial index opp_published_newest and those
    past their expiry date (housekeeping closes them within a quarter of an hour) are skipped
    here. With the expiry date in the query, SQLite and PostgreSQL instead read every open
    opportunity through opp_status_expiry and sort them all: at 270,000 that took seconds."""
    newest = (
        Opportunity.objects.published()
        # Always true when published; it lets SQLite pick opp_published_newest (see
        # opportunities.selectors.newest_published_marker).
        .filter(published_at__isnull=False)
        .order_by("-published_at", "-id")
        .select_related("organisation")
        .only(
            "pk",
            "title",
            "type",
            "direction",
            "is_anonymous",
            "published_at",
            "expires_on",
            "organisation__name",
            "organisation__country",
        )
    )
    rows = [row for row in newest[:LATEST_SCANNED] if row.expires_on >= today]
    if len(rows) < LATEST_OPPORTUNITIES:
        # Many of the newest are past their date: ask the database for open ones only.
        rows = list(newest.filter(expires_on__gte=today)[:LATEST_OPPORTUNITIES])
    rows = rows[:LATEST_OPPORTUNITIES]
    return [
        {
            "pk": row.pk,
            "title": row.title,
            "type_label": str(row.get_type_display()),
            "direction": row.direction,
            "direction_label": str(row.get_direction_display()),
            "organisation": "" if row.is_anonymous else row.organisation.name,
            "country": str(row.organisation.country.name),
            "published_at": row.published_at,
        }
        for row in rows
    ]
