"""Error answers Django gives outside any view: a body over the upload limit is 413 (Django
calls it a bad request), in the API's error shape under /api/ and as a page elsewhere."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: 413 for a body that is too large, Django's own answer otherwise."""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    if request.path_info.startswith("/api/"):
        from silkbridge.api import on_request_too_big

        return on_request_too_big(request, exception)
    return render(request, "413.html", status=413)
