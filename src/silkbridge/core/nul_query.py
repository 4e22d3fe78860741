"""A NUL character in a page's query string is a bad request.

PostgreSQL cannot hold or compare text with NUL in it, and some pages read a parameter (search
words, a tab, a status) without a form; refusing it here keeps those pages from failing with a
500. Forms refuse NUL themselves, and the API's parser names the field (api_parser.py).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulInQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/") and _has_nul(request):
            return HttpResponseBadRequest(
                _("The address contains a null character; remove it and try again."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )
