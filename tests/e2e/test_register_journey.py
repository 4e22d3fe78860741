"""A Kazakh startup registers itself in a real browser: it is shown a likely duplicate,
registers anyway, is listed as not verified, and the secretariat verifies it from its queue.
On a phone and on a laptop, with screenshots of each step in test-artifacts/."""

import io

import pytest
from playwright.sync_api import expect

from silkbridge.directory.models import City, Organisation, Verification

PASSWORD = "correct-horse-battery"
ARTIFACTS = "test-artifacts"
WIDTHS = {"phone": (390, 844), "laptop": (1366, 900)}


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def logo_png() -> dict:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), (0, 150, 136)).save(buffer, format="PNG")
    return {"name": "nomad-logo.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shoot(page, width_name: str, step: str) -> None:
    page.screenshot(path=f"{ARTIFACTS}/register-journey-{width_name}-{step}.png", full_page=True)


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_a_kazakh_startup_registers_despite_a_likely_duplicate_and_is_verified(
    browser, live_server, make_user, make_organisation, make_term, width_name
):
    # given a startup founder who signed up and verified her address, a directory that already
    # holds a similarly named company, and the secretariat
    City.objects.create(name="Almaty", country="KZ", population=2_000_000)
    make_term("sector", slug="fintech", label_en="Fintech")
    make_organisation("Nomad AI Systems LLP", country="KZ", website="https://nomad.example.kz")
    founder = make_user("aigerim@nomad-ai.example.kz", full_name="Aigerim Sadykova")
    secretariat = make_user("desk@secretariat.example.org", platform_role="secretariat")
    width, height = WIDTHS[width_name]

    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": height}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, founder.email)

    # when she starts from "claim or register" and opens the registration form
    page.goto("/join/")
    page.locator("#register-new").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a new organisation")
    page.get_by_label("Country").select_option("KZ")
    page.get_by_label("Kind").select_option("company")
    page.get_by_label("Legal name").fill("Nomad AI Systems")
    page.get_by_label("City").select_option(label="Almaty")
    page.get_by_label("Registration number").fill("971240001315")
    page.get_by_label("Website").fill("https://nomad-ai.example.kz")
    page.locator("summary", has_text="Sectors").click()
    page.get_by_label("Fintech").check()
    page.get_by_label("Logo").set_input_files(logo_png())
    shoot(page, width_name, "1-form")
    page.locator("#register-submit").click()

    # then she is shown the likely duplicate first, with a way to claim it instead
    duplicates = page.locator("#likely-duplicates")
    expect(duplicates).to_be_visible()
    expect(duplicates).to_contain_text("Nomad AI Systems LLP")
    expect(duplicates).to_contain_text("Similar name")
    expect(duplicates.get_by_role("link", name="Claim this one instead")).to_be_visible()
    assert fits_the_width(page), "the duplicates panel overflows the page"
    shoot(page, width_name, "2-duplicates")
    assert not Organisation.objects.filter(registered_by=founder).exists()

    # when she decides none of them is hers and registers anyway (choosing the logo again)
    page.get_by_label("Logo").set_input_files(logo_png())
    page.locator("#register-anyway").click()

    # then her organisation is listed, not verified yet, with its logo
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nomad AI Systems")
    expect(page.get_by_role("alert").first).to_contain_text("is registered")
    expect(page.locator("#verification-badge")).to_have_text("Not verified")
    assert fits_the_width(page), "the new profile overflows the page"
    shoot(page, width_name, "3-registered")
    registered = Organisation.objects.get(registered_by=founder)
    assert registered.verification == Verification.UNVERIFIED
    assert registered.registration_number == "971240001315"
    logo = page.request.get(f"/directory/{registered.slug}/logo/")
    assert logo.ok and logo.headers["content-type"] == "image/webp"

    # when the secretariat opens its queue and verifies the new organisation
    desk = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": height}
    )
    desk.set_default_timeout(15_000)
    desk_page = desk.new_page()
    sign_in(desk_page, secretariat.email)
    desk_page.goto("/join/queue/")
    entry = desk_page.locator(f"#registration-{registered.pk}")
    expect(entry).to_contain_text("Nomad AI Systems")
    expect(entry).to_contain_text("971240001315")
    assert fits_the_width(desk_page), "the queue overflows the page"
    shoot(desk_page, width_name, "4-queue")
    entry.get_by_role("button", name="Verify").click()
    expect(desk_page.locator(f"#registration-{registered.pk}")).to_have_count(0)
    desk.close()

    # then the founder sees her organisation verified
    page.goto(registered.get_absolute_url())
    expect(page.locator("#verification-badge")).to_contain_text("Verified")
    shoot(page, width_name, "5-verified")
    registered.refresh_from_db()
    assert registered.verification == Verification.VERIFIED
    assert registered.verified_by == secretariat
    context.close()


@pytest.mark.parametrize("language", ["ur", "kk", "ru"])
def test_the_registration_form_with_its_duplicates_fits_a_phone_in_each_language(
    browser, live_server, make_user, make_organisation, language
):
    make_organisation("Nomad AI Systems LLP", country="KZ")
    founder = make_user("aigerim@nomad-ai.example.kz")
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, founder.email)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto("/join/register/")

    page.locator("#id_country").select_option("KZ")
    page.locator("#id_name").fill("Nomad AI Systems")
    page.locator("#id_registration_number").fill("971240001315")
    page.locator("#register-submit").click()

    expect(page.locator("#likely-duplicates")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ur" else "ltr")
    assert fits_the_width(page), f"the registration page overflows a phone in {language}"
    shoot(page, "phone", f"duplicates-{language}")
    context.close()
