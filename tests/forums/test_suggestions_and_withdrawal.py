"""Suggested meetings from the matching engine, and leaving a forum."""

import pytest

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import schedule_edits, scheduling, selectors, services
from silkbridge.forums.models import MeetingStatus, RequestStatus
from silkbridge.notifications.models import Notification


@pytest.fixture
def market(
    settings, tmp_path, forum, make_participant, make_organisation, make_term, make_opportunity
):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    fintech = make_term("sector", "fintech", "Fintech")
    textiles = make_term("sector", "textiles", "Textiles")
    payments = make_term("technology", "payments", "Payment systems")

    def org(name, country, description, sectors, technologies=()):
        return make_organisation(
            name,
            country=country,
            description=description,
            sectors=sectors,
            technologies=list(technologies),
            languages=["en"],
        )

    kz = make_participant(
        forum,
        organisation=org(
            "Steppe Pay", "KZ", "Mobile wallet and QR payments.", [fintech], [payments]
        ),
    )
    payments_pk = make_participant(
        forum,
        organisation=org(
            "Karachi Payments Hub",
            "PK",
            "Payment gateway and card processing.",
            [fintech],
            [payments],
        ),
    )
    looms = make_participant(
        forum, organisation=org("Faisalabad Looms", "PK", "Cotton weaving mills.", [textiles])
    )
    requested = make_participant(
        forum,
        organisation=org(
            "Lahore Card Services", "PK", "Prepaid cards and payments.", [fintech], [payments]
        ),
    )
    neighbour = make_participant(
        forum,
        organisation=org("Almaty Wallet", "KZ", "Wallet and QR payments.", [fintech], [payments]),
    )
    pending = make_participant(
        forum,
        status="pending",
        organisation=org(
            "Islamabad Pay", "PK", "Payment gateway for banks.", [fintech], [payments]
        ),
    )
    # The engine's evidence: a need of the Kazakh company that Pakistani offers meet.
    make_opportunity(
        kz.organisation,
        direction="request",
        title="Card processing partner for QR payments",
        summary="We seek a payment gateway partner for card processing and merchant acquiring.",
        sectors=[fintech],
        technologies=[payments],
    )
    for participant, title in (
        (payments_pk, "Payment gateway and card processing"),
        (requested, "Prepaid card issuing and a payment gateway"),
        (neighbour, "QR payment gateway for merchants"),
        (pending, "Payment gateway for banks"),
    ):
        make_opportunity(
            participant.organisation,
            direction="offer",
            title=title,
            summary="We offer payment gateway integration, card processing and acquiring.",
            sectors=[fintech],
            technologies=[payments],
        )
    return {
        "kz": kz,
        "payments_pk": payments_pk,
        "looms": looms,
        "requested": requested,
        "neighbour": neighbour,
        "pending": pending,
    }


def test_suggestions_are_approved_partners_abroad_not_yet_requested(market, person_of):
    kz = market["kz"]
    mr.send_request(actor=person_of(kz), sender=kz, receiver=market["requested"])
    suggested = [s.participant for s in selectors.suggested_partners(kz, k=5)]
    assert suggested[0] == market["payments_pk"]
    assert market["requested"] not in suggested
    assert market["neighbour"] not in suggested
    assert market["pending"] not in suggested
    assert all(p.organisation.country == "PK" for p in suggested)
    first = selectors.suggested_partners(kz, k=1)[0]
    assert first.reasons  # the engine's reasons, in words


def test_withdrawing_cancels_requests_and_tells_partners_of_published_meetings(
    forum, make_participant, person_of, secretariat
):
    kz, pk, other = (make_participant(forum, country=c) for c in ("KZ", "PK", "PK"))
    agreed = mr.accept_request(
        actor=person_of(pk), request=mr.send_request(actor=person_of(kz), sender=kz, receiver=pk)
    )
    waiting = mr.send_request(actor=person_of(kz), sender=kz, receiver=other)
    scheduling.run_schedule(actor=secretariat, event=forum)
    schedule_edits.publish(actor=secretariat, event=forum)
    services.withdraw(actor=person_of(kz), participant=kz)
    agreed.refresh_from_db()
    waiting.refresh_from_db()
    assert agreed.status == waiting.status == RequestStatus.CANCELLED
    assert agreed.meeting.status == MeetingStatus.CANCELLED
    assert Notification.objects.filter(
        kind="forum_meeting_cancelled", recipient=person_of(pk)
    ).exists()
    assert not Notification.objects.filter(
        kind="forum_meeting_cancelled", recipient=person_of(kz)
    ).exists()
