"""Leaving: the export holds the person's data and nobody else's; deleting the account leaves
no copy of their e-mail address, keeps others' conversations, and tells the secretariat when an
organisation loses its last admin."""

import json

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from silkbridge.accounts import leaving
from silkbridge.accounts.models import APIToken, Invitation, User
from silkbridge.accounts.services import create_api_token, user_for_token
from silkbridge.conversations import services as conversations
from silkbridge.directory.models import Person
from silkbridge.notifications.models import Notification
from tests.introductions.conftest import (  # noqa: F401 (fixtures shared with introductions)
    accepted_introduction,
    conversation,
    counterpart,
    counterpart_colleague,
    make_open_opportunity,
    pending_introduction,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def rows_holding(text: str) -> list[str]:
    """Every row of every table whose text or JSON columns contain `text` (any case)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not columns:
            continue
        query = models.Q()
        for column in columns:
            query |= models.Q(**{f"{column}__icontains": text})
        found += [
            f"{model._meta.label}#{pk}"
            for pk in model._base_manager.filter(query).values_list("pk", flat=True)
        ]
    return found


# --- export ------------------------------------------------------------------------------------


def test_export_holds_the_persons_data_and_nobody_elses(
    client,
    conversation,  # noqa: F811
    member,
    counterpart,  # noqa: F811
    org_admin,
):
    conversations.post_message(actor=member, conversation=conversation, body="Our API is ready.")
    conversations.post_message(actor=counterpart, conversation=conversation, body="Lahore says hi.")
    create_api_token(user=member, name="ci script", expires_at=None)
    client.force_login(member)

    response = client.get(reverse("accounts:export-data"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "member@qfl.example.kz"
    assert [m["organisation"] for m in data["memberships"]] == ["Qazaq Fintech Labs"]
    assert [m["body"] for m in data["messages_written"]] == ["Our API is ready."]
    assert [i["organisations"] for i in data["introductions"]] == [
        ["Qazaq Fintech Labs", "Lahore Software House"]
    ]
    assert "proposed" in data["introductions"][0]["your_part"]
    assert [t["name"] for t in data["api_tokens"]] == ["ci script"]
    assert data["notifications"], "the member was told of the counterpart's message"
    text = response.content.decode()
    for someone_else in (counterpart.email, org_admin.email, "Lahore says hi."):
        assert someone_else not in text
    assert "sb_" not in text and "key_hash" not in text


def test_export_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:export-data"))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- deletion ----------------------------------------------------------------------------------


def test_wrong_password_deletes_nothing(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:leaving"), {"password": "not-my-password"})

    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    assert User.objects.filter(pk=member.pk, is_active=True).exists()
    assert Person.objects.filter(user=member).exists()


def test_deleted_person_cannot_sign_in_and_their_address_is_gone_everywhere(
    client,
    conversation,  # noqa: F811
    member,
    counterpart,  # noqa: F811
    secretariat,
    organisation,
):
    # Copies of the address in other tables: an invitation, the audit log, a message body.
    Invitation.objects.create(
        organisation=organisation,
        email=member.email,
        token_hash="x" * 64,
        expires_at=Invitation.default_expiry(),
        status="accepted",
    )
    member.full_name = "Aigerim Member"
    member.save()
    conversations.post_message(actor=member, conversation=conversation, body="Write to me.")
    conversations.post_message(
        actor=counterpart, conversation=conversation, body=f"Noted, {member.email}."
    )
    _token, secret = create_api_token(user=member, name="script", expires_at=None)
    assert rows_holding(member.email), "the scenario must hold copies to erase"
    client.force_login(member)

    response = client.post(reverse("accounts:leaving"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(email__iexact="member@qfl.example.kz").exists()
    assert rows_holding("member@qfl.example.kz") == []
    assert rows_holding("Aigerim Member") == []
    assert user_for_token(secret) is None
    assert not APIToken.objects.exists()
    request = RequestFactory().post("/")
    assert authenticate(request, username="member@qfl.example.kz", password=PASSWORD) is None
    # The counterpart's conversation still shows both messages, the member's as a former member's.
    client.force_login(counterpart)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Write to me." in page and "Former member" in page
    assert "Noted, [removed]." in page


def test_audit_entries_stay_without_the_name(member, organisation):
    from auditlog.context import set_actor

    with set_actor(member):
        organisation.description = "Changed by the member"
        organisation.save()
    made_by_member = LogEntry.objects.filter(actor=member).count()
    assert made_by_member
    total = LogEntry.objects.count()

    member_id = member.pk
    leaving.delete_account(user=member, password=PASSWORD)

    # Every entry stays, and one more says that an account was deleted, not whose.
    assert LogEntry.objects.count() == total + 1
    gone = LogEntry.objects.get(object_pk=str(member_id), action=LogEntry.Action.DELETE)
    assert gone.content_type.model == "user" and gone.object_repr == "[removed]"
    kept = LogEntry.objects.filter(object_repr=str(organisation)).latest("timestamp")
    assert kept.actor_id is None and kept.actor_email in ("", None)
    assert kept.changes["description"][1] == "Changed by the member"


def test_last_admin_leaving_tells_the_secretariat(org_admin, member, secretariat, organisation):
    Notification.objects.all().delete()

    departure = leaving.delete_account(user=org_admin, password=PASSWORD)

    assert departure.organisations_without_admin == [organisation]
    note = Notification.objects.get(recipient=secretariat)
    assert note.kind == "organisation_without_admin"
    assert note.params == {"organisation": "Qazaq Fintech Labs"}
    assert not Notification.objects.filter(recipient=member).exists()


def test_an_admin_leaving_beside_another_admin_tells_nobody(
    make_user, org_admin, secretariat, organisation
):
    make_user("second-admin@qfl.example.kz", organisation=organisation, role="admin")
    Notification.objects.all().delete()

    departure = leaving.delete_account(user=org_admin, password=PASSWORD)

    assert departure.organisations_without_admin == []
    assert not Notification.objects.exists()


def test_single_sign_on_account_confirms_with_its_address(member):
    member.set_unusable_password()
    member.save()

    with pytest.raises(ValidationError) as refused:
        leaving.delete_account(user=member, email="someone@else.example")
    assert "email" in refused.value.message_dict
    leaving.delete_account(user=member, email="MEMBER@qfl.example.kz")
    assert not User.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_leaving_page_renders_for_a_member(client, member, language):
    client.force_login(member)
    response = client.get(reverse("accounts:leaving"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert reverse("accounts:export-data") in response.content.decode()


def test_leaving_page_needs_a_signed_in_person(client):
    response = client.post(reverse("accounts:leaving"), {"password": PASSWORD})
    assert response.status_code == 302


def test_the_only_secretariat_member_cannot_leave(make_user, secretariat):
    with pytest.raises(ValidationError, match="only member of the secretariat"):
        leaving.delete_account(user=secretariat, password=PASSWORD)
    assert User.objects.filter(pk=secretariat.pk).exists()

    make_user("second@secretariat.example", platform_role="secretariat")
    leaving.delete_account(user=secretariat, password=PASSWORD)
    assert not User.objects.filter(pk=secretariat.pk).exists()


def test_password_guesses_through_the_deletion_form_are_limited(client, settings, member):
    settings.SILKBRIDGE_PASSWORD_RESET_RATE = "3/h"
    client.force_login(member)
    for _attempt in range(3):
        assert client.post(reverse("accounts:leaving"), {"password": "guess"}).status_code == 400

    refused = client.post(reverse("accounts:leaving"), {"password": PASSWORD})

    assert refused.status_code == 429
    assert User.objects.filter(pk=member.pk).exists()


def test_a_claim_goes_with_its_evidence_file(
    member, other_organisation, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from silkbridge.joining.models import Claim, ClaimReviewer, ClaimRoute

    claim = Claim(
        claimant=member,
        organisation=other_organisation,
        route=ClaimRoute.EVIDENCE,
        reviewer=ClaimReviewer.SECRETARIAT,
        evidence_text="Member of P@SHA since 2019.",
        evidence_file_name="letter.pdf",
    )
    claim.evidence_file.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
    claim.save()
    stored = claim.evidence_file.storage, claim.evidence_file.name
    assert stored[0].exists(stored[1])

    exported = leaving.export_personal_data(member)
    with django_capture_on_commit_callbacks(execute=True):
        leaving.delete_account(user=member, password=PASSWORD)

    assert [c["evidence"] for c in exported["organisation_claims"]] == [
        "Member of P@SHA since 2019."
    ]
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not stored[0].exists(stored[1])
