"""A rate limit on the searches of visitors who are not signed in.

The directory and opportunity lists are public, so a scraper could walk every filter and page
of them. Signed-in people are not limited here (their accounts can be locked); visitors are
counted per client address (REMOTE_ADDR, set by core/proxies.py) in the shared cache, like the
other anonymous limits in core/ratelimits.py. A plain visit without parameters is never counted,
so the first page always opens, in any language.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from silkbridge.core.ratelimits import TOO_MANY_STATUS

GROUP = "visitor-search"
LANGUAGE_ONLY = "lang"


def visitor_search_limited(request: HttpRequest) -> bool:
    """Count a visitor's search (a list request with parameters); True once over the rate."""
    # `?lang=` only picks the language of a page (public/language_query.py): not a search.
    searched = any(name != LANGUAGE_ONLY for name in request.GET)
    if request.user.is_authenticated or not searched:
        return False
    return is_ratelimited(
        request,
        group=GROUP,
        key="ip",
        rate=settings.SILKBRIDGE_VISITOR_SEARCH_RATE,
        method=is_ratelimited.ALL,
        increment=True,
    )


def too_many_searches(request: HttpRequest) -> HttpResponse:
    """The refusal: wait, or sign in to search without this limit."""
    return render(request, "core/too_many_searches.html", status=TOO_MANY_STATUS)
