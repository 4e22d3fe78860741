"""Conversations over the API: who sees a thread, unread counts and read marks, messages as
JSON or multipart with files, bad files storing nothing, and secretariat threads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from silkbridge.conversations import services
from silkbridge.conversations.models import Conversation, Message, MessageAttachment
from silkbridge.notifications.models import Notification
from tests.api.helpers import error_of
from tests.introductions import conftest as shared

# Fixtures shared with the introductions tests: `conversation` is the thread of the accepted
# introduction between `organisation` (the owner's, KZ) and `other_organisation` (the
# counterpart's, PK); the stranger belongs to a third organisation.
counterpart = shared.counterpart
stranger = shared.stranger
third_organisation = shared.third_organisation
pending_introduction = shared.pending_introduction
accepted_introduction = shared.accepted_introduction
conversation = shared.conversation
pdf_file = shared.pdf_file
png_file = shared.png_file
private_media = shared.private_media

PERSONAS = ["owner", "counterpart", "secretariat", "outsider", "anonymous"]
FIXTURES = {"owner": "member", "outsider": "stranger"}
THREADS = "/api/v1/conversations"


@pytest.fixture
def as_persona(client, request, db):
    def sign_in(name: str) -> Client:
        if name != "anonymous":
            client.force_login(request.getfixturevalue(FIXTURES.get(name, name)))
        return client

    return sign_in


def url(conversation, suffix: str = "") -> str:
    return f"{THREADS}/{conversation.pk}{suffix}"


def drain(response) -> bytes:
    """A response's bytes; a file response is read to its end, which closes its file."""
    if not response.streaming:
        return response.content
    return b"".join(response.streaming_content)


def stored_files(private_media) -> list:
    return [p for p in private_media.rglob("*") if p.is_file()] if private_media.exists() else []


# -- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code", "listed"),
    [
        ("owner", 200, True),
        ("counterpart", 200, True),
        ("secretariat", 200, True),
        ("outsider", 200, False),
        ("anonymous", 401, None),
    ],
)
def test_threads_are_listed_to_their_participants_and_the_secretariat(
    as_persona, persona, code, listed, conversation
):
    response = as_persona(persona).get(THREADS)

    assert response.status_code == code
    if listed is not None:
        ids = [item["id"] for item in response.json()["items"]]
        assert ids == ([conversation.pk] if listed else [])


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 200),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_a_thread_is_read_by_its_participants_and_the_secretariat(
    as_persona, persona, code, conversation, counterpart
):
    services.post_message(actor=counterpart, conversation=conversation, body="Salam!")

    response = as_persona(persona).get(url(conversation))

    assert response.status_code == code
    if code == 200:
        body = response.json()
        assert body["introduction_id"] == conversation.introduction_id
        assert {o["name"] for o in body["organisations"]} == {
            "Qazaq Fintech Labs",
            "Lahore Software House",
        }
        message = body["messages"]["items"][-1]
        assert message["body"] == "Salam!"
        assert message["organisation"]["name"] == "Lahore Software House"
        assert message["author"]["full_name"] == counterpart.full_name
    else:
        assert "Salam" not in response.content.decode()


def test_unread_counts_follow_the_read_mark(client, member, counterpart, conversation):
    services.post_message(actor=counterpart, conversation=conversation, body="One")
    services.post_message(actor=counterpart, conversation=conversation, body="Two")
    client.force_login(member)

    before = client.get(THREADS).json()["items"][0]["unread"]
    detail = client.get(url(conversation)).json()
    still = client.get(THREADS).json()["items"][0]["unread"]
    marked = client.post(url(conversation, "/read"))
    after = client.get(THREADS).json()["items"][0]["unread"]

    assert before == 2
    assert detail["unread"] == 2
    assert still == 2  # reading over the API does not mark the thread read by itself
    assert marked.status_code == 204
    assert after == 0


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 204),
        ("counterpart", 204),
        ("secretariat", 204),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_marking_read(as_persona, persona, code, conversation):
    assert as_persona(persona).post(url(conversation, "/read")).status_code == code


def test_messages_are_paged_with_the_latest_first_shown(client, member, conversation):
    Message.objects.bulk_create(
        [Message(conversation=conversation, author=member, body=f"m{n}") for n in range(51)]
    )
    client.force_login(member)

    latest = client.get(url(conversation)).json()["messages"]
    first = client.get(latest["previous"]).json()["messages"]

    assert (latest["count"], latest["page"], latest["num_pages"]) == (51, 2, 2)
    assert [m["body"] for m in latest["items"]] == ["m50"]
    assert latest["next"] is None
    assert len(first["items"]) == 50
    assert first["items"][0]["body"] == "m0"
    assert "page=2" in first["next"]
    assert client.get(url(conversation), {"page": 9}).json()["messages"]["items"] == []


# -- writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 201),
        ("counterpart", 201),
        ("secretariat", 201),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_who_may_write_in_a_thread(as_persona, persona, code, conversation):
    response = as_persona(persona).post(
        url(conversation, "/messages"), {"body": "Hello"}, content_type="application/json"
    )

    assert response.status_code == code
    assert Message.objects.count() == (1 if code == 201 else 0)


def test_a_json_message_tells_the_other_side(client, member, counterpart, conversation):
    client.force_login(member)

    response = client.post(
        url(conversation, "/messages"),
        {"body": "Shall we meet in Almaty?"},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["body"] == "Shall we meet in Almaty?"
    assert body["organisation"]["name"] == "Qazaq Fintech Labs"
    assert body["attachments"] == []
    assert Notification.objects.filter(recipient=counterpart, kind="message_received").exists()
    assert not Notification.objects.filter(recipient=member, kind="message_received").exists()


def test_a_multipart_message_carries_files(
    client, member, counterpart, conversation, pdf_file, png_file
):
    client.force_login(member)

    response = client.post(
        url(conversation, "/messages"),
        {"body": "The offer and a diagram.", "files": [pdf_file(), png_file()]},
    )

    assert response.status_code == 201, response.content
    files = response.json()["attachments"]
    assert [(f["name"], f["content_type"]) for f in files] == [
        ("offer.pdf", "application/pdf"),
        ("diagram.png", "image/png"),
    ]
    client.force_login(counterpart)
    download = client.get(files[0]["download_url"])
    assert download.status_code == 200
    assert drain(download).startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith('attachment; filename="offer.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 200),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_files_are_downloaded_by_the_threads_readers_only(
    as_persona, persona, code, conversation, member, pdf_file
):
    message = services.post_message(
        actor=member, conversation=conversation, body="File", files=[pdf_file()]
    )
    attachment = message.attachments.get()

    response = as_persona(persona).get(url(conversation, f"/attachments/{attachment.pk}"))

    assert response.status_code == code
    drain(response)


def test_a_file_is_only_found_under_its_own_thread(
    client, secretariat, member, conversation, organisation, pdf_file
):
    message = services.post_message(
        actor=member, conversation=conversation, body="File", files=[pdf_file()]
    )
    other = services.start_secretariat_thread(
        actor=secretariat, organisation=organisation, subject="Visit", body="Hello"
    )
    client.force_login(member)

    response = client.get(url(other, f"/attachments/{message.attachments.get().pk}"))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "  "}, "body"),
        ({"body": "b" * 10001}, "body"),
        ({}, "body"),
    ],
)
def test_a_bad_message_names_its_field(client, member, conversation, body, field):
    client.force_login(member)

    response = client.post(url(conversation, "/messages"), body, content_type="application/json")

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]
    assert Message.objects.count() == 0


def test_a_body_that_is_not_json_is_refused(client, member, conversation):
    client.force_login(member)

    response = client.post(
        url(conversation, "/messages"), "{body:", content_type="application/json"
    )

    assert response.status_code == 400
    assert error_of(response)["message"] == "The request body is not valid JSON."


@pytest.mark.parametrize("problem", ["wrong type", "too large", "too many"])
def test_bad_files_store_nothing_not_even_the_message(
    client, member, conversation, pdf_file, png_file, private_media, settings, problem
):
    if problem == "wrong type":
        files = [
            pdf_file(),
            SimpleUploadedFile("run.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        ]
    elif problem == "too large":
        settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 50
        files = [png_file()]
    else:
        files = [pdf_file(f"part{n}.pdf") for n in range(6)]
    client.force_login(member)

    response = client.post(url(conversation, "/messages"), {"body": "Files", "files": files})

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["files"]
    assert Message.objects.count() == 0
    assert MessageAttachment.objects.count() == 0
    assert stored_files(private_media) == []
    assert not Notification.objects.filter(kind="message_received").exists()


def test_a_message_to_a_thread_one_is_not_in_is_not_found(client, stranger, conversation):
    client.force_login(stranger)

    response = client.post(
        url(conversation, "/messages"), {"body": "Let me in"}, content_type="application/json"
    )

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert Message.objects.count() == 0


def test_writing_for_an_organisation_outside_the_thread_is_refused(
    client, member, conversation, third_organisation
):
    from silkbridge.directory.models import Person

    Person.objects.create(organisation=third_organisation, user=member, full_name="Twice")
    client.force_login(member)

    response = client.post(
        url(conversation, "/messages"),
        {"body": "Hi", "organisation_id": third_organisation.pk},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Message.objects.count() == 0


def test_a_token_posts_a_multipart_message(counterpart, conversation, token_for, pdf_file):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        url(conversation, "/messages"),
        {"body": "Signed by script", "files": [pdf_file()]},
        headers={"authorization": f"Bearer {token_for(counterpart)}"},
    )

    assert response.status_code == 201
    assert Message.objects.get().author == counterpart


# -- secretariat threads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 201),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_the_secretariat_starts_threads_with_an_organisation(
    as_persona, persona, code, organisation, member
):
    response = as_persona(persona).post(
        THREADS,
        {"organisation_id": organisation.pk, "subject": "Your visit", "body": "Welcome!"},
        content_type="application/json",
    )

    assert response.status_code == code
    if code == 201:
        body = response.json()
        assert body["subject"] == "Your visit"
        assert body["introduction_id"] is None
        assert [m["body"] for m in body["messages"]["items"]] == ["Welcome!"]
        assert body["messages"]["items"][0]["organisation"] is None
        assert Notification.objects.filter(recipient=member, kind="message_received").exists()
    assert Conversation.objects.count() == (1 if code == 201 else 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organisation_id": 999999, "subject": "S", "body": "B"}, "organisation_id"),
        ({"organisation_id": "{org}", "subject": "s" * 201, "body": "B"}, "subject"),
        ({"organisation_id": "{org}", "subject": "", "body": "B"}, "subject"),
        ({"organisation_id": "{org}", "subject": "S", "body": ""}, "body"),
        ({"subject": "S", "body": "B"}, "organisation_id"),
    ],
)
def test_a_bad_thread_names_its_field(client, secretariat, organisation, body, field):
    client.force_login(secretariat)
    body = {k: organisation.pk if v == "{org}" else v for k, v in body.items()}

    response = client.post(THREADS, body, content_type="application/json")

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]
    assert Conversation.objects.count() == 0
