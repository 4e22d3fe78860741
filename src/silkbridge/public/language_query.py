"""`?lang=ru` shows this one response in Russian: the address `hreflang` and the sitemap give
each language (see public.addresses).

It changes neither the session nor the cookie, so following such a link does not switch the
visitor's chosen language elsewhere; the language menu does that. Signed-in people keep their
profile's language unless the address asks for another.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from silkbridge.public.addresses import LANGUAGE_PARAMETER, language_codes


class LanguageFromQueryMiddleware:
    """Sits after LocaleMiddleware: a known `?lang=` wins over what that one chose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked = request.GET.get(LANGUAGE_PARAMETER, "")
        if asked not in language_codes():
            return self.get_response(request)
        previous = translation.get_language()
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
        try:
            response = self.get_response(request)
        finally:
            translation.activate(previous)
        response.headers["Content-Language"] = asked
        patch_vary_headers(response, ("Accept-Language",))
        return response
