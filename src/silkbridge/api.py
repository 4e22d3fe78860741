"""The JSON API: one NinjaAPI with token or session auth, one error body shape and pagination.

Apps own their routers (`<app>/api.py`) and list them in ROUTERS; they are mounted when the URLs
are first built, so an app's router can import the auth and pagination defined here.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.throttling import SimpleRateThrottle

from silkbridge.accounts.services import user_for_token
from silkbridge.api_parser import BadJSON, CheckedParser

# (URL prefix, dotted path of a ninja Router); add a line here to publish an app's API.
ROUTERS = [
    ("/v1/me", "silkbridge.directory.api.me_router"),
    ("/v1/organisations", "silkbridge.directory.api.organisations_router"),
    ("/v1/taxonomy", "silkbridge.directory.api.taxonomy_router"),
    ("/v1/opportunities", "silkbridge.opportunities.api.opportunities_router"),
    ("/v1/saved-searches", "silkbridge.opportunities.api.saved_searches_router"),
    # /v1/opportunities/{id}/interests and /v1/interests/{id}/…
    ("/v1", "silkbridge.introductions.api.interests_router"),
    ("/v1/introductions", "silkbridge.introductions.api.introductions_router"),
    ("/v1/conversations", "silkbridge.conversations.api.conversations_router"),
    ("/v1/notifications", "silkbridge.notifications.api.notifications_router"),
    ("/v1/matching", "silkbridge.matching.api.matching_router"),
    ("/v1/forums", "silkbridge.forums.api.forums_router"),
    ("/v1/groups", "silkbridge.workspace.api.workspace_router"),
    ("/v1/ventures", "silkbridge.ventures.api.ventures_router"),
    ("/v1/talent/agreements", "silkbridge.talent.agreements.api.agreements_router"),
    ("/v1/talent", "silkbridge.talent.exchanges.api.exchanges_router"),
    ("/v1/outcomes", "silkbridge.outcomes.api.outcomes_router"),
    ("/v1/claims", "silkbridge.joining.api.claims_router"),
    ("/v1/registrations", "silkbridge.joining.api_register.registrations_router"),
    ("/v1/statistics", "silkbridge.public.api.statistics_router"),
    ("/v1/announcements", "silkbridge.announcements.api.announcements_router"),
]

MAX_PAGE_SIZE = 100
# Requests per client (user, or address when anonymous); a script should not starve the pages.
DEFAULT_RATE = "600/min"


class ErrorDetail(Schema):
    code: str = Field(
        description="validation_error, not_found, permission_denied, unauthorized, conflict, "
        "rate_limited, payload_too_large or server_error."
    )
    message: str
    fields: dict[str, list[str]] = Field(description="Messages per input field, if any.")


class ErrorBody(Schema):
    """Every error the API returns has this shape."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int, type[Schema]] = {
    status: ErrorBody for status in (400, 401, 403, 404, 409, 422, 429)
}


class InvalidToken(AuthenticationError):
    """A bearer token was sent but names no live token: refuse rather than treat as anonymous."""

    def __init__(self) -> None:
        super().__init__(message=_("The API token is invalid, expired or revoked."))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sb_…` with a personal token from the accounts pages."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if header and not header.lower().startswith("bearer "):
            raise InvalidToken
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token.strip())
        if user is None:
            raise InvalidToken
        # Services and permission checks read request.user, as they do for pages.
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The browser session, with Django's CSRF check on unsafe methods."""

    def __call__(self, request: HttpRequest) -> Any:
        # Without a signed-in session there is nothing to protect; answer 401 rather than a
        # CSRF failure.
        if not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as error:
            raise PermissionDenied(
                _("CSRF check failed: send the X-CSRFToken header with the session cookie.")
            ) from error


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Lets public reads through without credentials; contact details still follow permissions."""
    return request.user


token_auth = TokenAuth()
session_auth = SessionAuth()
SIGNED_IN = [token_auth, session_auth]
PUBLIC = [token_auth, session_auth, anonymous]


class ClientRateThrottle(SimpleRateThrottle):
    """Requests per signed-in user, or per address when anonymous; SILKBRIDGE_API_RATE sets it."""

    scope = "silkbridge-api"

    def __init__(self) -> None:
        # The rate is read per request so settings overrides apply without a restart of the API.
        pass

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, "SILKBRIDGE_API_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class Page(PageNumberPagination):
    """`?page=&page_size=` (at most 100) with the total count and links to the next and previous."""

    class Input(Schema):
        # Bounded so the offset stays a number every database can take (a 500 on PostgreSQL).
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, description=f"At most {MAX_PAGE_SIZE}.")

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        items: list[Any]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * size
        count = self._items_count(queryset)
        return {
            "count": count,
            "next": _page_link(request, pagination.page + 1) if offset + size < count else None,
            "previous": _page_link(request, pagination.page - 1) if pagination.page > 1 else None,
            "items": list(queryset[offset : offset + size]),
        }


def _page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class SilkbridgeAPI(NinjaAPI):
    """Mounts the routers in ROUTERS the first time the URLs are built."""

    _mounted = False

    @property
    def urls(self) -> Any:
        if not self._mounted:
            for prefix, dotted_path in ROUTERS:
                self.add_router(prefix, import_string(dotted_path))
            self._mounted = True
        return super().urls


api = SilkbridgeAPI(
    title="Silkbridge API",
    version="1",
    description=(
        "The directory of the working group (organisations, their people and the taxonomy) "
        "and its partnership desk: opportunities, saved searches, expressions of interest, "
        "introductions, conversations and notifications. "
        "Authenticate with `Authorization: Bearer sb_…` (a personal token) or a browser "
        "session; public reads need neither."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from the ninja package's static files ("ninja" is in INSTALLED_APPS), no CDN.
    docs=Swagger(settings={"persistAuthorization": True}),
    auth=SIGNED_IN,
    throttle=ClientRateThrottle(),
    parser=CheckedParser(),
)


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    """The one error body of the API."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


# Pydantic's messages are English only; the common ones are translated here.
PYDANTIC_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "int_parsing": lambda: _("Enter a whole number."),
    "int_type": lambda: _("Enter a whole number."),
    "bool_parsing": lambda: _("Enter true or false."),
    "bool_type": lambda: _("Enter true or false."),
    "string_type": lambda: _("Enter text."),
    "list_type": lambda: _("Enter a list."),
    "enum": lambda: _("Select a valid choice."),
    "literal_error": lambda: _("Select a valid choice."),
    "greater_than_equal": lambda: _("Enter a larger number."),
    "less_than_equal": lambda: _("Enter a smaller number."),
    "string_too_long": lambda: _("This value is too long."),
    "json_invalid": lambda: _("The request body is not valid JSON."),
    "model_attributes_type": lambda: _("Send a JSON object."),
    "dict_type": lambda: _("Send a JSON object."),
}
# Parameter names the views give their body or query schema; they are not field names.
WRAPPER_NAMES = {"payload", "filters"}


def _field_name(location: list[Any]) -> str:
    """(`body`, `payload`, `website`) -> `website`; (`query`, `page`) -> `page`."""
    parts = [str(part) for part in location[1:]]
    if parts and parts[0] in WRAPPER_NAMES:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def on_ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        translate = PYDANTIC_MESSAGES.get(error.get("type", ""))
        limit = error.get("ctx", {}).get("max_length")
        if error.get("type") == "string_too_long" and isinstance(limit, int):
            message = _("Please keep it under %(limit)d characters.") % {"limit": limit}
        elif translate:
            message = translate()
        elif error.get("type") == "value_error" and "error" in error.get("ctx", {}):
            message = str(error["ctx"]["error"])  # raised by a validator, already translated
        else:
            message = str(error.get("msg", ""))
        fields.setdefault(_field_name(list(error.get("loc", ()))), []).append(message)
    return _validation_response(request, fields)


def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        codes = {e.code for errors in exc.error_dict.values() for e in errors}
    else:
        fields = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
        codes = {e.code for e in exc.error_list}
    if codes and codes <= {"unique", "unique_together"}:
        # The input was well-formed but collides with an existing record.
        general = fields.pop(NON_FIELD_ERRORS, [])
        message = " ".join(general) or _("This conflicts with an existing record.")
        return error_response(request, 409, "conflict", message, fields)
    return _validation_response(request, fields)


def _validation_response(request: HttpRequest, fields: dict[str, list[str]]) -> HttpResponse:
    general = fields.pop(NON_FIELD_ERRORS, [])
    message = " ".join(general) or _("Some fields are not valid.")
    return error_response(request, 422, "validation_error", message, fields)


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return error_response(request, 403, "permission_denied", message)


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # One message for every kind of missing object, so it reveals nothing about what exists.
    return error_response(request, 404, "not_found", _("Not found."))


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = (
        exc.message
        if isinstance(exc, InvalidToken)
        else _("Sign in or send an API token (Authorization: Bearer sb_…).")
    )
    response = error_response(request, 401, "unauthorized", message)
    response["WWW-Authenticate"] = 'Bearer realm="silkbridge"'
    return response


def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return error_response(request, 409, "conflict", _("This conflicts with an existing record."))


def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = error_response(
        request, 429, "rate_limited", _("Too many requests; try again shortly.")
    )
    if exc.wait:
        response["Retry-After"] = str(max(1, int(exc.wait)))
    return response


HTTP_ERROR_CODES = {
    400: "validation_error",
    401: "unauthorized",
    403: "permission_denied",
    404: "not_found",
    409: "conflict",
    429: "rate_limited",
}


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps whatever the parser raises in a bare 400; the parser's own error says more.
    cause = exc.__cause__
    if isinstance(cause, NinjaValidationError | RequestDataTooBig):
        return api.on_exception(request, cause)
    if isinstance(cause, HttpError):
        exc = cause
    code = HTTP_ERROR_CODES.get(exc.status_code, "error")
    # ninja's only 400 is a body it cannot parse; its message is English only.
    message = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    if isinstance(exc, BadJSON):
        message = str(exc)  # the parser's message, translated
    return error_response(request, exc.status_code, code, message)


def on_request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(request, 413, "payload_too_large", _("The request body is too large."))


def on_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A number beyond what the database stores (an id of 30 digits) names nothing that exists.
    return error_response(request, 422, "validation_error", _("A number is out of range."))


def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Logged as Django logs a 500, answered in the API's error shape (DEBUG shows the trace)."""
    if settings.DEBUG:
        raise exc
    logging.getLogger("django.request").error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    message = _("Something went wrong on our side; the error has been logged.")
    return error_response(request, 500, "server_error", message)


for _exception, _handler in (
    (NinjaValidationError, on_ninja_validation_error),
    (DjangoValidationError, on_django_validation_error),
    (PermissionDenied, on_permission_denied),
    (Http404, on_not_found),
    (ObjectDoesNotExist, on_not_found),
    (AuthenticationError, on_authentication_error),
    (IntegrityError, on_integrity_error),
    (Throttled, on_throttled),
    (HttpError, on_http_error),
    (RequestDataTooBig, on_request_too_big),
    (OverflowError, on_out_of_range),
    (DataError, on_out_of_range),
    (Exception, on_server_error),
):
    api.add_exception_handler(_exception, _handler)
