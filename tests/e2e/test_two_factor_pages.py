"""Two-factor set-up and the leaving page in a real browser: a secretariat member without an
authenticator is sent to set one up, the QR code shows (the Content-Security-Policy lets its
data: image through), a code from the key turns it on, and the pages fit a phone in Urdu (right
to left) and a desk in English."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.accounts.test_mfa import totp_code
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.layout import assert_fits

PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize(("language", "width"), [("ur", 390), ("en", 1366)])
def test_secretariat_sets_up_the_authenticator_app(
    browser, live_server, settings, secretariat, language, width
):
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = ["secretariat"]
    signed_in = Client()
    signed_in.force_login(secretariat)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": live_server.url},
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
        ]
    )
    tab = context.new_page()
    try:
        tab.goto("/accounts/profile/")
        if "/reauthenticate/" in tab.url:  # allauth asks for the password before the set-up
            tab.locator("input[name=password]").fill(PASSWORD)
            tab.locator("input[name=password]").press("Enter")
            tab.wait_for_load_state()
        assert tab.url.endswith("/accounts/2fa/totp/activate/")
        assert tab.evaluate("document.documentElement.dir") == (
            "rtl" if language == "ur" else "ltr"
        )
        qr_width = tab.locator("img.mfa-qr").evaluate("img => img.naturalWidth")
        assert qr_width > 0, "the QR code did not load"
        assert_fits(tab)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"mfa-activate-{language}-{width}.png"), full_page=True)

        secret = tab.locator("#authenticator-secret").input_value()
        tab.locator("input[name=code]").fill(totp_code(secret))
        tab.locator("input[name=code]").press("Enter")
        tab.wait_for_url("**/accounts/2fa/recovery-codes/")
        assert_fits(tab)
        tab.screenshot(path=str(ARTIFACTS / f"mfa-codes-{language}-{width}.png"), full_page=True)

        # Set up: the rest of the site opens again.
        tab.goto("/accounts/2fa/")
        assert_fits(tab)
        tab.goto("/accounts/leaving/")
        assert tab.url.endswith("/accounts/leaving/")
        assert_fits(tab)
        tab.screenshot(path=str(ARTIFACTS / f"leaving-{language}-{width}.png"), full_page=True)
    finally:
        context.close()
