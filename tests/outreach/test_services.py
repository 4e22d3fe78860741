"""Campaign rules: atomic confirmation, e-mails in the chosen language, reminders, the claim."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.directory.models import Person
from silkbridge.outreach import services
from silkbridge.outreach.models import Campaign, CampaignStatus, Contact, ContactStatus


def _token(message) -> str:
    return re.search(r"/outreach/i/([^/\s]+)/", message.body).group(1)


@pytest.fixture
def one_contact(sent_campaign, organisation):
    """A campaign inviting one person of the organisation (which has no admin)."""
    campaign = sent_campaign([("dana@qfl.example.kz", "Dana Nurlanovna", "qfl.example.kz")])
    return campaign.contacts.get()


def test_uploading_a_list_invites_nobody_until_it_is_confirmed(
    secretariat, contact_file, organisation
):
    campaign = services.upload_list(
        actor=secretariat,
        name="Astana Hub residents",
        language="ru",
        upload=contact_file([("a@qfl.example.kz", "A", "qfl.example.kz")]),
    )
    assert campaign.status == CampaignStatus.DRAFT
    assert not Contact.objects.exists()
    assert mail.outbox == []


def test_confirming_creates_the_ready_rows_and_skips_the_others(sent_campaign, organisation):
    campaign = sent_campaign(
        [
            ("a@qfl.example.kz", "A", "qfl.example.kz"),
            ("b@qfl.example.kz", "B", "Unknown Ltd"),
            ("bad-address", "C", "qfl.example.kz"),
        ]
    )
    assert campaign.status == CampaignStatus.SENT
    assert campaign.report == {"invited": 1, "skipped": 2}
    assert list(campaign.contacts.values_list("email", flat=True)) == ["a@qfl.example.kz"]
    assert campaign.content == b""


def test_each_contact_gets_one_email_in_the_chosen_language_with_a_personal_link(
    sent_campaign, organisation
):
    sent_campaign(
        [("a@qfl.example.kz", "A", "qfl.example.kz"), ("b@qfl.example.kz", "B", "")],
        language="ru",
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@qfl.example.kz", "b@qfl.example.kz"]
    assert "Silkbridge" in mail.outbox[0].subject
    tokens = {_token(m) for m in mail.outbox}
    assert len(tokens) == 2
    # The language is the campaign's, whatever the sender was reading.
    assert "Qazaq Fintech Labs" in mail.outbox[0].body
    from django.utils import translation

    with translation.override("ru"):
        from django.utils.translation import gettext

        hello = gettext("If you did not expect this invitation, ignore this e-mail.")
    assert hello in mail.outbox[0].body


def test_only_the_hash_of_the_link_is_stored(one_contact):
    token = _token(mail.outbox[0])
    one_contact.refresh_from_db()
    assert token not in one_contact.token_hash
    assert services.find_contact(token) == one_contact


def test_a_list_is_confirmed_once(secretariat, sent_campaign, organisation):
    campaign = sent_campaign([("a@qfl.example.kz", "A", "qfl.example.kz")])
    with pytest.raises(ValidationError):
        services.confirm_campaign(actor=secretariat, campaign=campaign)
    assert Contact.objects.count() == 1


def test_a_failure_while_confirming_writes_nothing(
    secretariat, contact_file, organisation, monkeypatch
):
    campaign = services.upload_list(
        actor=secretariat,
        name="List",
        language="en",
        upload=contact_file([("a@qfl.example.kz", "A", "qfl.example.kz")]),
    )

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Contact.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.confirm_campaign(actor=secretariat, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.content
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["observer", "org_admin", "member"])
def test_only_the_secretariat_uploads_and_confirms(request, persona, contact_file):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.upload_list(
            actor=actor, name="x", language="en", upload=contact_file([("a@b.kz", "", "b.kz")])
        )


def test_a_long_list_is_sent_by_the_task_queue_in_chunks(
    sent_campaign, make_organisation, monkeypatch
):
    monkeypatch.setattr(services, "SEND_INLINE_LIMIT", 2)
    monkeypatch.setattr(services, "SEND_CHUNK", 2)
    from silkbridge.outreach import tasks

    chunks = []
    original = tasks.send_invitation_emails.call_local

    def spy(ids, reminder):
        chunks.append(list(ids))
        return original(ids, reminder)

    monkeypatch.setattr(tasks, "send_invitation_emails", spy)
    make_organisation("Five Co", website="https://five.example.kz")
    sent_campaign([(f"p{i}@five.example.kz", "", "five.example.kz") for i in range(5)])
    assert [len(chunk) for chunk in chunks] == [2, 2, 1]
    assert len(mail.outbox) == 5


def test_sending_twice_does_not_email_a_contact_twice(one_contact):
    assert services.send_emails([one_contact.pk], reminder=False) == 0
    assert len(mail.outbox) == 1


# Reminders


def _age(contact, days):
    Contact.objects.filter(pk=contact.pk).update(sent_at=timezone.now() - timedelta(days=days))


def test_a_reminder_refuses_before_the_interval_and_says_when(secretariat, one_contact):
    with pytest.raises(ValidationError) as error:
        services.remind(actor=secretariat, campaign=one_contact.campaign)
    assert "at most once every 7 days" in error.value.messages[0]
    assert len(mail.outbox) == 1


def test_a_reminder_goes_to_those_not_joined_with_a_new_link(
    secretariat, one_contact, django_capture_on_commit_callbacks
):
    _age(one_contact, 8)
    old = _token(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind(actor=secretariat, campaign=one_contact.campaign) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Reminder")
    assert services.find_contact(old) is None
    assert services.find_contact(_token(mail.outbox[1])) == one_contact
    one_contact.refresh_from_db()
    assert one_contact.reminders == 1
    # And not again before another interval has passed.
    with pytest.raises(ValidationError):
        services.remind(actor=secretariat, campaign=one_contact.campaign)


def test_nobody_joined_is_reminded(secretariat, one_contact):
    _age(one_contact, 8)
    Contact.objects.filter(pk=one_contact.pk).update(status=ContactStatus.JOINED)
    with pytest.raises(ValidationError) as error:
        services.remind(actor=secretariat, campaign=one_contact.campaign)
    assert "nobody to remind" in error.value.messages[0]


def test_an_observer_cannot_remind(observer, one_contact):
    _age(one_contact, 8)
    with pytest.raises(PermissionDenied):
        services.remind(actor=observer, campaign=one_contact.campaign)


# Opening and claiming


def test_reaching_the_link_marks_the_invitation_opened_once(one_contact):
    services.mark_opened(one_contact)
    first = Contact.objects.get(pk=one_contact.pk).opened_at
    services.mark_opened(Contact.objects.get(pk=one_contact.pk))
    contact = Contact.objects.get(pk=one_contact.pk)
    assert contact.status == ContactStatus.OPENED
    assert contact.opened_at == first


def test_the_invitee_becomes_admin_of_a_record_without_admins(
    one_contact, make_user, verified, organisation
):
    user = verified(make_user("dana@qfl.example.kz"))
    contact = services.claim(contact=one_contact, user=user)
    assert contact.status == ContactStatus.JOINED
    person = Person.objects.get(organisation=organisation, user=user)
    assert person.role == "admin"


def test_a_record_with_an_admin_is_not_taken_over_the_admin_confirms(
    one_contact, make_user, verified, org_admin, organisation
):
    user = verified(make_user("dana@qfl.example.kz"))
    contact = services.claim(contact=one_contact, user=user)
    assert contact.status == ContactStatus.AWAITING_ADMIN
    assert not Person.objects.filter(organisation=organisation, user=user).exists()
    assert org_admin.notifications.filter(kind="outreach_member_waiting").exists()
    services.decide_membership(actor=org_admin, contact=contact, accept=True)
    assert Person.objects.get(organisation=organisation, user=user).role == "member"
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.JOINED


def test_an_admin_may_decline_and_an_outsider_may_not_decide(
    one_contact, make_user, verified, org_admin, outsider, organisation
):
    user = verified(make_user("dana@qfl.example.kz"))
    contact = services.claim(contact=one_contact, user=user)
    with pytest.raises(PermissionDenied):
        services.decide_membership(actor=outsider, contact=contact, accept=True)
    services.decide_membership(actor=org_admin, contact=contact, accept=False)
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.DECLINED
    assert not Person.objects.filter(organisation=organisation, user=user).exists()


def test_an_account_without_the_invited_address_verified_cannot_claim(
    one_contact, make_user, verified, organisation
):
    unverified = make_user("dana@qfl.example.kz")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    someone_else = verified(make_user("forwarded@gmail.example"))
    for user in (unverified, someone_else):
        with pytest.raises(ValidationError):
            services.claim(contact=one_contact, user=user)
    assert not Person.objects.filter(organisation=organisation).exists()


def test_a_link_is_used_once(one_contact, make_user, verified):
    user = verified(make_user("dana@qfl.example.kz"))
    services.claim(contact=one_contact, user=user)
    with pytest.raises(ValidationError):
        services.claim(contact=Contact.objects.get(pk=one_contact.pk), user=user)


def test_a_contact_record_without_an_account_becomes_the_membership(
    one_contact, make_user, verified, organisation
):
    listed = Person.objects.create(
        organisation=organisation, full_name="Dana N.", email="DANA@qfl.example.kz"
    )
    user = verified(make_user("dana@qfl.example.kz"))
    services.claim(contact=one_contact, user=user)
    listed.refresh_from_db()
    assert listed.user == user
    assert Person.objects.filter(organisation=organisation).count() == 1


def test_discarding_a_draft_keeps_nothing(secretariat, contact_file):
    campaign = services.upload_list(
        actor=secretariat,
        name="x",
        language="en",
        upload=contact_file([("a@b.kz", "", "b.kz")]),
    )
    services.discard_campaign(actor=secretariat, campaign=campaign)
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.status == CampaignStatus.DISCARDED
    assert campaign.content == b""
