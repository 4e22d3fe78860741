"""Ventures with stage histories, introductions and groups, written directly: the outcomes
pages only read them, and the ventures app tests its own services."""

import datetime
import itertools
from decimal import Decimal

import pytest

_counter = itertools.count(1)


@pytest.fixture
def make_group(db):
    from silkbridge.workspace.models import WorkingGroup

    def make(name: str | None = None, parent=None):
        n = next(_counter)
        name = name or f"Group {n}"
        return WorkingGroup.objects.create(name=name, slug=f"group-{n}", parent=parent)

    return make


@pytest.fixture
def make_venture(db, make_organisation):
    """A venture between a KZ lead and a PK partner that went through `path`, one stage per
    (stage, date) pair; value in USD at rate 1."""
    from silkbridge.ventures.models import StageChange, Venture, VentureParty, first_dates

    def make(
        path=(("introduced", datetime.date(2026, 7, 1)),),
        *,
        kind: str = "joint_venture",
        value_usd: Decimal | int | None = None,
        jobs: int = 0,
        people: int = 0,
        confidential: bool = False,
        group=None,
        sectors=(),
        lead=None,
        partner=None,
        title: str | None = None,
    ):
        n = next(_counter)
        lead = lead or make_organisation(f"Lead {n}", country="KZ")
        partner = partner or make_organisation(f"Partner {n}", country="PK")
        venture = Venture.objects.create(
            title=title or f"Venture {n}",
            kind=kind,
            stage=path[-1][0],
            working_group=group,
            value_amount=value_usd,
            value_currency="USD" if value_usd is not None else "",
            usd_rate=Decimal(1) if value_usd is not None else None,
            value_usd=value_usd,
            jobs_created=jobs,
            people_exchanged=people,
            confidential=confidential,
            started_on=path[0][1],
        )
        VentureParty.objects.create(venture=venture, organisation=lead, role="lead")
        VentureParty.objects.create(venture=venture, organisation=partner, role="partner")
        venture.sectors.set(sectors)
        previous = ""
        for stage, day in path:
            StageChange.objects.create(
                venture=venture, from_stage=previous, to_stage=stage, changed_on=day
            )
            previous = stage
        # What the ventures services keep on the venture from its history.
        venture.first_signed_on, venture.first_contracted_on = first_dates(path)
        venture.save(update_fields=["first_signed_on", "first_contracted_on"])
        return venture

    return make


@pytest.fixture
def q3():
    from silkbridge.outcomes.metrics import Scope

    return Scope(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


@pytest.fixture
def make_introduction(db, make_organisation):
    """An introduction both sides accepted at `accepted_at` (aware)."""
    from silkbridge.introductions.models import Introduction

    def make(accepted_at, *, org_a=None, org_b=None, status: str = "accepted"):
        n = next(_counter)
        org_a = org_a or make_organisation(f"Intro A {n}", country="KZ")
        org_b = org_b or make_organisation(f"Intro B {n}", country="PK")
        return Introduction.objects.create(
            org_a=org_a,
            org_b=org_b,
            origin="secretariat",
            status=status,
            a_response="accepted",
            b_response="accepted",
            accepted_at=accepted_at if status == "accepted" else None,
            expires_at=accepted_at + datetime.timedelta(days=14),
        )

    return make


@pytest.fixture
def make_meeting(db, make_organisation):
    """A B2B forum meeting between a KZ and a PK participant in a slot starting at `starts_at`."""
    from silkbridge.forums.models import Event, Meeting, Participant, Session, TimeSlot

    def make(starts_at, *, status: str = "held"):
        n = next(_counter)
        event = Event.objects.create(
            name=f"Forum {n}",
            slug=f"forum-{n}",
            starts_on=starts_at.date(),
            ends_on=starts_at.date(),
        )
        ends_at = starts_at + datetime.timedelta(minutes=30)
        session = Session.objects.create(
            event=event, name="Morning", starts_at=starts_at, ends_at=ends_at
        )
        slot = TimeSlot.objects.create(
            event=event, session=session, starts_at=starts_at, ends_at=ends_at
        )
        a = Participant.objects.create(
            event=event, organisation=make_organisation(f"Forum A {n}", country="KZ")
        )
        b = Participant.objects.create(
            event=event, organisation=make_organisation(f"Forum B {n}", country="PK")
        )
        return Meeting.objects.create(event=event, a=a, b=b, slot=slot, status=status)

    return make
