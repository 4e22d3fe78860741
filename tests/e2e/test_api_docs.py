"""The interactive API documentation works under the site's Content-Security-Policy: Swagger UI
is served from this site (no CDN) and runs with no inline script or style refused."""

from playwright.sync_api import expect


def test_swagger_ui_lists_the_operations_and_opens_one(page, db):
    # when a developer opens the API documentation
    response = page.goto("/api/docs")

    # then the page carries the policy, and Swagger UI draws every operation from the schema
    assert "script-src 'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible(timeout=30_000)  # the schema is built on first use
    assert operations.count() > 20

    # and an operation opens with its parameters and its "Try it out" button
    page.locator(".opblock-summary-path", has_text="/api/v1/taxonomy").first.click()
    expect(page.get_by_role("button", name="Try it out").first).to_be_visible()
