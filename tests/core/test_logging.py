"""LOG_FORMAT=json turns every log line into one JSON object a log shipper can parse, with the
request path and status when Django gives them; the default stays plain text."""

import io
import json
import logging
from collections.abc import Iterator
from logging.config import DictConfigurator

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

from silkbridge.core.logconfig import logging_config


@pytest.fixture
def log_output() -> Iterator[callable]:
    """Attach the console handler that `logging_config(log_format)` describes, writing into a
    buffer, to the loggers the test uses; returns a function that sets it up for a format."""
    attached: list[tuple[logging.Logger, logging.Handler]] = []

    def use(log_format: str) -> io.StringIO:
        config = logging_config(log_format=log_format)
        configurator = DictConfigurator(config)
        handler_config = config["handlers"]["console"]
        buffer = io.StringIO()
        handler = logging.StreamHandler(buffer)
        if "formatter" in handler_config:
            formatter_config = config["formatters"][handler_config["formatter"]]
            handler.setFormatter(configurator.configure_formatter(dict(formatter_config)))
        for name in handler_config.get("filters", []):
            handler.addFilter(configurator.configure_filter(dict(config["filters"][name])))
        for logger in (logging.getLogger("django.request"), logging.getLogger("silkbridge.t")):
            logger.addHandler(handler)
            attached.append((logger, handler))
        return buffer

    yield use
    for logger, handler in attached:
        logger.removeHandler(handler)


def _log_a_missing_page_and_a_message() -> None:
    request = RequestFactory().get("/no-such-page")
    log_response("Not Found: %s", request.path, response=HttpResponse(status=404), request=request)
    logging.getLogger("silkbridge.t").warning("plain message %s", 42)


def test_json_log_lines_are_objects_with_time_level_logger_message_path_and_status(log_output):
    buffer = log_output("json")

    _log_a_missing_page_and_a_message()

    not_found, plain = (json.loads(line) for line in buffer.getvalue().splitlines())
    assert not_found["level"] == "WARNING"
    assert not_found["logger"] == "django.request"
    assert not_found["message"] == "Not Found: /no-such-page"
    assert (not_found["path"], not_found["method"], not_found["status"]) == (
        "/no-such-page",
        "GET",
        404,
    )
    assert not_found["time"].endswith("+00:00")
    assert (plain["logger"], plain["message"]) == ("silkbridge.t", "plain message 42")


def test_log_lines_are_plain_text_by_default(log_output):
    buffer = log_output("text")

    _log_a_missing_page_and_a_message()

    assert buffer.getvalue().splitlines() == ["Not Found: /no-such-page", "plain message 42"]


def test_an_unknown_log_format_is_refused_rather_than_ignored():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config(log_format="xml")


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_refused_request_logs_one_line_and_a_server_error_its_traceback(log_output, log_format):
    buffer = log_output(log_format)
    request = RequestFactory().get("/organisations/42/edit/")

    try:
        raise PermissionDenied("not an admin of this organisation")
    except PermissionDenied as refused:
        log_response(
            "Forbidden (Permission denied): %s",
            request.path,
            response=HttpResponse(status=403),
            request=request,
            exception=refused,
        )
    forbidden = buffer.getvalue()
    try:
        raise RuntimeError("a real bug")
    except RuntimeError as bug:
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=HttpResponse(status=500),
            request=request,
            exception=bug,
        )
    server_error = buffer.getvalue()[len(forbidden) :]

    assert "Forbidden (Permission denied): /organisations/42/edit/" in forbidden
    assert "Traceback" not in forbidden and "exc_info" not in forbidden
    assert "Traceback" in server_error or "exc_info" in server_error
    assert "a real bug" in server_error
