"""Short-lived cache of the parts of public pages that every visitor sees alike.

A visitor who is not signed in sees the same search results as every other visitor for the same
parameters and language, so the rendered results are kept for SILKBRIDGE_PUBLIC_CACHE_SECONDS
and shared. Only fragments are cached, never a whole page: the page around them carries the
visitor's own CSRF token and messages. The caller adds a `generation` that changes when what is
listed changes (for opportunities, the newest published one), so a new publication shows at once;
an edit or a closure shows within the cache's lifetime.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def fragment_key(request: HttpRequest, name: str, generation: str) -> str:
    """One key per fragment, language, generation and set of parameters (in any order)."""
    params = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))
    digest = hashlib.sha256(f"{generation}|{params}".encode()).hexdigest()[:32]
    return f"public:{name}:{get_language()}:{digest}"


def cached_fragment(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict[str, Any]],
    *,
    generation: str = "",
) -> SafeString:
    """The rendered template, from the cache when another visitor asked the same recently;
    `context` is called only when it must be rendered."""
    seconds = settings.SILKBRIDGE_PUBLIC_CACHE_SECONDS
    key = fragment_key(request, template_name, generation)
    html = cache.get(key) if seconds else None
    if html is None:
        html = render_to_string(template_name, context(), request=request)
        if seconds:
            cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, with autoescape
