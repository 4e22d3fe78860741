"""Absolute addresses for search engines and feed readers: the canonical link, the `hreflang`
alternates, the sitemap's and the feeds' links.

The interface language is not in the path (LocaleMiddleware reads the session, the cookie and
Accept-Language), so one address would serve four languages and a crawler would only ever see
one. `?lang=<code>` selects the language of that one response (see `language_query`), which
gives each language its own address; the address without it is the `x-default`.

Every absolute address starts with SITE_URL, never with the request's Host header, so a page
reached through another host name still names the one public address.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, QueryDict

LANGUAGE_PARAMETER = "lang"
# Parameters that only say where a visitor came from; the canonical address leaves them out.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "ref"}
)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def absolute(path: str) -> str:
    """The public address of a path on this site."""
    return settings.SITE_URL.rstrip("/") + (path if path.startswith("/") else "/" + path)


def _kept(query: QueryDict) -> list[tuple[str, str]]:
    """The query's parameters without tracking ones, sorted so one page has one address."""
    pairs = [
        (name, value)
        for name, values in query.lists()
        for value in values
        if name not in TRACKING_PARAMETERS and not name.startswith(TRACKING_PREFIXES)
    ]
    return sorted(pairs)


def with_query(path: str, pairs: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(pairs) if pairs else "")


def canonical(request: HttpRequest) -> str:
    """This page's address: SITE_URL, the path and its parameters, without tracking ones.

    A language chosen with `?lang=` stays: each language version is its own page.
    """
    return absolute(with_query(request.path, _kept(request.GET)))


def in_language(path: str, language: str | None, query: QueryDict | None = None) -> str:
    """The absolute address of `path` in a language (None: without `?lang=`, the x-default)."""
    pairs = [
        (name, value)
        for name, value in _kept(query if query is not None else QueryDict())
        if name != LANGUAGE_PARAMETER
    ]
    if language:
        pairs = sorted([*pairs, (LANGUAGE_PARAMETER, language)])
    return absolute(with_query(path, pairs))


def alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """(hreflang, address) for each interface language, then x-default."""
    links = [(code, in_language(request.path, code, request.GET)) for code in language_codes()]
    return [*links, ("x-default", in_language(request.path, None, request.GET))]
