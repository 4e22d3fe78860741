"""Fixtures for working groups: a fintech group with a Kazakh and a Pakistani co-chair, a
member, a member of another group, a planned meeting and a held one with action items."""

import datetime
import io

import pytest
from django.utils import timezone

ALMATY = datetime.timezone(datetime.timedelta(hours=5))


@pytest.fixture
def third_organisation(make_organisation):
    return make_organisation("Almaty Robotics", country="KZ")


@pytest.fixture
def group(secretariat):
    from silkbridge.workspace import services

    return services.create_group(actor=secretariat, name="Fintech", description="Payments.")


@pytest.fixture
def other_group(secretariat):
    from silkbridge.workspace import services

    return services.create_group(actor=secretariat, name="E-government")


@pytest.fixture
def co_chair(make_user, organisation, group, secretariat):
    from silkbridge.workspace import services

    user = make_user("chair@qfl.example.kz", organisation=organisation, full_name="Aigerim Chair")
    services.add_member(actor=secretariat, group=group, user=user, role="co_chair")
    return user


@pytest.fixture
def pk_co_chair(make_user, other_organisation, group, secretariat):
    from silkbridge.workspace import services

    user = make_user("chair@lahore.example.pk", organisation=other_organisation)
    services.add_member(actor=secretariat, group=group, user=user, role="co_chair")
    return user


@pytest.fixture
def group_member(member, group, secretariat):
    """The conftest `member` (of `organisation`, KZ) as a plain member of the group."""
    from silkbridge.workspace import services

    services.add_member(actor=secretariat, group=group, user=member)
    return member


@pytest.fixture
def other_member(make_user, third_organisation, other_group, secretariat):
    """A member of another working group only."""
    from silkbridge.workspace import services

    user = make_user("someone@robotics.example.kz", organisation=third_organisation)
    services.add_member(actor=secretariat, group=other_group, user=user)
    return user


def at(days: int, hour: int = 10) -> datetime.datetime:
    """A time `days` from now at `hour`:00 in UTC+5 (Almaty)."""
    base = timezone.now().astimezone(ALMATY) + datetime.timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def meeting(group, co_chair, pk_co_chair, group_member):
    from silkbridge.workspace import services

    return services.plan_meeting(
        actor=co_chair,
        group=group,
        data={
            "title": "Open banking pilot",
            "starts_at": at(7),
            "ends_at": at(7, 12),
            "time_zone": "Asia/Almaty",
            "place": "Astana Hub",
        },
        agenda=["Pilot scope", "QR payments"],
    )


@pytest.fixture
def held_meeting(group, co_chair, pk_co_chair, group_member):
    from silkbridge.workspace import services

    meeting = services.plan_meeting(
        actor=co_chair,
        group=group,
        data={
            "title": "Kick-off",
            "starts_at": at(-10),
            "ends_at": at(-10, 12),
            "time_zone": "Asia/Almaty",
        },
        agenda=["Scope"],
        held=True,
    )
    return services.record_minutes(
        actor=co_chair, meeting=meeting, minutes="We met.", present=[co_chair, group_member]
    )


@pytest.fixture
def decision(held_meeting, co_chair, group_member, pk_co_chair):
    """A decision with two action items: the member's (overdue) and the PK co-chair's."""
    from silkbridge.workspace import services

    today = timezone.localdate()
    return services.record_decision(
        actor=co_chair,
        meeting=held_meeting,
        text="Prepare a pilot.",
        actions=[
            {
                "title": "Draft the scope",
                "owner_user": group_member,
                "due_on": today - datetime.timedelta(days=2),
            },
            {
                "title": "Share the QR specification",
                "owner_user": pk_co_chair,
                "due_on": today + datetime.timedelta(days=5),
            },
        ],
    )


@pytest.fixture
def member_action(decision, group_member):
    return decision.action_items.get(owner_user=group_member)


@pytest.fixture
def png_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(name: str = "agenda.png"):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    return make
