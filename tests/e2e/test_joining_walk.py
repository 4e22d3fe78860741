"""What the walk through the joining pages in four languages found, kept from coming back: a
refusal sent without a reason is answered at the reason field (a reason of spaces passes the
browser's own check), and a contact list with no usable row says what to do next. On a phone,
in English and Urdu (right to left)."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from silkbridge.joining import services
from silkbridge.joining.models import Claim, ClaimStatus
from tests.e2e.layout import assert_fits


def open_tab(browser, live_server, *, language: str, user, width: int = 390):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    signed_in = Client()
    signed_in.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": live_server.url},
            {"name": name, "value": signed_in.cookies[name].value, "url": live_server.url},
        ]
    )
    return context, context.new_page()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_refusal_without_a_reason_is_answered_at_the_reason_field(
    browser, live_server, settings, make_user, make_organisation, language
):
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = []
    secretariat = make_user(
        "desk@silkbridge.example", platform_role="secretariat", language=language
    )
    claimant = make_user("someone@gmail.com")
    EmailAddress.objects.filter(user=claimant).update(verified=True)
    organisation = make_organisation("Indus Code Works", country="PK")
    claim = services.submit_claim(
        claimant=claimant, organisation=organisation, evidence_text="Letter from the director"
    )
    context, tab = open_tab(browser, live_server, language=language, user=secretariat)
    try:
        tab.goto("/join/queue/")
        card = tab.locator(f"#claim-{claim.pk}")
        card.locator("summary").click()
        reason = tab.locator(f"#reason-claim-{claim.pk}")
        reason.fill("   ")  # passes the browser's `required`
        card.locator("form").last.locator("button[type=submit]").click()

        reason = tab.locator(f"#reason-claim-{claim.pk}")
        expect(reason).to_be_visible()
        expect(reason).to_have_attribute("aria-invalid", "true")
        error = tab.locator(f"#reason-claim-{claim.pk}-error")
        expect(error).to_be_visible()
        expect(error).not_to_be_empty()
        assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PENDING
        assert_fits(tab)

        reason.fill("No document shows you work there.")
        tab.locator(f"#claim-{claim.pk} form").last.locator("button[type=submit]").click()
        expect(tab.locator(f"#claim-{claim.pk}")).to_have_count(0)
        assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REFUSED
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_contact_list_with_no_usable_row_leads_to_a_new_upload(
    browser, live_server, settings, make_user, tmp_path, language
):
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = []
    secretariat = make_user(
        "desk@silkbridge.example", platform_role="secretariat", language=language
    )
    contacts = tmp_path / "members.csv"
    contacts.write_text("email,name,organisation\nnot-an-address,Broken Row,nowhere.example\n")
    context, tab = open_tab(browser, live_server, language=language, user=secretariat)
    try:
        tab.goto("/outreach/new/")
        tab.locator("#id_name").fill("Association members")
        tab.locator("#id_file").set_input_files(str(contacts))
        tab.locator("main form button[type=submit]").first.click()

        notice = tab.locator("#nothing-to-invite")
        expect(notice).to_be_visible()
        expect(tab.locator("button[value=confirm]")).to_have_count(0)
        assert_fits(tab)
        notice.locator("a").click()
        expect(tab.locator("#id_file")).to_be_visible()
    finally:
        context.close()
