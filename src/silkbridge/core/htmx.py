"""Answers for htmx requests that failed validation.

htmx swaps a 422 answer like a success (the htmx-config meta of base.html), so a form sent back
with its errors shows them in place. When the page cannot rebuild the swapped part, the answer
carries only the messages and retargets them to the form's own error slot.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

INVALID_STATUS = 422


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def error_fragment(request: HttpRequest, *, target: str, messages: Iterable[str]) -> HttpResponse:
    """The messages as an alert swapped into the element `target` (a CSS selector)."""
    response = render(
        request, "core/_form_error.html", {"messages": list(messages)}, status=INVALID_STATUS
    )
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "innerHTML"
    return response
