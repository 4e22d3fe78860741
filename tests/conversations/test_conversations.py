"""Conversations: who may read and write, attachments (bad ones write nothing), read state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from silkbridge.conversations import selectors, services
from silkbridge.conversations.models import Conversation, Message, MessageAttachment
from silkbridge.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_persona(request, client):
    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


def files_on_disk(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- services ----------------------------------------------------------------------------------


def test_post_message_notifies_the_others(
    conversation, member, org_admin, counterpart, counterpart_colleague
):
    Notification.objects.all().delete()
    message = services.post_message(actor=member, conversation=conversation, body="Hello Lahore")
    assert message.organisation == member.people.get().organisation
    conversation.refresh_from_db()
    assert conversation.last_message_at == message.created_at
    told = set(
        Notification.objects.filter(kind="message_received").values_list("recipient", flat=True)
    )
    assert told == {org_admin.pk, counterpart.pk, counterpart_colleague.pk}
    note = Notification.objects.filter(recipient=counterpart).get()
    assert note.params["subject"] == conversation.subject
    assert "Qazaq Fintech Labs" in note.params["author"]


def test_message_to_a_conversation_one_is_not_in(conversation, stranger, third_organisation):
    with pytest.raises(PermissionDenied) as caught:
        services.post_message(actor=stranger, conversation=conversation, body="Hi")
    assert str(caught.value) == "You are not part of this conversation."
    with pytest.raises(PermissionDenied):
        services.post_message(
            actor=stranger, conversation=conversation, body="Hi", organisation=third_organisation
        )
    assert not Message.objects.exists()


def test_member_cannot_write_for_an_organisation_outside_the_thread(
    conversation, member, third_organisation
):
    with pytest.raises(PermissionDenied):
        services.post_message(
            actor=member, conversation=conversation, body="Hi", organisation=third_organisation
        )


def test_secretariat_may_write(conversation, secretariat):
    message = services.post_message(actor=secretariat, conversation=conversation, body="Any help?")
    assert message.organisation is None


def test_empty_message_is_refused(conversation, member):
    with pytest.raises(ValidationError) as caught:
        services.post_message(actor=member, conversation=conversation, body="   ")
    assert "body" in caught.value.error_dict


def test_attachments_are_stored_privately(conversation, member, private_media, png_file, pdf_file):
    message = services.post_message(
        actor=member, conversation=conversation, body="See files", files=[png_file(), pdf_file()]
    )
    attachments = list(message.attachments.all())
    assert [(a.original_name, a.content_type) for a in attachments] == [
        ("diagram.png", "image/png"),
        ("offer.pdf", "application/pdf"),
    ]
    assert len(files_on_disk(private_media)) == 2


@pytest.mark.parametrize("bad", ["wrong_type", "too_big", "too_many"])
def test_bad_attachments_write_nothing(
    conversation, member, private_media, png_file, settings, bad
):
    settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 1000
    if bad == "wrong_type":
        files = [png_file(), SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf")]
    elif bad == "too_big":
        files = [png_file(), SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2000)]
    else:
        files = [png_file(f"f{i}.png") for i in range(6)]
    with pytest.raises(ValidationError) as caught:
        services.post_message(actor=member, conversation=conversation, body="Files", files=files)
    assert "files" in caught.value.error_dict
    assert not Message.objects.exists()
    assert not MessageAttachment.objects.exists()
    assert files_on_disk(private_media) == []


def test_a_failure_after_files_are_saved_removes_them(
    conversation, member, private_media, png_file, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(services, "notify", broken)
    with pytest.raises(RuntimeError):
        services.post_message(actor=member, conversation=conversation, body="x", files=[png_file()])
    assert not Message.objects.exists()
    assert files_on_disk(private_media) == []


def test_unread_counts(conversation, member, counterpart, org_admin):
    services.post_message(actor=member, conversation=conversation, body="One")
    services.post_message(actor=member, conversation=conversation, body="Two")
    assert selectors.unread_count(counterpart, conversation) == 2
    assert selectors.unread_total(counterpart) == 2
    assert selectors.unread_total(member) == 0  # one's own messages are read
    page = selectors.conversation_list(counterpart)
    assert [c.unread for c in page] == [2]
    services.mark_read(actor=counterpart, conversation=conversation)
    assert selectors.unread_total(counterpart) == 0
    services.mark_read(actor=counterpart, conversation=conversation)  # an upsert, not a duplicate
    services.post_message(actor=org_admin, conversation=conversation, body="Three")
    assert selectors.unread_total(counterpart) == 1


def test_secretariat_thread(secretariat, organisation, member, stranger):
    conversation = services.start_secretariat_thread(
        actor=secretariat,
        organisation=organisation,
        subject="Your profile",
        body="Please update it",
    )
    assert list(conversation.organisations.all()) == [organisation]
    assert Notification.objects.filter(recipient=member, kind="message_received").exists()
    services.post_message(actor=member, conversation=conversation, body="Done")
    assert Notification.objects.filter(recipient=secretariat, kind="message_received").exists()
    assert selectors.unread_total(secretariat) == 1
    with pytest.raises(PermissionDenied):
        services.start_secretariat_thread(
            actor=member, organisation=organisation, subject="x", body="y"
        )
    with pytest.raises(PermissionDenied):
        services.post_message(actor=stranger, conversation=conversation, body="Hi")


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("counterpart", 200),
        ("secretariat", 200),
        ("stranger", 404),
        ("anonymous", 302),
    ],
)
def test_thread_page_matrix(as_persona, conversation, persona, status):
    response = as_persona(persona).get(conversation.get_absolute_url())
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 302),
        ("counterpart", 302),
        ("secretariat", 302),
        ("stranger", 404),
        ("anonymous", 302),
    ],
)
def test_post_matrix(as_persona, conversation, persona, status):
    response = as_persona(persona).post(conversation.get_absolute_url(), {"body": "Hello"})
    assert response.status_code == status
    assert Message.objects.count() == (0 if persona in ("stranger", "anonymous") else 1)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("counterpart", 200),
        ("secretariat", 200),
        ("stranger", 404),
        ("anonymous", 302),
    ],
)
def test_attachment_download_matrix(
    as_persona, conversation, member, private_media, pdf_file, persona, status
):
    message = services.post_message(
        actor=member, conversation=conversation, body="PDF", files=[pdf_file()]
    )
    attachment = message.attachments.get()
    response = as_persona(persona).get(reverse("conversations:attachment", args=[attachment.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("persona", "visible"),
    [("member", True), ("counterpart", True), ("secretariat", True), ("stranger", False)],
)
def test_list_shows_only_ones_threads(as_persona, conversation, persona, visible):
    page = as_persona(persona).get(reverse("conversations:list")).content.decode()
    assert (conversation.subject in page) is visible


def test_viewing_marks_read_and_badge(client, conversation, member, counterpart):
    services.post_message(actor=member, conversation=conversation, body="Unread one")
    client.force_login(counterpart)
    listing = client.get(reverse("conversations:list")).content.decode()
    assert "1 unread</span>" in listing
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Unread one" in page
    listing = client.get(reverse("conversations:list")).content.decode()
    assert "1 unread</span>" not in listing


def test_htmx_post_returns_the_thread(client, conversation, counterpart):
    client.force_login(counterpart)
    response = client.post(
        conversation.get_absolute_url(), {"body": "Via htmx"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="thread"' in html and "Via htmx" in html and "<html" not in html


def test_post_with_bad_file_shows_error(client, conversation, counterpart, private_media):
    client.force_login(counterpart)
    response = client.post(
        conversation.get_absolute_url(),
        {"body": "Here", "files": [SimpleUploadedFile("x.pdf", b"not a pdf at all")]},
    )
    assert response.status_code == 422
    assert "is not a PDF or an image" in response.content.decode()
    assert not Message.objects.exists()


def test_start_thread_page(client, secretariat, member, organisation):
    url = reverse("conversations:start", args=[organisation.slug])
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(secretariat)
    response = client.post(url, {"subject": "Hello", "body": "From the secretariat"})
    conversation = Conversation.objects.get()
    assert response["Location"] == conversation.get_absolute_url()
