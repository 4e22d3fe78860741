"""Input no person types but an attacker or a broken script sends: each answer is a 4xx in the
API's error shape (or a plain page for pages), and nothing is stored. Text the database cannot
hold (NUL characters, unpaired surrogates) is refused for every string field by the API's one
parser, so the same rule holds on SQLite and PostgreSQL."""

import json
import logging

import pytest

from silkbridge.conversations.models import Message
from silkbridge.opportunities.models import Opportunity, SavedSearch
from tests.api.helpers import error_of
from tests.forums.conftest import forum  # noqa: F401  (an event open for registration)
from tests.introductions import conftest as shared

counterpart = shared.counterpart
stranger = shared.stranger
third_organisation = shared.third_organisation
pending_introduction = shared.pending_introduction
accepted_introduction = shared.accepted_introduction
conversation = shared.conversation

# JSON escapes, so the request carries exactly what a client could send.
SURROGATE = "\\ud800"
NUL = "\\u0000"


@pytest.fixture
def write(client, org_admin, conversation, forum, organisation):  # noqa: F811
    """A callable sending a raw JSON body to one of the writes that keep text, as someone
    allowed to make it; returns the response."""
    client.force_login(org_admin)
    writes = {
        "organisation": ("patch", f"/api/v1/organisations/{organisation.slug}", "description"),
        "saved search": ("post", "/api/v1/saved-searches", "name"),
        "opportunity": ("post", "/api/v1/opportunities", "title"),
        "forum participant": ("post", f"/api/v1/forums/events/{forum.slug}/participants", "pitch"),
        "message": ("post", f"/api/v1/conversations/{conversation.pk}/messages", "body"),
    }
    valid = {
        "organisation": {},
        "saved search": {"query": ""},
        "opportunity": {"type": "technology", "direction": "offer", "summary": "Wallets."},
        "forum participant": {"organisation_id": organisation.pk, "participation_type": "any"},
        "message": {},
    }

    def send(target: str, text: str):
        method, url, field = writes[target]
        body = json.dumps(valid[target])[1:-1]
        raw = "{" + (body + ", " if body else "") + f'"{field}": "Hello {text} world"' + "}"
        return getattr(client, method)(url, raw, content_type="application/json"), field

    return send


TARGETS = ["organisation", "saved search", "opportunity", "forum participant", "message"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SURROGATE, "Remove the invalid character (an unpaired surrogate) from this text."),
        (NUL, "Null characters are not allowed."),
    ],
)
def test_text_the_database_cannot_store_is_refused_on_its_field(write, target, text, message):
    response, field = write(target, text)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["fields"] == {field: [message]}
    assert not Message.objects.exists()
    assert not SavedSearch.objects.exists()
    assert not Opportunity.objects.exists()


def test_a_multipart_message_with_a_nul_character_is_refused(client, member, conversation):
    client.force_login(member)
    response = client.post(f"/api/v1/conversations/{conversation.pk}/messages", {"body": "a\0b"})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"body": ["Null characters are not allowed."]}
    assert not Message.objects.exists()


def test_a_query_parameter_with_a_nul_character_is_refused(client, secretariat, forum):  # noqa: F811
    client.force_login(secretariat)
    response = client.get(f"/api/v1/forums/events/{forum.slug}/participants", {"q": "a\0"})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"q": ["Null characters are not allowed."]}


@pytest.mark.parametrize(
    "path", ["/api/v1/saved-searches", "/api/v1/conversations/{conversation}/messages"]
)
@pytest.mark.parametrize(
    ("raw", "content_type", "status", "message"),
    [
        ("[" * 100_000, "application/json", 400, "The request body is nested too deeply."),
        ("[" * 40 + "]" * 40, "application/json", 400, "The request body is nested too deeply."),
        ('{"name": "a", "body": "b", "organisation_id": NaN}', "application/json", 400, ""),
        (b'{"name": "\xff\xfe"}', "application/json", 400, "The request body is not valid JSON."),
        ("<name>x</name>", "application/xml", 400, "The request body is not valid JSON."),
        ("name=x", "text/plain", 400, "The request body is not valid JSON."),
        ("[1, 2]", "application/json", 422, ""),
        ('"just text"', "application/json", 422, ""),
    ],
)
def test_a_body_that_is_not_what_the_schema_wants_is_a_client_error(
    client, member, conversation, path, raw, content_type, status, message
):
    client.force_login(member)
    response = client.post(
        path.format(conversation=conversation.pk), raw, content_type=content_type
    )
    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == "validation_error"
    if message:
        assert error["message"] == message
    assert not Message.objects.exists()
    assert not SavedSearch.objects.exists()


def test_a_body_over_the_upload_limit_is_payload_too_large(client, member, conversation):
    client.force_login(member)
    huge = json.dumps({"name": "x" * 3_000_000, "body": "x"})
    for path in ("/api/v1/saved-searches", f"/api/v1/conversations/{conversation.pk}/messages"):
        response = client.post(path, huge, content_type="application/json")
        assert response.status_code == 413
        assert error_of(response)["code"] == "payload_too_large"
    assert not Message.objects.exists()


@pytest.fixture
def broken_organisations(monkeypatch, client):
    """Reading organisations fails with a bug, as code in production sometimes does."""
    from silkbridge.directory import api as directory_api

    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(directory_api.selectors, "search_organisations", fail)
    client.raise_request_exception = False
    return client


def test_a_server_error_in_the_api_is_logged_and_answered_in_the_error_shape(
    broken_organisations, caplog, db
):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = broken_organisations.get("/api/v1/organisations")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert error_of(response)["code"] == "server_error"
    assert "a bug" not in response.content.decode()
    assert any(record.exc_info for record in caplog.records)


def test_a_page_number_beyond_any_list_is_refused_on_its_parameter(client, member):
    client.force_login(member)
    response = client.get("/api/v1/outcomes/targets", {"page": 10**20})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"page": ["Enter a smaller number."]}
