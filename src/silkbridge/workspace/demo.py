"""Demo working groups, built through the real services for the demo sign-ins.

Three groups (fintech, e-government, academia & talent) with co-chairs from Kazakhstan and
Pakistan; the fintech group has held a meeting with minutes, a decision and its action items
(one overdue, one done) and plans its next one.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from silkbridge.accounts.models import User
from silkbridge.directory.seed import demo_users
from silkbridge.workspace import services
from silkbridge.workspace.models import ActionStatus, Role, WorkingGroup

GROUPS = (
    ("fintech", "Fintech", "Payments, open banking and digital wallets between KZ and PK."),
    ("e-government", "E-government", "Digital public services, identity and data exchange."),
    ("academia-talent", "Academia & talent", "Joint programmes, exchanges and internships."),
)


@transaction.atomic
def create_demo_workspace() -> bool:
    """Create the groups once; returns False if the demo sign-ins are missing."""
    users = {u.email: u for u in User.objects.filter(email__endswith="@silkbridge.example")}
    needed = [
        demo_users.SECRETARIAT_EMAIL,
        demo_users.KZ_ADMIN_EMAIL,
        demo_users.KZ_MEMBER_EMAIL,
        demo_users.PK_ADMIN_EMAIL,
    ]
    if any(email not in users for email in needed):
        return False
    if WorkingGroup.objects.filter(slug="fintech").exists():
        return True
    secretariat = users[demo_users.SECRETARIAT_EMAIL]
    kz_admin = users[demo_users.KZ_ADMIN_EMAIL]
    kz_member = users[demo_users.KZ_MEMBER_EMAIL]
    pk_admin = users[demo_users.PK_ADMIN_EMAIL]
    groups = {}
    for slug, name, description in GROUPS:
        group = services.create_group(
            actor=secretariat, name=name, slug=slug, description=description
        )
        kz_chair = kz_member if slug == "e-government" else kz_admin
        services.add_member(actor=secretariat, group=group, user=kz_chair, role=Role.CO_CHAIR)
        services.add_member(actor=secretariat, group=group, user=pk_admin, role=Role.CO_CHAIR)
        groups[slug] = group
    fintech = groups["fintech"]
    services.add_member(actor=kz_admin, group=fintech, user=kz_member, role=Role.MEMBER)
    _fintech_meetings(fintech, chair=kz_admin, member=kz_member, partner=pk_admin)
    return True


def _fintech_meetings(group: WorkingGroup, *, chair: User, member: User, partner: User) -> None:
    zone = ZoneInfo("Asia/Almaty")
    today = timezone.localtime(timezone.now(), zone).replace(minute=0, second=0, microsecond=0)
    held_start = (today - timedelta(days=21)).replace(hour=15)
    held = services.plan_meeting(
        actor=chair,
        group=group,
        data={
            "title": "Fintech working group: open banking pilot",
            "starts_at": held_start,
            "ends_at": held_start + timedelta(hours=2),
            "time_zone": "Asia/Almaty",
            "place": "",
            "video_link": "https://meet.example.org/silkbridge-fintech",
        },
        agenda=["Open banking pilot scope", "QR payments interoperability", "Next steps"],
        held=True,
    )
    services.record_minutes(
        actor=chair,
        meeting=held,
        minutes=(
            "Both sides agreed to scope an open banking pilot between a Kazakh gateway and a "
            "Pakistani wallet, and to compare QR payment standards before the next meeting."
        ),
        present=[chair, member, partner],
    )
    agenda = list(held.agenda.all())
    decision = services.record_decision(
        actor=chair,
        meeting=held,
        text="Prepare an open banking pilot between one gateway in each country.",
        agenda_item=agenda[0],
        actions=[
            {
                "title": "Draft the pilot's scope and data-sharing terms",
                "owner_user": member,
                "due_on": (held_start + timedelta(days=10)).date(),
            },
            {
                "title": "Share the Raast QR specification with the Kazakh side",
                "owner_user": partner,
                "due_on": (held_start + timedelta(days=7)).date(),
            },
        ],
    )
    shared = decision.action_items.get(owner_user=partner)
    services.set_action_status(actor=partner, item=shared, status=ActionStatus.DONE)
    karachi = timezone.localtime(timezone.now(), ZoneInfo("Asia/Karachi"))
    next_start = (karachi + timedelta(days=14)).replace(hour=11, minute=0, second=0, microsecond=0)
    services.plan_meeting(
        actor=chair,
        group=group,
        data={
            "title": "Fintech working group: pilot review",
            "starts_at": next_start,
            "ends_at": next_start + timedelta(hours=1, minutes=30),
            "time_zone": "Asia/Karachi",
            "place": "National Incubation Center, Islamabad",
            "video_link": "https://meet.example.org/silkbridge-fintech",
        },
        agenda=["Pilot scope review", "QR payments: comparison of standards"],
    )
