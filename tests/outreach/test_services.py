"""Campaign rules: atomic confirmation, e-mails in the chosen language, reminders, the claim."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from silkbridge.directory.models import Person
from silkbridge.joining import services as joining_services
from silkbridge.joining.models import Claim, ClaimReviewer, ClaimStatus
from silkbridge.outreach import selectors, services
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
    assert error.value.messages == ["Everyone on this list has joined: nobody to remind."]


def test_a_claim_waiting_is_named_when_nobody_is_left_to_remind(secretariat, one_contact):
    _age(one_contact, 8)
    Contact.objects.filter(pk=one_contact.pk).update(status=ContactStatus.CLAIMED)
    with pytest.raises(ValidationError) as error:
        services.remind(actor=secretariat, campaign=one_contact.campaign)
    assert error.value.messages == [
        "Nobody to remind: everyone on this list has joined or has a claim waiting for a decision."
    ]


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


def test_a_record_with_an_admin_is_not_taken_over_the_link_submits_a_joining_claim(
    one_contact, make_user, verified, org_admin, organisation
):
    user = verified(make_user("dana@qfl.example.kz"))
    contact = services.claim(contact=one_contact, user=user)
    assert contact.status == ContactStatus.CLAIMED
    claim = Claim.objects.get(claimant=user, organisation=organisation)
    assert contact.claim == claim
    assert claim.status == ClaimStatus.PENDING
    assert claim.reviewer == ClaimReviewer.ADMINS
    # The reviewers read why: who invited this person, and through which campaign.
    assert "Members of the association" in claim.evidence_text
    assert "dana@qfl.example.kz" in claim.evidence_text
    assert org_admin.notifications.filter(kind="claim_submitted").exists()
    # An address on the domain makes them a member at once, never an admin; still to confirm.
    assert Person.objects.get(organisation=organisation, user=user).role == "member"
    assert Contact.objects.select_related("claim").get(pk=contact.pk).stage == "awaiting"


def test_the_contact_joins_when_the_admins_approve_the_claim(
    one_contact, make_user, verified, org_admin
):
    user = verified(make_user("dana@qfl.example.kz"))
    contact = services.claim(contact=one_contact, user=user)
    campaign = contact.campaign
    assert selectors.funnel(campaign)[0].joined == 0
    assert selectors.funnel(campaign)[0].awaiting == 1

    joining_services.approve_claim(claim=contact.claim, by=org_admin)

    funnel, _complete = selectors.funnel(campaign)
    assert (funnel.opened, funnel.joined, funnel.awaiting) == (1, 1, 0)
    assert Contact.objects.select_related("claim").get(pk=contact.pk).stage == "joined"
    [listed] = selectors.campaigns(campaign.created_by)
    assert listed.joined_count == 1


def test_a_refused_claim_leaves_the_contact_refused_and_not_a_member(
    one_contact, make_user, verified, org_admin, organisation
):
    user = verified(make_user("dana@qfl.example.kz"))
    contact = services.claim(contact=one_contact, user=user)
    joining_services.refuse_claim(claim=contact.claim, by=org_admin, reason="Not one of ours.")
    funnel, _complete = selectors.funnel(contact.campaign)
    assert (funnel.joined, funnel.awaiting, funnel.refused) == (0, 0, 1)
    assert Contact.objects.select_related("claim").get(pk=contact.pk).stage == "refused"
    assert not Person.objects.filter(organisation=organisation, user=user).exists()


def test_an_address_off_the_domain_is_granted_nothing_until_the_claim_is_approved(
    sent_campaign, make_user, verified, org_admin, organisation
):
    campaign = sent_campaign([("dana@gmail.example", "Dana", "qfl.example.kz")])
    user = verified(make_user("dana@gmail.example"))
    contact = services.claim(contact=campaign.contacts.get(), user=user)
    assert contact.claim.route == "evidence"
    assert not Person.objects.filter(organisation=organisation, user=user).exists()
    joining_services.approve_claim(claim=contact.claim, by=org_admin)
    assert Person.objects.get(organisation=organisation, user=user).role == "member"
    assert selectors.funnel(campaign)[0].joined == 1


def test_the_evidence_is_written_in_the_campaigns_language(
    sent_campaign, make_user, verified, org_admin
):
    campaign = sent_campaign(
        [("dana@qfl.example.kz", "Dana", "qfl.example.kz")], language="ru", name="Astana Hub"
    )
    with translation.override("en"):
        evidence = services.invitation_evidence(campaign.contacts.get())
    with translation.override("ru"):
        expected = translation.gettext(
            "The secretariat invited this person (%(email)s) to claim the organisation through "
            "the invitation campaign “%(campaign)s”; they signed in with that verified address."
        ) % {"email": "dana@qfl.example.kz", "campaign": "Astana Hub"}
    assert evidence == expected


def test_an_open_claim_of_the_same_person_is_followed_not_duplicated(
    one_contact, make_user, verified, org_admin, organisation
):
    user = verified(make_user("dana@qfl.example.kz"))
    earlier = joining_services.submit_claim(claimant=user, organisation=organisation)
    contact = services.claim(contact=one_contact, user=user)
    assert contact.claim == earlier
    assert Claim.objects.filter(claimant=user).count() == 1


def test_a_claim_that_cannot_be_submitted_writes_nothing(
    one_contact, make_user, verified, org_admin, make_organisation
):
    user = verified(make_user("dana@qfl.example.kz"))
    for number in range(joining_services.MAX_OPEN_CLAIMS):
        other = make_organisation(f"Other {number}", website=f"https://other{number}.example.kz")
        joining_services.submit_claim(
            claimant=user, organisation=other, evidence_text="A letter from the director."
        )
    with pytest.raises(ValidationError):
        services.claim(contact=one_contact, user=user)
    contact = Contact.objects.get(pk=one_contact.pk)
    assert (contact.status, contact.claim, contact.user) == (ContactStatus.INVITED, None, None)
    assert Claim.objects.filter(claimant=user).count() == joining_services.MAX_OPEN_CLAIMS


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
