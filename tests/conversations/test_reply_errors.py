"""A reply that is refused says why, in place, whether it came through htmx or a plain post;
a closed introduction's thread refuses replies and says so instead of showing the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from silkbridge.conversations import services
from silkbridge.conversations.forms import MessageForm
from silkbridge.conversations.models import BODY_MAX_LENGTH, Message
from silkbridge.introductions import services as introduction_services

pytestmark = pytest.mark.django_db


def htmx_post(client, conversation, data):
    return client.post(conversation.get_absolute_url(), data, HTTP_HX_REQUEST="true")


def test_an_empty_reply_comes_back_as_the_thread_with_the_message_on_the_field(
    client, conversation, counterpart
):
    client.force_login(counterpart)
    response = htmx_post(client, conversation, {"body": "   "})
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html and 'id="thread"' in html
    assert 'id="id_body_error"' in html and "This field is required." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_body_error"' in html
    assert not Message.objects.exists()


def test_a_reply_over_the_limit_is_refused_with_the_limit_and_the_text_kept(
    client, conversation, counterpart
):
    client.force_login(counterpart)
    long_text = "x" * 16_000
    response = htmx_post(client, conversation, {"body": long_text})
    html = response.content.decode()
    assert response.status_code == 422
    assert f"at most {BODY_MAX_LENGTH} characters" in html
    assert long_text in html  # what was typed is not lost
    assert not Message.objects.exists()


def test_a_rejected_attachment_is_named_in_the_thread_fragment(
    client, conversation, counterpart, private_media
):
    client.force_login(counterpart)
    upload = SimpleUploadedFile("minutes.pdf", b"not a pdf at all")
    response = htmx_post(client, conversation, {"body": "See attached", "files": [upload]})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_files_error"' in html and "is not a PDF or an image" in html
    assert not Message.objects.exists()


def test_the_attachments_hint_is_in_the_reader_s_language():
    with translation.override("ru"):
        hint = str(MessageForm().fields["files"].help_text)
    assert hint != "Up to 5 PDF or image files."
    assert "5" in hint


@pytest.fixture
def closed_conversation(conversation, secretariat):
    introduction_services.close(
        actor=secretariat, introduction=conversation.introduction, reason="Both sides asked."
    )
    conversation.refresh_from_db()
    conversation.introduction.refresh_from_db()
    return conversation


def test_a_closed_introduction_s_thread_refuses_a_message(closed_conversation, counterpart):
    with pytest.raises(services.ValidationError) as raised:
        services.post_message(actor=counterpart, conversation=closed_conversation, body="Hello?")
    assert raised.value.code == "closed"
    assert not Message.objects.exists()


def test_a_closed_thread_shows_why_instead_of_the_reply_form(
    client, closed_conversation, counterpart
):
    client.force_login(counterpart)
    html = client.get(closed_conversation.get_absolute_url()).content.decode()
    assert 'id="conversation-closed"' in html and "takes no new messages" in html
    assert 'name="body"' not in html


@pytest.mark.parametrize("htmx", [True, False])
def test_a_reply_posted_to_a_closed_thread_is_refused_visibly(
    client, closed_conversation, counterpart, htmx
):
    client.force_login(counterpart)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(closed_conversation.get_absolute_url(), {"body": "Hello?"}, **headers)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="conversation-closed" role="alert"' in html and "takes no new messages" in html
    assert not Message.objects.exists()


def test_the_api_refuses_a_message_to_a_closed_thread(closed_conversation, counterpart, client):
    client.force_login(counterpart)
    response = client.post(
        f"/api/v1/conversations/{closed_conversation.pk}/messages",
        {"body": "Hello?"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Message.objects.exists()


def test_a_reply_sent_through_htmx_is_announced(client, conversation, counterpart):
    client.force_login(counterpart)
    html = htmx_post(client, conversation, {"body": "Thanks!"}).content.decode()
    assert '<p class="visually-hidden" role="status">Your message was sent.</p>' in html


def test_line_breaks_count_once_as_the_browser_counts_them(client, conversation, counterpart):
    client.force_login(counterpart)
    text = "line\r\n" * (BODY_MAX_LENGTH // 5)  # at the limit with breaks counted once
    response = htmx_post(client, conversation, {"body": text})
    assert response.status_code == 200
    assert Message.objects.get().body == text.replace("\r\n", "\n").strip()
