"""A working group in a real browser, as the issue tells it: a co-chair plans and holds a
meeting, records a decision with two action items, and the owner of one closes it.

Each person has their own browser context (own cookies), as they would on their own machines.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations

PASSWORD = "correct-horse-battery"
#: A folder to save screenshots of the key pages in, for a person to look at; none when unset.
SHOTS = os.environ.get("SILKBRIDGE_SHOTS", "")


@pytest.fixture
def open_as(browser, live_server):
    """`open_as(user)` gives a browser tab of a fresh context, signed in as that user."""
    contexts = []

    def open_as(user):
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.goto("/accounts/login/")
        tab.get_by_label("E-mail").fill(user.email)
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        expect(tab.get_by_role("button", name="Sign in")).to_have_count(0)
        return tab

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def people(make_organisation, make_user, secretariat):
    from silkbridge.workspace import services

    kazakh = make_organisation("Qazaq Payments", country="KZ")
    pakistani = make_organisation("Lahore Wallet", country="PK")
    chair = make_user("chair@qp.example.kz", organisation=kazakh, full_name="Aigerim Nurlanova")
    pk_chair = make_user("chair@lw.example.pk", organisation=pakistani, full_name="Ayesha Malik")
    owner = make_user("timur@qp.example.kz", organisation=kazakh, full_name="Timur Akhmetov")
    group = services.create_group(actor=secretariat, name="Fintech", description="Payments.")
    services.add_member(actor=secretariat, group=group, user=chair, role="co_chair")
    services.add_member(actor=secretariat, group=group, user=pk_chair, role="co_chair")
    services.add_member(actor=secretariat, group=group, user=owner)
    return {"chair": chair, "pk_chair": pk_chair, "owner": owner, "group": group}


def shoot(tab, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"workspace-{name}.png"), full_page=True)


def test_hold_a_meeting_record_a_decision_and_close_an_action(open_as, people):
    # Meetings are planned ahead: tomorrow's, in Almaty time.
    day = timezone.localdate() + datetime.timedelta(days=1)
    due = day + datetime.timedelta(days=14)

    # The Kazakh co-chair plans tomorrow's meeting in Almaty time, with an agenda.
    chair = open_as(people["chair"])
    chair.goto("/groups/")
    chair.get_by_role("link", name="Fintech").click()
    expect(chair.get_by_role("heading", name="Fintech", level=1)).to_be_visible()
    assert violations(chair) == []
    chair.get_by_role("link", name="Plan a meeting").click()
    chair.get_by_label("Title").fill("Open banking pilot")
    chair.get_by_label("Starts").fill(f"{day.isoformat()}T09:00")
    chair.get_by_label("Ends").fill(f"{day.isoformat()}T08:00")
    chair.get_by_label("Time zone of the meeting").select_option("Asia/Almaty")
    chair.get_by_label("Place").fill("Astana Hub")
    chair.get_by_label("Agenda").fill("Pilot scope\nQR payments")
    chair.get_by_role("button", name="Plan and invite").click()
    # A meeting that ends before it starts is refused with a clear message.
    expect(chair.get_by_text("The meeting must end after it starts.")).to_be_visible()
    chair.get_by_label("Ends").fill(f"{day.isoformat()}T11:00")
    chair.get_by_role("button", name="Plan and invite").click()
    expect(chair.get_by_role("heading", name="Open banking pilot")).to_be_visible()
    expect(chair.locator("#agenda li")).to_have_count(2)
    expect(chair.get_by_text("(Asia/Almaty)").first).to_be_visible()

    # The day comes (the meeting's times move into the past) and the meeting is held: minutes
    # and attendance.
    from silkbridge.workspace.models import GroupMeeting

    now = timezone.now()
    GroupMeeting.objects.filter(title="Open banking pilot").update(
        starts_at=now - datetime.timedelta(hours=2), ends_at=now - datetime.timedelta(hours=1)
    )
    chair.reload()
    chair.get_by_role("textbox", name="Minutes").fill("Both sides agreed to scope a pilot.")
    chair.get_by_label("Aigerim Nurlanova").check()
    chair.get_by_label("Timur Akhmetov").check()
    chair.get_by_role("button", name="Save the minutes").click()
    expect(chair.locator("#meeting-status")).to_have_text("Held")
    expect(chair.locator("#minutes-text")).to_contain_text("scope a pilot")

    # A decision with two action items, one for Timur and one for the Pakistani co-chair.
    form = chair.locator("#decision-form")
    form.get_by_label("Decision").fill("Prepare an open banking pilot.")
    first = form.locator("fieldset").nth(0)
    first.get_by_role("textbox", name="Action", exact=True).fill("Draft the pilot scope")
    first.get_by_role("combobox", name="Owner", exact=True).select_option(label="Timur Akhmetov")
    first.get_by_label("Due on").fill(due.isoformat())
    second = form.locator("fieldset").nth(1)
    second.get_by_role("textbox", name="Action", exact=True).fill("Share the QR specification")
    second.get_by_role("combobox", name="Owner", exact=True).select_option(label="Ayesha Malik")
    second.get_by_label("Due on").fill(due.isoformat())
    form.get_by_role("button", name="Record the decision").click()
    decision = chair.locator("article[id^=decision-]")
    expect(decision).to_have_count(1)
    expect(decision.locator("li").get_by_role("link")).to_have_count(2)  # its two action items
    expect(decision.get_by_role("link", name="Record a venture")).to_be_visible()
    assert violations(chair) == []
    shoot(chair, "meeting")

    # Timur finds his item under "My action items" and closes it.
    owner = open_as(people["owner"])
    owner.goto("/groups/actions/mine/")
    expect(owner.get_by_role("link", name="Share the QR specification")).to_have_count(0)
    assert violations(owner) == []
    shoot(owner, "my-actions")
    owner.get_by_role("link", name="Draft the pilot scope").click()
    owner.get_by_role("textbox", name="Comment").fill("Draft shared with both sides.")
    owner.get_by_role("button", name="Add the comment").click()
    expect(owner.get_by_text("Draft shared with both sides.")).to_be_visible()
    owner.get_by_role("combobox", name="Status", exact=True).select_option("done")
    owner.get_by_role("button", name="Save the status").click()
    expect(owner.locator("#action-status")).to_have_text("Done")
    assert violations(owner) == []
    shoot(owner, "action")

    # The co-chair's group page now shows one open action item left.
    chair.goto(people["group"].get_absolute_url())
    expect(chair.get_by_role("link", name="Share the QR specification")).to_be_visible()
    expect(chair.get_by_role("link", name="Draft the pilot scope")).to_have_count(0)
    shoot(chair, "group")


def test_secretariat_overview_and_urdu_pages(open_as, people, secretariat):
    from silkbridge.workspace import services

    group, chair = people["group"], people["chair"]
    meeting = services.plan_meeting(
        actor=chair,
        group=group,
        data={
            "title": "Kick-off",
            "starts_at": timezone.now() - datetime.timedelta(days=9),
            "ends_at": timezone.now() - datetime.timedelta(days=9, hours=-1),
            "time_zone": "Asia/Karachi",
        },
        held=True,
    )
    services.record_decision(
        actor=chair,
        meeting=meeting,
        text="Start.",
        actions=[
            {
                "title": "Late item",
                "owner_user": people["owner"],
                "due_on": timezone.localdate() - datetime.timedelta(days=3),
            }
        ],
    )
    tab = open_as(secretariat)
    tab.goto("/groups/actions/")
    expect(tab.locator("#totals")).to_have_text("1 open, 1 overdue")
    expect(tab.get_by_text("Overdue", exact=True)).to_be_visible()
    assert violations(tab) == []
    shoot(tab, "overview")
    tab.goto("/groups/")
    assert violations(tab) == []
    shoot(tab, "list")
    # Right to left in Urdu, still without accessibility violations.
    tab.goto("/")
    with tab.expect_navigation():
        tab.locator("select[name=language]").select_option("ur")
    tab.goto(meeting.get_absolute_url())
    expect(tab.locator("html")).to_have_attribute("dir", "rtl")
    assert violations(tab) == []
    shoot(tab, "meeting-ur")
