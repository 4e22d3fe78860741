"""Organisation logos in a real browser: the picture loads (the CSP allows it), keeps its fixed
box on the profile and the directory cards, the placeholder stands in without a logo, and the
pages fit a phone and a desk, in English and in Urdu (right to left)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from silkbridge.directory.logos import replace_logo
from tests.e2e.conftest import ARTIFACTS

BOX = """(selector) => [...document.querySelectorAll(selector)].map((el) => ({
  width: el.getBoundingClientRect().width,
  height: el.getBoundingClientRect().height,
  loaded: el.tagName !== "IMG" || el.naturalWidth > 0,
}))"""


@pytest.mark.parametrize(("width", "large"), [(1366, 96), (390, 64)])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_logos_and_placeholders_keep_their_box(
    browser,
    live_server,
    db,
    settings,
    tmp_path,
    make_organisation,
    secretariat,
    width,
    large,
    language,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with_logo = make_organisation("Qazaq Fintech Labs", description="Open banking APIs.")
    make_organisation("Lahore Software House", country="PK")
    buffer = io.BytesIO()
    Image.new("RGB", (600, 200), (10, 90, 200)).save(buffer, format="PNG")
    replace_logo(
        actor=secretariat,
        organisation=with_logo,
        upload=SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png"),
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    tab = context.new_page()
    try:
        tab.goto(with_logo.get_absolute_url())
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate(BOX, "img.org-logo") == [
            {"width": large, "height": large, "loaded": True}
        ]
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"logo-profile-{language}-{width}.png"))

        tab.goto("/directory/")
        tab.locator("img.org-logo").scroll_into_view_if_needed()
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate(BOX, "img.org-logo") == [{"width": 48, "height": 48, "loaded": True}]
        assert tab.evaluate(BOX, ".org-logo-placeholder") == [
            {"width": 48, "height": 48, "loaded": True}
        ]
        assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert tab.evaluate("document.documentElement.dir") == (
            "rtl" if language == "ur" else "ltr"
        )
        tab.screenshot(path=str(ARTIFACTS / f"logo-directory-{language}-{width}.png"))
    finally:
        context.close()
