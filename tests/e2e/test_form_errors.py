"""Errors always visible, in a real browser: every htmx form shows what was wrong in place, the
focus goes to the first error, and a request that fails otherwise says so. The plain forms get
the focus on their first error too.

htmx swaps nothing of a 4xx answer unless told to (base.html's htmx-config swaps 422): before
that, a refused reply in a conversation left the page as it was.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.introductions import conftest as introductions

# The fixtures of a conversation between two organisations, shared with the introductions' tests.
pending_introduction = introductions.pending_introduction
accepted_introduction = introductions.accepted_introduction
conversation = introductions.conversation
counterpart = introductions.counterpart

NOT_A_PDF = {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf at all"}


@pytest.fixture
def sign_in(page, live_server):
    """`sign_in(user)`: the page's browser carries that user's session (no sign-in form)."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        return page

    return sign_in


@pytest.fixture
def thread(sign_in, conversation, counterpart):
    page = sign_in(counterpart)
    page.goto(conversation.get_absolute_url())
    expect(page.get_by_role("heading", name="Reply")).to_be_visible()
    return page


def test_an_empty_reply_says_so_on_the_field_and_takes_the_focus(thread):
    thread.get_by_label("Your message").fill("   ")
    thread.get_by_role("button", name="Send").click()
    body = thread.get_by_label("Your message")
    expect(thread.locator("#id_body_error")).to_have_text("This field is required.")
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(body).to_have_attribute("aria-describedby", "id_body_error")
    expect(body).to_be_focused()


def test_a_reply_over_the_limit_says_the_limit_and_keeps_the_text(thread):
    # The textarea stops typing at the limit; a pasted or scripted text can still go past it.
    thread.get_by_label("Your message").evaluate("(box) => { box.value = 'x'.repeat(16000); }")
    thread.get_by_role("button", name="Send").click()
    expect(thread.locator("#id_body_error")).to_contain_text("at most 10000 characters")
    expect(thread.get_by_label("Your message")).to_have_value("x" * 16000)
    expect(thread.get_by_label("Your message")).to_be_focused()


def test_a_rejected_attachment_is_named_beside_the_file_field(thread):
    thread.get_by_label("Your message").fill("The minutes, attached.")
    thread.get_by_label("Attachments").set_input_files([NOT_A_PDF])
    thread.get_by_role("button", name="Send").click()
    expect(thread.locator("#id_files_error")).to_contain_text("is not a PDF or an image")
    expect(thread.get_by_label("Attachments")).to_be_focused()
    expect(thread.get_by_label("Your message")).to_have_value("The minutes, attached.")
    expect(thread.get_by_role("listitem").filter(has_text="The minutes, attached.")).to_have_count(
        0
    )


def test_a_closed_introduction_s_thread_says_why_it_takes_no_reply(
    sign_in, conversation, counterpart, secretariat
):
    from silkbridge.introductions import services

    page = sign_in(counterpart)
    page.goto(conversation.get_absolute_url())
    services.close(
        actor=secretariat, introduction=conversation.introduction, reason="Both asked to."
    )
    # The form was still on the page when the introduction closed: the reply is refused aloud.
    page.get_by_label("Your message").fill("Are you still there?")
    page.get_by_role("button", name="Send").click()
    closed = page.locator("#conversation-closed")
    expect(closed).to_have_attribute("role", "alert")
    expect(closed).to_contain_text("takes no new messages")
    expect(page.get_by_label("Your message")).to_have_count(0)


@pytest.fixture
def suggestions(settings, tmp_path, make_organisation, make_user, make_term, make_opportunity):
    from silkbridge.matching import services

    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    fintech = make_term("sector", "fintech", "Fintech")
    payments = make_term("technology", "payments", "Payment systems")
    steppe = make_organisation(
        "Steppe Pay",
        country="KZ",
        description="Mobile wallet and QR payments for retailers.",
        sectors=[fintech],
        technologies=[payments],
    )
    karachi = make_organisation(
        "Karachi Payments Hub",
        country="PK",
        description="Card processing and payment gateway integration.",
        sectors=[fintech],
        technologies=[payments],
    )
    make_opportunity(karachi, direction="offer", title="Payment gateway", sectors=[fintech])
    member = make_user("aigerim@steppepay.example.kz", organisation=steppe)
    services.reset_index()
    return {"steppe": steppe, "member": member}


def test_a_dismissal_that_is_refused_says_why_under_its_suggestion(sign_in, suggestions):
    page = sign_in(suggestions["member"])
    page.goto(f"/matching/organisations/{suggestions['steppe'].slug}/")
    partners = page.get_by_role("region", name="Recommended partners")
    karachi = partners.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Karachi Payments Hub")
    )
    # A reason the server no longer knows (the page was open while the list changed).
    reason = karachi.get_by_label("Why?")
    reason.evaluate("(select) => { select.add(new Option('Gone', 'gone')); }")
    reason.select_option("gone")
    karachi.get_by_role("button", name="Dismiss").click()
    error = karachi.get_by_role("alert")
    expect(error).to_have_text("Choose why you dismiss this suggestion.")
    expect(error).to_be_focused()
    expect(partners.get_by_role("link", name="Karachi Payments Hub")).to_be_visible()


@pytest.mark.parametrize("path", ["/directory/", "/opportunities/"])
def test_a_filter_that_cannot_be_used_is_named_in_the_results(page, make_term, path):
    make_term("sector", "fintech", "Fintech")
    page.goto(path)
    sector = page.locator("#id_sector")
    sector.evaluate("(select) => { select.add(new Option('Removed', 'removed-sector')); }")
    sector.select_option("removed-sector")
    summary = page.locator("#filter-errors")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("link", name="Sector")).to_have_attribute("href", "#id_sector")


def test_a_request_that_fails_otherwise_says_so(page):
    page.goto("/directory/")
    page.evaluate("htmx.ajax('GET', '/directory/no-such-organisation/', '#results')")
    problem = page.locator("#request-problem").get_by_role("alert")
    expect(problem).to_contain_text("What you asked for no longer exists.")
    expect(page.locator("#results")).to_contain_text("found")  # nothing was swapped


def test_a_plain_form_sent_back_with_errors_puts_the_focus_on_the_first(sign_in, member):
    page = sign_in(member)
    page.goto("/opportunities/new/")
    page.get_by_role("button", name="Save draft").click()
    first = page.locator("#type-errors")
    expect(first).to_be_visible()
    expect(first).to_be_focused()


def test_an_action_refused_with_a_message_puts_the_focus_on_the_message(
    sign_in, secretariat, make_opportunity, organisation
):
    from silkbridge.opportunities.models import Status

    opportunity = make_opportunity(organisation, status=Status.SUBMITTED, title="Open banking")
    page = sign_in(secretariat)
    page.goto(f"/opportunities/{opportunity.pk}/")
    page.get_by_label("What should change?").fill("   ")
    page.get_by_role("button", name="Ask for changes").click()
    refused = page.locator("#main .alert-danger")
    expect(refused).to_be_visible()
    expect(refused).to_be_focused()
