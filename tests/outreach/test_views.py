"""Outreach pages: who may open them, the preview, the funnel, the personal link's journey."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from silkbridge.directory.models import Person
from silkbridge.joining.models import Claim
from silkbridge.outreach.models import Campaign, CampaignStatus, Contact, ContactStatus

PERSONAS = ["secretariat", "observer", "org_admin", "member", "outsider", "anonymous"]


def _token(message) -> str:
    return re.search(r"/outreach/i/([^/\s]+)/", message.body).group(1)


@pytest.fixture
def campaign(sent_campaign, organisation):
    return sent_campaign(
        [
            ("dana@qfl.example.kz", "Dana Nurlanovna", "qfl.example.kz"),
            ("erlan@qfl.example.kz", "Erlan", "qfl.example.kz"),
        ]
    )


@pytest.fixture
def draft(secretariat, contact_file, organisation):
    from silkbridge.outreach import services

    return services.upload_list(
        actor=secretariat,
        name="Draft list",
        language="kk",
        upload=contact_file(
            [("dana@qfl.example.kz", "Dana", "qfl.example.kz"), ("oops", "X", "qfl.example.kz")]
        ),
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("observer", 200),
        ("org_admin", 404),
        ("member", 404),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_campaign_list_and_funnel_are_for_the_secretariat_and_observers(
    persona_client, persona, status, campaign
):
    client = persona_client(persona)
    assert client.get(reverse("outreach:list")).status_code == status
    assert client.get(reverse("outreach:campaign", args=[campaign.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("observer", 404),
        ("org_admin", 404),
        ("member", 404),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_uploading_and_previewing_are_for_the_secretariat_only(
    persona_client, persona, status, draft
):
    client = persona_client(persona)
    assert client.get(reverse("outreach:upload")).status_code == status
    assert client.get(reverse("outreach:preview", args=[draft.pk])).status_code == status
    client.post(reverse("outreach:preview", args=[draft.pk]), {"action": "confirm"})
    sent = Campaign.objects.get(pk=draft.pk).status == CampaignStatus.SENT
    assert sent is (persona == "secretariat")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 302),
        ("observer", 403),
        ("org_admin", 404),
        ("member", 404),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_only_the_secretariat_can_remind(
    persona_client, persona, status, campaign, django_capture_on_commit_callbacks
):
    Contact.objects.update(sent_at=timezone.now() - timedelta(days=30))
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client(persona).post(reverse("outreach:remind", args=[campaign.pk]))
    assert response.status_code == status
    assert (len(mail.outbox) > before) is (persona == "secretariat")


def test_the_secretariat_uploads_a_list_and_sees_each_rows_problem(client, secretariat, draft):
    client.force_login(secretariat)
    response = client.post(
        reverse("outreach:upload"),
        {
            "name": "Association members",
            "language": "ur",
            "file": _csv("email,name,organisation\nx@qfl.example.kz,X,"),
        },
    )
    preview = Campaign.objects.get(name="Association members")
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:preview", args=[preview.pk])
    page = client.get(reverse("outreach:preview", args=[draft.pk])).text
    assert 'id="ready-count">1<' in page
    assert 'data-row="3"' in page
    assert "The e-mail address is not valid." in page
    assert not Contact.objects.exists()


def _csv(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("list.csv", text.encode())


def test_an_unreadable_file_is_refused_on_the_file_field(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("outreach:upload"),
        {"name": "Broken", "language": "en", "file": _csv("name\nAli\n")},
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors["file"][0]
    assert not Campaign.objects.exists()


def test_confirming_from_the_preview_sends_and_shows_the_funnel(
    client, secretariat, draft, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outreach:preview", args=[draft.pk]), {"action": "confirm"}, follow=True
        )
    assert response.redirect_chain[-1][0] == reverse("outreach:campaign", args=[draft.pk])
    assert [m.to for m in mail.outbox] == [["dana@qfl.example.kz"]]
    assert 'data-stage="invited"' in response.text


def test_the_funnel_counts_each_stage_and_filters_contacts(
    client, secretariat, campaign, make_user, verified
):
    _dana, erlan = campaign.contacts.order_by("row_number")
    client.get(reverse("outreach:link", args=[_token(mail.outbox[0])]))
    Contact.objects.filter(pk=erlan.pk).update(status=ContactStatus.JOINED)
    client.force_login(secretariat)
    response = client.get(reverse("outreach:campaign", args=[campaign.pk]))
    funnel = {key: count for key, count, _ in response.context["funnel"].stages}
    assert funnel == {"invited": 2, "opened": 2, "joined": 1, "complete": 0}
    joined = client.get(reverse("outreach:campaign", args=[campaign.pk]), {"status": "joined"})
    assert [c.pk for c in joined.context["page"]] == [erlan.pk]
    invited = client.get(reverse("outreach:campaign", args=[campaign.pk]), {"status": "invited"})
    assert list(invited.context["page"]) == []


def test_the_contacts_are_paginated(client, secretariat, sent_campaign, make_organisation):
    make_organisation("Many Co", website="https://many.example.kz")
    campaign = sent_campaign([(f"p{i:02d}@many.example.kz", "", "") for i in range(55)])
    client.force_login(secretariat)
    second = client.get(reverse("outreach:campaign", args=[campaign.pk]), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert "Page 2 of 2" in second.text


def test_an_observer_sees_the_funnel_without_contacts_addresses(client, observer, campaign):
    client.force_login(observer)
    text = client.get(reverse("outreach:campaign", args=[campaign.pk])).text
    assert "dana@qfl.example.kz" not in text
    assert "Remind those who have not joined" not in text


def test_remind_too_soon_is_refused_with_a_clear_message(client, secretariat, campaign):
    client.force_login(secretariat)
    response = client.post(reverse("outreach:remind", args=[campaign.pk]), follow=True)
    assert "at most once every 7 days" in response.text
    assert len(mail.outbox) == 2


def test_the_secretariat_menu_links_to_the_campaigns(client, secretariat):
    client.force_login(secretariat)
    text = client.get(reverse("outreach:list")).text
    assert f'href="{reverse("outreach:list")}">Invitation campaigns' in text


# The personal link's journey


def test_the_link_marks_opened_and_leads_to_sign_up_and_back(client, campaign):
    token = _token(mail.outbox[0])
    link = reverse("outreach:link", args=[token])
    response = client.get(link)
    assert response.status_code == 200
    assert f"{reverse('account_signup')}?next={link}" in response.text.replace("%2F", "/")
    contact = Contact.objects.get(email=mail.outbox[0].to[0])
    assert contact.status == ContactStatus.OPENED
    # The page names the organisation, never its people.
    assert "Qazaq Fintech Labs" in response.text


def test_signing_up_from_the_link_needs_no_second_verification_and_claims(
    client, campaign, organisation
):
    token = _token(mail.outbox[0])
    email = mail.outbox[0].to[0]
    link = reverse("outreach:link", args=[token])
    client.get(link)
    response = client.post(
        f"{reverse('account_signup')}?next={link}",
        {
            "full_name": "Dana Nurlanovna",
            "email": email,
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "language": "ru",
            "time_zone": "Asia/Almaty",
            "accept_terms": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == link
    claim = client.post(link)
    assert claim["Location"] == organisation.get_absolute_url()
    person = Person.objects.get(organisation=organisation, user__email=email)
    assert person.role == "admin"


def test_a_replaced_or_made_up_link_is_not_found(client, campaign):
    response = client.get(reverse("outreach:link", args=["made-up-token"]))
    assert response.status_code == 404
    assert "not valid" in response.text


def test_signed_in_as_someone_else_the_link_says_which_address_it_is_for(
    client, campaign, outsider, organisation
):
    client.force_login(outsider)
    link = reverse("outreach:link", args=[_token(mail.outbox[0])])
    assert "This invitation is for" in client.get(link).text
    client.post(link)
    assert not Person.objects.filter(organisation=organisation, user=outsider).exists()


def test_on_a_record_with_admins_the_link_sends_a_claim_to_the_joining_app(
    client, campaign, make_user, verified, org_admin, secretariat
):
    contact = campaign.contacts.get(email="dana@qfl.example.kz")
    user = verified(make_user(contact.email))
    client.force_login(user)
    link = reverse("outreach:link", args=[_token(mail.outbox[0])])
    response = client.post(link, follow=True)
    assert "the membership awaits confirmation" in response.text
    claim = Contact.objects.get(pk=contact.pk).claim
    assert claim is not None and claim.claimant == user
    # The link is spent: a second post submits nothing more.
    assert "already been used" in client.post(link).text
    assert Claim.objects.filter(claimant=user).count() == 1

    client.force_login(secretariat)
    page = client.get(reverse("outreach:campaign", args=[campaign.pk]))
    assert 'data-contact-stage="awaiting"' in page.text
    assert "Claim awaiting a decision" in page.text


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("secretariat", True),
        ("org_admin", True),
        ("observer", False),
        ("member", False),
        ("outsider", False),
    ],
)
def test_the_deciders_see_that_the_secretariat_invited_the_claimant(
    persona_client, persona, sees, campaign, make_user, verified, org_admin, organisation
):
    from silkbridge.outreach import services

    contact = campaign.contacts.get(email="dana@qfl.example.kz")
    services.claim(contact=contact, user=verified(make_user(contact.email)))
    client = persona_client(persona)
    response = client.get(reverse("joining:claims-for", args=[organisation.slug]))
    assert ("Members of the association" in response.text) is sees


def test_the_campaign_page_shows_joined_once_the_admin_approves_the_claim(
    client, campaign, make_user, verified, org_admin, secretariat
):
    from silkbridge.outreach import services

    contact = campaign.contacts.get(email="dana@qfl.example.kz")
    claimed = services.claim(contact=contact, user=verified(make_user(contact.email)))
    client.force_login(org_admin)
    client.post(reverse("joining:decide-claim", args=[claimed.claim_id]), {"decision": "approve"})
    assert Claim.objects.get(pk=claimed.claim_id).status == "approved"
    client.force_login(secretariat)
    url = reverse("outreach:campaign", args=[campaign.pk])
    funnel = {key: count for key, count, _ in client.get(url).context["funnel"].stages}
    assert funnel["joined"] == 1
    joined = client.get(url, {"status": "joined"})
    assert [c.pk for c in joined.context["page"]] == [contact.pk]
