"""Bulk invitations in a real browser: the secretariat uploads an association's member list,
checks the row report and sends; an invited developer follows the personal link, signs up,
claims the record as its first admin and sees the profile checklist; an invitee of a record
that already has an admin sends an ordinary claim, which the admin approves where every claim
is decided. The campaign page and the organisation page fit a phone and a desk in English and
in Urdu (right to left)."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.layout import assert_fits

PASSWORD = "Karachi-to-Astana-2026"


def open_tab(browser, live_server, *, width: int, language: str, user=None):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        signed_in = Client()
        signed_in.force_login(user)
        cookies.append(
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        )
    context.add_cookies(cookies)
    return context, context.new_page()


@pytest.fixture
def listed(make_organisation):
    return make_organisation(
        "Clifton Code Labs", country="PK", website="https://www.cliftoncode.example.pk"
    )


def test_the_secretariat_invites_a_list_and_a_developer_claims_the_record(
    browser, live_server, settings, secretariat, listed, tmp_path
):
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = []
    contacts = tmp_path / "members.csv"
    contacts.write_text(
        "email,name,organisation\n"
        "sana@cliftoncode.example.pk,Sana Qureshi,cliftoncode.example.pk\n"
        "not-an-address,Broken Row,cliftoncode.example.pk\n"
    )
    context, tab = open_tab(browser, live_server, width=1366, language="en", user=secretariat)
    try:
        tab.goto("/outreach/")
        tab.get_by_role("link", name="Upload a contact list").click()
        tab.get_by_label("Campaign name").fill("Software houses association")
        tab.get_by_label("Language of the e-mails").select_option("en")
        tab.get_by_label("CSV or XLSX file").set_input_files(str(contacts))
        tab.get_by_role("button", name="Upload and preview").click()
        expect(tab.locator("#ready-count")).to_have_text("1")
        expect(tab.locator("#problem-rows")).to_contain_text("The e-mail address is not valid.")
        tab.get_by_role("button", name="Invite 1 person").click()
        expect(tab.locator('[data-stage="invited"] [data-count]')).to_have_text("1")
    finally:
        context.close()

    invitation = next(m for m in mail.outbox if m.to == ["sana@cliftoncode.example.pk"])
    link = re.search(r"(/outreach/i/[^\s/]+/)", invitation.body).group(1)
    context, tab = open_tab(browser, live_server, width=390, language="en")
    try:
        tab.goto(link)
        assert_fits(tab)
        tab.get_by_role("link", name="Sign up").click()
        tab.get_by_label("Full name").fill("Sana Qureshi")
        tab.get_by_label("E-mail").fill("sana@cliftoncode.example.pk")
        tab.locator("#id_password1").fill(PASSWORD)
        tab.get_by_label("Password again").fill(PASSWORD)
        tab.get_by_role("checkbox").check()
        tab.get_by_role("button", name="Create an account").click()
        # The link came to her mailbox, so she is back on it, signed in, without a second mail.
        tab.get_by_role("button", name="Claim Clifton Code Labs").click()
        expect(tab.get_by_role("heading", level=1)).to_contain_text("Clifton Code Labs")
        meter = tab.locator("#profile-completeness")
        expect(meter.locator('[data-step="people"]')).to_have_attribute("data-done", "1")
        expect(meter.get_by_role("link", name="Add a logo")).to_be_visible()
        assert_fits(tab)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "outreach-claimed-390.png"), full_page=True)
    finally:
        context.close()


def test_on_a_record_with_an_admin_the_invitee_claims_and_the_admin_approves(
    browser, live_server, settings, secretariat, org_admin, organisation, make_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from silkbridge.outreach import services

    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = []
    upload = SimpleUploadedFile(
        "list.csv", b"email,name,organisation\nbilal@gmail.example,Bilal Ahmed,qfl.example.kz\n"
    )
    campaign = services.upload_list(
        actor=secretariat, name="Astana Hub residents", language="en", upload=upload
    )
    services.confirm_campaign(actor=secretariat, campaign=campaign)
    invitation = next(m for m in mail.outbox if m.to == ["bilal@gmail.example"])
    link = re.search(r"(/outreach/i/[^\s/]+/)", invitation.body).group(1)
    bilal = make_user("bilal@gmail.example", full_name="Bilal Ahmed")

    context, tab = open_tab(browser, live_server, width=390, language="en", user=bilal)
    try:
        tab.goto(link)
        tab.get_by_role("button", name="Claim Qazaq Fintech Labs").click()
        # An address off the organisation's domain grants nothing until the admin decides.
        expect(tab.get_by_role("alert").first).to_contain_text("Your claim was sent.")
        assert_fits(tab)
    finally:
        context.close()

    context, tab = open_tab(browser, live_server, width=390, language="en", user=org_admin)
    try:
        tab.goto(reverse("joining:claims-for", args=[organisation.slug]))
        claim = tab.locator("li.card", has_text="Bilal Ahmed")
        expect(claim).to_contain_text("through the invitation campaign “Astana Hub residents”")
        assert_fits(tab)
        claim.get_by_role("button", name="Approve").click()
        expect(tab.get_by_role("alert").first).to_contain_text("The claim was approved")
    finally:
        context.close()

    context, tab = open_tab(browser, live_server, width=1366, language="en", user=secretariat)
    try:
        tab.goto(f"/outreach/{campaign.pk}/")
        expect(tab.locator('[data-stage="joined"] [data-count]')).to_have_text("1")
        expect(tab.locator("#contacts [data-contact-stage]")).to_have_text("Joined")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_campaign_and_the_meter_fit_phone_and_desk(
    browser, live_server, settings, secretariat, org_admin, organisation, language
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from silkbridge.outreach import services

    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = []
    upload = SimpleUploadedFile(
        "list.csv",
        b"email,name,organisation\n"
        b"very.long.address.for.testing@qfl.example.kz,Aigerim Sadykova,qfl.example.kz\n",
    )
    campaign = services.upload_list(
        actor=secretariat, name="Astana Hub residents", language="ru", upload=upload
    )
    services.confirm_campaign(actor=secretariat, campaign=campaign)
    for user, path in (
        (secretariat, f"/outreach/{campaign.pk}/"),
        (org_admin, organisation.get_absolute_url()),
    ):
        context, tab = open_tab(browser, live_server, width=390, language=language, user=user)
        try:
            response = tab.goto(path)
            assert response is not None and response.status == 200
            for width in (390, 1366):  # a phone, then the same page on a desk
                tab.set_viewport_size({"width": width, "height": 900})
                assert_fits(tab)
                ARTIFACTS.mkdir(exist_ok=True)
                name = "campaign" if "outreach" in path else "meter"
                tab.screenshot(
                    path=str(ARTIFACTS / f"outreach-{name}-{language}-{width}.png"),
                    full_page=True,
                )
        finally:
            context.close()
