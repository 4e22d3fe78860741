"""A demo forum for `make run`: one event in Astana with two sessions, about thirty approved
participants from both countries (the demo sign-ins' companies among them), meeting requests in
every state, and a published schedule made by the real scheduler.

Bulk rows are written directly (most demo companies have no people to act for them); the
schedule is run and published through the services, as an organiser would.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.directory.seed import demo_users
from silkbridge.forums import schedule_edits, scheduling, services
from silkbridge.forums.models import (
    Event,
    EventStatus,
    Mark,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    ParticipationType,
    Representative,
    RequestOrigin,
    RequestStatus,
    pair_key,
)

DEMO_SLUG = "astana-digital-b2b"
PER_COUNTRY = 15
SEED = 7


def _companies(country: str, first: Organisation) -> list[Organisation]:
    others = (
        Organisation.objects.active()
        .filter(is_demo=True, country=country)
        .exclude(pk=first.pk)
        .order_by("pk")[: PER_COUNTRY - 1]
    )
    return [first, *others]


@transaction.atomic
def create_demo_forum() -> bool:
    """Create the demo forum once; False if the demo sign-ins or companies are missing."""
    users = {u.email: u for u in User.objects.filter(email__endswith="@silkbridge.example")}
    needed = [
        demo_users.SECRETARIAT_EMAIL,
        demo_users.KZ_ADMIN_EMAIL,
        demo_users.KZ_MEMBER_EMAIL,
        demo_users.PK_ADMIN_EMAIL,
    ]
    kz_company = demo_users.demo_company("KZ")
    pk_company = demo_users.demo_company("PK")
    if any(email not in users for email in needed) or not kz_company or not pk_company:
        return False
    if Event.objects.filter(slug=DEMO_SLUG).exists():
        return True
    if len(_companies("PK", pk_company)) < 2:
        return False
    secretariat = users[demo_users.SECRETARIAT_EMAIL]
    day = timezone.localdate() + dt.timedelta(days=21)
    event = services.create_event(
        actor=secretariat,
        data={
            "name": "Astana Digital Silk Road B2B Forum",
            "slug": DEMO_SLUG,
            "description": (
                "One day of pre-arranged one-to-one meetings between IT companies, "
                "universities and agencies of Kazakhstan and Pakistan."
            ),
            "venue": "Astana Hub, Mangilik El 55/8, Astana",
            "time_zone": "Asia/Almaty",
            "starts_on": day,
            "ends_on": day,
            "meeting_minutes": 30,
            "default_tables": 6,
            "default_virtual_rooms": 2,
            "max_requests_per_participant": 12,
            "max_meetings_per_participant": 8,
            "video_link_template": "https://meet.silkbridge.example/{event}-{meeting}",
        },
    )
    zone = event.zone
    for name, start, end in (("Morning", (10, 0), (12, 30)), ("Afternoon", (14, 0), (16, 0))):
        services.add_session(
            actor=secretariat,
            event=event,
            name=name,
            starts_at=dt.datetime.combine(day, dt.time(*start), zone),
            ends_at=dt.datetime.combine(day, dt.time(*end), zone),
            slot_minutes=30,
        )
    Event.objects.filter(pk=event.pk).update(status=EventStatus.REGISTRATION)
    event.refresh_from_db()

    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    slots = list(event.slots.order_by("order"))
    types = [ParticipationType.SUPPLIER, ParticipationType.BUYER, ParticipationType.ANY]
    sides: dict[str, list[Participant]] = {"KZ": [], "PK": []}
    for country, first in (("KZ", kz_company), ("PK", pk_company)):
        for i, organisation in enumerate(_companies(country, first)):
            participant = Participant.objects.create(
                event=event,
                organisation=organisation,
                participation_type=types[i % 3],
                status=ParticipantStatus.APPROVED,
                pitch=organisation.description[:300],
                decided_by=secretariat,
                decided_at=timezone.now(),
            )
            # Most are free all day; some leave early or arrive late.
            free = slots if rng.random() < 0.7 else rng.sample(slots, k=rng.randint(5, 8))
            participant.available_slots.set(free)
            sides[country].append(participant)
    people = {
        kz_company.pk: [users[demo_users.KZ_ADMIN_EMAIL], users[demo_users.KZ_MEMBER_EMAIL]],
        pk_company.pk: [users[demo_users.PK_ADMIN_EMAIL]],
    }
    for participant in sides["KZ"][:1] + sides["PK"][:1]:
        for user in people[participant.organisation_id]:
            Representative.objects.create(participant=participant, user=user)

    now = timezone.now()
    statuses = [RequestStatus.ACCEPTED] * 7 + [
        RequestStatus.PENDING,
        RequestStatus.DECLINED,
        RequestStatus.EXPIRED,
        RequestStatus.CANCELLED,
    ]
    rows = []
    for kz in sides["KZ"]:
        for pk in rng.sample(sides["PK"], k=min(6, len(sides["PK"]))):
            sender, receiver = (kz, pk) if rng.random() < 0.5 else (pk, kz)
            status = rng.choice(statuses)
            created = now - dt.timedelta(hours=rng.randint(2, 60))
            rows.append(
                MeetingRequest(
                    event=event,
                    sender=sender,
                    receiver=receiver,
                    pair=pair_key(sender.pk, receiver.pk),
                    message="We would like to discuss a joint project at the forum.",
                    status=status,
                    sender_mark=rng.choice(["", "", Mark.MUST, Mark.WOULD]),
                    origin=rng.choice([RequestOrigin.MANUAL, RequestOrigin.SUGGESTED]),
                    created_at=created,
                    responded_at=None if status == RequestStatus.PENDING else created,
                    expires_at=created + dt.timedelta(hours=event.request_expiry_hours),
                )
            )
    MeetingRequest.objects.bulk_create(rows)
    # The Kazakh demo company has a request to answer and an agreed meeting with the Pakistani
    # demo company.
    kz, pk, asker = sides["KZ"][0], sides["PK"][0], sides["PK"][1]
    for sender, receiver, status, message in (
        (
            asker,
            kz,
            RequestStatus.PENDING,
            "Our wallet needs a payment gateway partner; shall we meet?",
        ),
        (kz, pk, RequestStatus.ACCEPTED, "We integrate open banking APIs; let us meet in Astana."),
    ):
        MeetingRequest.objects.filter(event=event, pair=pair_key(sender.pk, receiver.pk)).delete()
        created = MeetingRequest.objects.create(
            event=event,
            sender=sender,
            receiver=receiver,
            pair=pair_key(sender.pk, receiver.pk),
            message=message,
            status=status,
            sender_mark=Mark.MUST,
            created_at=now,
            responded_at=None if status == RequestStatus.PENDING else now,
            expires_at=now + dt.timedelta(hours=event.request_expiry_hours),
        )
        # The request to answer proposes two times, which the Kazakh side sees when accepting.
        created.proposed_slots.set(sender.available_slots.order_by("starts_at")[:2])
    scheduling.run_schedule(actor=secretariat, event=event, seed=SEED)
    schedule_edits.publish(actor=secretariat, event=event)
    return True
