"""Demo and benchmark ventures.

`create_demo_ventures()` tells a realistic two-year story (~25 ventures of every kind and stage,
among them the demo story's accepted introduction and several academic alliances) so that the
venture list and the outcomes dashboard have something to show. `generate_bulk_ventures()` writes
many ventures with stage histories quickly, with bulk inserts, for the dashboard benchmark.
Both write rows directly: a history in the past would otherwise notify everyone today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from silkbridge.directory.models import Organisation, OrganisationKind, Term, Vocabulary
from silkbridge.ventures.bulk import generate_bulk_ventures
from silkbridge.ventures.currency import current_rates, to_usd
from silkbridge.ventures.models import (
    ACADEMIC_KINDS,
    STAGE_PATH,
    PartyRole,
    StageChange,
    Venture,
    VentureKind,
    VentureOrigin,
    VentureParty,
    VentureStage,
    first_dates,
)

S = VentureStage
K = VentureKind


@dataclass(frozen=True)
class Story:
    title: str
    kind: str
    # Stages in order after "introduced", each with days since the venture started.
    moves: tuple[tuple[str, int], ...]
    amount: str | None = None
    currency: str = ""
    jobs: int = 0
    people: int = 0
    sectors: tuple[str, ...] = ()
    kz_kind: str = OrganisationKind.COMPANY
    pk_kind: str = OrganisationKind.COMPANY
    confidential: bool = False
    seats: int | None = None
    intakes: tuple[str, ...] = ()
    fields: str = ""
    reason: str = ""


STORIES = [
    Story(
        "Card-switch integration for a Karachi wallet",
        K.SERVICES_CONTRACT,
        ((S.IN_TALKS, 20), (S.MOU_SIGNED, 75), (S.CONTRACT_SIGNED, 140), (S.DELIVERING, 170)),
        "420000",
        "USD",
        14,
        0,
        ("fintech",),
    ),
    Story(
        "Joint venture for Urdu and Kazakh speech recognition",
        K.JOINT_VENTURE,
        ((S.IN_TALKS, 30), (S.MOU_SIGNED, 120), (S.CONTRACT_SIGNED, 260)),
        "1500000",
        "USD",
        22,
        0,
        ("ai",),
        confidential=True,
    ),
    Story(
        "E-procurement pilot with the Punjab Procurement Authority",
        K.AUTHORITY_PILOT,
        ((S.IN_TALKS, 15), (S.MOU_SIGNED, 90), (S.DELIVERING, 200), (S.COMPLETED, 380)),
        "95000000",
        "PKR",
        6,
        0,
        ("e-government",),
        pk_kind=OrganisationKind.AUTHORITY,
    ),
    Story(
        "MoU on open-banking standards",
        K.MOU,
        ((S.IN_TALKS, 10), (S.MOU_SIGNED, 60)),
        None,
        "",
        0,
        0,
        ("banking", "fintech"),
        pk_kind=OrganisationKind.ASSOCIATION,
    ),
    Story(
        "Seed investment in a Lahore logistics start-up",
        K.INVESTMENT,
        ((S.IN_TALKS, 25), (S.CONTRACT_SIGNED, 110)),
        "750000",
        "USD",
        18,
        0,
        ("logistics",),
    ),
    Story(
        "Cloud migration for an Almaty retailer",
        K.SERVICES_CONTRACT,
        ((S.IN_TALKS, 12), (S.CONTRACT_SIGNED, 70), (S.DELIVERING, 95), (S.COMPLETED, 300)),
        "180000000",
        "KZT",
        9,
        0,
        ("retail",),
    ),
    Story(
        "Semester exchange in computer science",
        K.ACADEMIC_EXCHANGE,
        ((S.IN_TALKS, 30), (S.MOU_SIGNED, 100), (S.DELIVERING, 210)),
        None,
        "",
        0,
        24,
        ("education",),
        OrganisationKind.ACADEMIC,
        OrganisationKind.ACADEMIC,
        seats=12,
        intakes=("09-01", "02-01"),
        fields="Computer science; software engineering",
    ),
    Story(
        "Joint master's programme in cyber security",
        K.JOINT_PROGRAMME,
        ((S.IN_TALKS, 40), (S.MOU_SIGNED, 150), (S.CONTRACT_SIGNED, 280)),
        None,
        "",
        0,
        0,
        ("education", "cybersecurity"),
        OrganisationKind.ACADEMIC,
        OrganisationKind.ACADEMIC,
        seats=30,
        intakes=("09-15",),
        fields="Cyber security; cryptography",
    ),
    Story(
        "Summer internships in backend engineering",
        K.INTERNSHIP_PROGRAMME,
        ((S.IN_TALKS, 14), (S.DELIVERING, 90), (S.COMPLETED, 160)),
        None,
        "",
        0,
        10,
        ("fintech",),
        OrganisationKind.COMPANY,
        OrganisationKind.ACADEMIC,
        seats=10,
        intakes=("06-01",),
        fields="Backend engineering",
    ),
    Story(
        "Joint research lab on agritech sensors",
        K.JOINT_PROGRAMME,
        ((S.IN_TALKS, 45), (S.STALLED, 200)),
        None,
        "",
        0,
        0,
        ("agriculture",),
        OrganisationKind.ACADEMIC,
        OrganisationKind.ACADEMIC,
        seats=8,
        intakes=("10-01",),
        fields="Agronomy; embedded systems",
    ),
    Story(
        "Textile quality-control vision system",
        K.SERVICES_CONTRACT,
        ((S.IN_TALKS, 20), (S.MOU_SIGNED, 80), (S.DROPPED, 190)),
        "60000",
        "EUR",
        0,
        0,
        ("textiles",),
    ),
    Story(
        "Digital ID pilot for Astana public services",
        K.AUTHORITY_PILOT,
        ((S.IN_TALKS, 18), (S.MOU_SIGNED, 70)),
        None,
        "",
        0,
        0,
        ("e-government",),
        OrganisationKind.AUTHORITY,
        OrganisationKind.COMPANY,
    ),
    Story(
        "Outsourced mobile app development",
        K.SERVICES_CONTRACT,
        ((S.IN_TALKS, 8), (S.CONTRACT_SIGNED, 40), (S.DELIVERING, 60)),
        "38000000",
        "PKR",
        25,
        0,
        ("software",),
    ),
    Story(
        "Data-centre joint venture in Turkistan",
        K.JOINT_VENTURE,
        ((S.IN_TALKS, 35),),
        None,
        "",
        0,
        0,
        ("cloud",),
        confidential=True,
    ),
    Story(
        "Staff exchange for banking regulators",
        K.ACADEMIC_EXCHANGE,
        ((S.IN_TALKS, 20), (S.MOU_SIGNED, 75), (S.DELIVERING, 140), (S.COMPLETED, 250)),
        None,
        "",
        0,
        16,
        ("banking",),
        OrganisationKind.AUTHORITY,
        OrganisationKind.ACADEMIC,
        seats=8,
        intakes=("03-01",),
        fields="Banking supervision",
    ),
    Story(
        "Venture fund co-investment agreement",
        K.INVESTMENT,
        ((S.IN_TALKS, 30), (S.MOU_SIGNED, 90), (S.IN_TALKS, 150)),
        "5000000",
        "USD",
        0,
        0,
        ("fintech",),
        reason="The fund's committee asked for new terms after the audit.",
    ),
    Story(
        "Payment terminals for Kazakh pharmacies",
        K.SERVICES_CONTRACT,
        ((S.IN_TALKS, 10), (S.MOU_SIGNED, 45), (S.CONTRACT_SIGNED, 85)),
        "320000",
        "USD",
        7,
        0,
        ("healthcare", "fintech"),
    ),
    Story(
        "Internships for Pakistani data scientists in Almaty",
        K.INTERNSHIP_PROGRAMME,
        ((S.IN_TALKS, 20), (S.MOU_SIGNED, 60)),
        None,
        "",
        0,
        0,
        ("ai",),
        OrganisationKind.COMPANY,
        OrganisationKind.ACADEMIC,
        seats=6,
        intakes=("07-01",),
        fields="Data science",
    ),
    Story(
        "Railway freight tracking pilot",
        K.AUTHORITY_PILOT,
        ((S.IN_TALKS, 25), (S.STALLED, 130)),
        None,
        "",
        0,
        0,
        ("logistics",),
        OrganisationKind.AUTHORITY,
        OrganisationKind.COMPANY,
    ),
    Story(
        "MoU on IT talent mobility",
        K.MOU,
        ((S.IN_TALKS, 15), (S.MOU_SIGNED, 50)),
        None,
        "",
        0,
        0,
        ("education",),
        OrganisationKind.ASSOCIATION,
        OrganisationKind.ASSOCIATION,
    ),
    Story(
        "Cyber-security operations centre contract",
        K.SERVICES_CONTRACT,
        ((S.IN_TALKS, 30), (S.CONTRACT_SIGNED, 120), (S.DELIVERING, 150)),
        "2400000",
        "CNY",
        11,
        0,
        ("cybersecurity",),
    ),
    Story(
        "Joint bachelor's programme in fintech",
        K.JOINT_PROGRAMME,
        ((S.IN_TALKS, 60),),
        None,
        "",
        0,
        0,
        ("fintech", "education"),
        OrganisationKind.ACADEMIC,
        OrganisationKind.ACADEMIC,
        seats=40,
        intakes=("09-01",),
        fields="Finance; computing",
    ),
    Story(
        "Halal food traceability platform",
        K.JOINT_VENTURE,
        ((S.IN_TALKS, 20), (S.DROPPED, 90)),
        None,
        "",
        0,
        0,
        ("agriculture",),
    ),
    Story(
        "E-invoicing integration for exporters",
        K.SERVICES_CONTRACT,
        ((S.IN_TALKS, 12), (S.MOU_SIGNED, 40)),
        "150000",
        "GBP",
        0,
        0,
        ("e-government",),
    ),
]
STORY_FROM_INTRODUCTION = "Payment gateway integration for the Lahore wallet"


def _orgs(country: str, kind: str) -> list[Organisation]:
    qs = Organisation.objects.active().filter(is_demo=True, country=country)
    return list(qs.filter(kind=kind).order_by("pk")[:20]) or list(qs.order_by("pk")[:20])


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _write(
    venture: Venture, parties: list[Organisation], moves: list[tuple[str, date, str]], sectors
) -> None:
    venture.stage = moves[-1][0]
    venture.stage_changed_at = _aware(moves[-1][1])
    venture.created_at = _aware(moves[0][1])
    venture.is_demo = True
    venture.first_signed_on, venture.first_contracted_on = first_dates(
        (stage, day) for stage, day, _reason in moves
    )
    venture.save()
    VentureParty.objects.bulk_create(
        VentureParty(venture=venture, organisation=o, role=PartyRole.LEAD if i == 0 else "partner")
        for i, o in enumerate(parties)
    )
    previous = ""
    rows = []
    for stage, day, reason in moves:
        rows.append(
            StageChange(
                venture=venture,
                from_stage=previous,
                to_stage=stage,
                changed_on=day,
                reason=reason,
                created_at=_aware(day),
            )
        )
        previous = stage
    StageChange.objects.bulk_create(rows)
    venture.sectors.set(sectors)


def _story_moves(item: Story, start: date) -> list[tuple[str, date, str]]:
    """The story's moves as (stage, date, reason); a move back carries the story's reason."""
    moves = [(S.INTRODUCED.value, start, "")]
    rank = 0
    for stage, days in item.moves:
        back = stage in STAGE_PATH and STAGE_PATH.index(stage) < rank
        moves.append((stage, start + timedelta(days=days), item.reason if back else ""))
        if stage in STAGE_PATH:
            rank = STAGE_PATH.index(stage)
    return moves


def _value(venture: Venture, amount: str | None, code: str, rates: dict) -> None:
    if amount is None or code not in rates:
        return
    venture.value_amount = Decimal(amount)
    venture.value_currency = code
    venture.usd_rate = rates[code]
    venture.value_usd = to_usd(venture.value_amount, rates[code])


@transaction.atomic
def create_demo_ventures() -> int:
    """Create the demo ventures once; returns how many demo ventures exist."""
    existing = Venture.objects.filter(is_demo=True).count()
    if existing:
        return existing
    from auditlog.context import disable_auditlog

    today = timezone.localdate()
    rates = {rate.currency: rate.usd_per_unit for rate in current_rates()}
    terms = {t.slug: t for t in Term.objects.filter(vocabulary=Vocabulary.SECTOR)}
    with disable_auditlog():
        story = _story_from_introduction(today, rates, terms)
        count = int(story)
        for index, item in enumerate(STORIES):
            kz = _orgs("KZ", item.kz_kind)
            pk = _orgs("PK", item.pk_kind)
            if not kz or not pk:
                continue
            parties = [kz[index % len(kz)], pk[index % len(pk)]]
            if index % 2:
                parties.reverse()
            span = item.moves[-1][1] if item.moves else 0
            # Spread the stories over the past two years, each ending before today.
            start = today - timedelta(days=span + 5 + (index * 29) % max(1, 700 - span))
            moves = _story_moves(item, start)
            venture = Venture(
                title=item.title,
                summary="",
                kind=item.kind,
                origin=VentureOrigin.MANUAL,
                started_on=start,
                jobs_created=item.jobs,
                people_exchanged=item.people,
                confidential=item.confidential,
            )
            if item.kind in ACADEMIC_KINDS:
                venture.seats = item.seats
                venture.intake_dates = sorted(f"{today.year + 1}-{md}" for md in item.intakes)
                venture.fields_of_study = item.fields
            _value(venture, item.amount, item.currency, rates)
            _write(venture, parties, moves, [terms[s] for s in item.sectors if s in terms])
            count += 1
    return count


def _story_from_introduction(today: date, rates: dict, terms: dict) -> bool:
    """The venture that came of the demo story's accepted introduction (introductions.demo)."""
    from silkbridge.directory.seed import demo_users
    from silkbridge.introductions.models import Introduction, IntroductionStatus

    pk_company = demo_users.demo_company("PK")
    kz_company = demo_users.demo_company("KZ")
    if not pk_company or not kz_company:
        return False
    introduction = (
        Introduction.objects.filter(status=IntroductionStatus.ACCEPTED)
        .filter(org_a__in=[pk_company, kz_company], org_b__in=[pk_company, kz_company])
        .first()
    )
    if introduction is None:
        return False
    start = (
        timezone.localtime(introduction.accepted_at).date() if introduction.accepted_at else today
    )
    venture = Venture(
        title=STORY_FROM_INTRODUCTION,
        summary=(
            "Six months of joint work to connect the Lahore wallet to two new payment schemes, "
            "after the introduction through Silkbridge."
        ),
        kind=K.SERVICES_CONTRACT,
        origin=VentureOrigin.INTRODUCTION,
        origin_introduction=introduction,
        origin_label=f"{introduction.org_a.name} ↔ {introduction.org_b.name}",
        started_on=start,
        jobs_created=5,
    )
    _value(venture, "180000", "USD", rates)
    moves = [(S.INTRODUCED, start, ""), (S.IN_TALKS, start, "")]
    _write(
        venture,
        [pk_company, kz_company],
        moves,
        [terms[s] for s in ("fintech", "banking") if s in terms],
    )
    return True


__all__ = ["create_demo_ventures", "generate_bulk_ventures"]
