"""A person's path through the directory in a real browser: sign in, search, filter, open a
profile, edit it as its admin, and read it in Urdu laid out right to left."""

from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def test_an_admin_finds_and_edits_their_organisation_then_reads_it_in_urdu(
    page, organisation, org_admin, make_organisation, make_term
):
    # given a directory with organisations of both countries
    make_organisation(
        "Karachi Payments Hub", country="PK", description="Payment switching for banks."
    )
    make_organisation("Indus Agritech", country="PK", description="Farm sensors.")
    sign_in(page, org_admin.email)

    # when the admin searches the directory
    page.goto("/directory/")
    page.get_by_label("Search").fill("payment")
    page.get_by_label("Search").press("Enter")
    results = page.locator("#results")
    expect(results).to_contain_text("2 organisations found")
    expect(results).to_contain_text("Qazaq Fintech Labs")
    expect(results).to_contain_text("Karachi Payments Hub")

    # and narrows it to Kazakhstan (the results update in place)
    page.get_by_label("Country").select_option("KZ")
    expect(results).to_contain_text("1 organisation found")
    expect(results).not_to_contain_text("Karachi Payments Hub")
    assert "country=KZ" in page.url

    # and opens the profile, where contact details of colleagues are visible
    results.get_by_role("link", name="Qazaq Fintech Labs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Qazaq Fintech Labs")
    expect(page.locator("#people-heading")).to_be_visible()
    expect(page.get_by_text(org_admin.email)).to_be_visible()

    # and edits it
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("Description").fill("Open banking APIs and QR payments for Central Asia.")
    page.get_by_label("Founding year").fill("2016")
    page.get_by_role("button", name="Save").click()

    # then the saved profile shows the change
    expect(page.get_by_role("alert")).to_contain_text("The profile was saved.")
    expect(page.get_by_text("QR payments for Central Asia")).to_be_visible()
    expect(page.get_by_text("2016")).to_be_visible()

    # and in Urdu the same page is laid out right to left
    with page.expect_navigation():
        page.select_option("#language-select", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Qazaq Fintech Labs")
    nav_box = page.locator(".navbar-brand").bounding_box()
    assert nav_box["x"] > 640, "the brand sits on the right in a right-to-left layout"


def test_a_visitor_sees_no_contact_details_and_cannot_edit(page, organisation, org_admin):
    page.goto(organisation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Qazaq Fintech Labs")
    # A visitor reads the organisation, never its people or their contacts.
    expect(page.get_by_text(org_admin.full_name)).to_have_count(0)
    expect(page.get_by_text(org_admin.email)).to_have_count(0)
    expect(page.get_by_role("link", name="Create an account").first).to_be_visible()
    expect(page.get_by_role("link", name="Edit profile")).to_have_count(0)
