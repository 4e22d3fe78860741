"""The API's request parser: every JSON body and every query or form value passes through here.

Input that Python accepts but the database cannot store is refused at the door, once for every
operation: text with NUL characters (PostgreSQL refuses them) or unpaired surrogates (no UTF-8
encoding exists for them), JSON nested deeper than any of our schemas, and NaN or Infinity
(not JSON at all). Bad text is a validation error naming its field; a body that is not JSON a 400.
"""

import json
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

# Our deepest schema (a decision with its action items) nests three levels; 32 leaves room.
MAX_JSON_DEPTH = 32


class BadJSON(HttpError):
    """A body that is not JSON, or nested too deeply: 400 with a translated message."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(raw: bytes) -> Any:
    """The JSON document in `raw`, refusing what json.loads would take but JSON forbids."""
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise BadJSON(_("The request body is nested too deeply.")) from None
    except ValueError:  # JSONDecodeError, invalid UTF-8, NaN, integers too long to read
        raise BadJSON(_("The request body is not valid JSON.")) from None
    _check_depth(data)
    return data


def _check_depth(data: Any) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadJSON(_("The request body is nested too deeply."))
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string in `data` (keys included) with the path that leads to it."""
    stack = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield (*where, key), str(key)
                stack.append((item, (*where, key)))
        elif isinstance(value, list | tuple):
            stack.extend((item, (*where, index)) for index, item in enumerate(value))


def unstorable_text_message(text: str) -> str | None:
    """Why `text` cannot be stored, or None when it can."""
    if "\x00" in text:
        return _("Null characters are not allowed.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("Remove the invalid character (an unpaired surrogate) from this text.")
    return None


def refuse_unstorable_text(data: Any, source: str) -> None:
    """Raise a validation error naming each field of `data` whose text cannot be stored."""
    errors = []
    for where, text in _strings(data, (source,)):
        message = unstorable_text_message(text)
        if message:
            errors.append(
                {"loc": where, "msg": message, "type": "value_error", "ctx": {"error": message}}
            )
    if errors:
        raise NinjaValidationError(errors)


def parse_json_body(request: HttpRequest) -> Any:
    """A request's JSON body, checked as every operation's body is."""
    data = parse_json(request.body)
    refuse_unstorable_text(data, "body")
    return data


class CheckedParser(Parser):
    """ninja's parser with the checks above on bodies, query strings and forms."""

    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json_body(request)

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        # Files are not text; the uploads module checks them by content.
        if data is request.GET:
            refuse_unstorable_text(result, "query")
        elif data is request.POST:
            refuse_unstorable_text(result, "form")
        return result
