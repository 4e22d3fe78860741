"""The LOGGING setting: plain text lines by default, one JSON object per line with
LOG_FORMAT=json for log shippers (python-json-logger)."""

from __future__ import annotations

import logging
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS

LOG_FORMATS = ("text", "json")
# Attributes Django attaches that are objects, not values: the filter below turns them into
# plain fields, so they are left out of the JSON as they are.
_OBJECT_ATTRS = ("request", "status_code", "server_time")


class RequestFields(logging.Filter):
    """Copy the request path, method and response status Django attaches to `django.request`
    and `django.server` records into plain fields (`path`, `method`, `status`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            record.path = path
            record.method = getattr(request, "method", None)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            record.status = status
        return True


class QuietExpectedRefusals(logging.Filter):
    """A 403 or 404 is the site working as designed (a permission check, a wrong address): keep
    its one line, drop the traceback Django attaches, so real errors stand out in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
        return True


def logging_config(
    log_format: str = "text", level: str = "INFO", huey_level: str = "WARNING"
) -> dict[str, Any]:
    """A `dictConfig` that writes every record to standard error in the chosen format."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    handler: dict[str, Any] = {"class": "logging.StreamHandler"}
    formatters: dict[str, Any] = {}
    if log_format == "json":
        formatters["json"] = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            "reserved_attrs": [*RESERVED_ATTRS, *_OBJECT_ATTRS],
        }
        handler |= {"formatter": "json", "filters": ["quiet_refusals", "request_fields"]}
    else:
        handler |= {"filters": ["quiet_refusals"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_fields": {"()": RequestFields},
            "quiet_refusals": {"()": QuietExpectedRefusals},
        },
        "formatters": formatters,
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        # huey logs every task it runs at INFO; in-process that is a line per e-mail.
        "loggers": {"huey": {"level": huey_level}},
    }
