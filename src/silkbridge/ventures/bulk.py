"""Many ventures with stage histories, written with bulk inserts, for the dashboard benchmark.

`generate_bulk_ventures(50_000)` takes well under a minute: rows are built in memory and inserted
a few thousand at a time; nothing is audited or notified.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from silkbridge.directory.models import Organisation, OrganisationKind, Term, Vocabulary
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

BATCH = 5000
BULK_KINDS = list(VentureKind.values)
BULK_CURRENCIES = ["USD", "KZT", "PKR", "EUR"]


def _bulk_organisations(rng: random.Random) -> dict[str, list[int]]:
    by_country: dict[str, list[int]] = {}
    for country in settings.SILKBRIDGE_COUNTRIES:
        ids = list(
            Organisation.objects.filter(country=country, merged_into__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:200_000]
        )
        if not ids:
            made = Organisation.objects.bulk_create(
                Organisation(
                    name=f"Benchmark partner {country} {n}",
                    slug=f"benchmark-partner-{country.lower()}-{n}-{rng.randrange(10**9)}",
                    kind=OrganisationKind.COMPANY,
                    country=country,
                    is_demo=True,
                )
                for n in range(50)
            )
            ids = [o.pk for o in made]
        by_country[country] = ids
    return by_country


def _bulk_moves(rng: random.Random, start: date, today: date) -> list[tuple[str, date]]:
    """2–5 stage changes from "introduced", forward in time, never after today."""
    count = rng.randint(2, 5)
    moves = [(S.INTRODUCED.value, start)]
    rank = 0
    day = start
    for _ in range(count - 1):
        day = min(today, day + timedelta(days=rng.randint(5, 120)))
        if rank >= len(STAGE_PATH) - 1:
            break
        roll = rng.random()
        if roll < 0.08:
            moves.append((S.STALLED.value, day))
            break
        if roll < 0.13:
            moves.append((S.DROPPED.value, day))
            break
        rank = min(len(STAGE_PATH) - 1, rank + rng.choice((1, 1, 1, 2)))
        moves.append((STAGE_PATH[rank].value, day))
    return moves


def _adapter(field) -> Callable[[Any], Any]:
    """How a value of `field` is sent to the database, as Django would send it."""
    ops = connection.ops
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return ops.adapt_datetimefield_value
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if internal == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def _insert(model, rows: list[dict[str, Any]]) -> None:
    """One INSERT executed for many rows: Django's per-object work is what makes bulk_create
    slow at this size, so the rows are plain dicts keyed by field name."""
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Names come from the model, values go as parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    adapters = [_adapter(field) for field in fields]
    values = [
        [adapt(row[name]) for adapt, name in zip(adapters, names, strict=True)] for row in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than many INSERTs on PostgreSQL.
            copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, values)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def generate_bulk_ventures(count: int, *, seed: int = 0) -> int:
    """Write `count` ventures with 2–5 stage changes each, parties from both countries, sectors
    and values, with bulk inserts; returns how many were written."""
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    today = timezone.localdate()
    now = timezone.now()
    orgs = _bulk_organisations(rng)
    countries = list(orgs)
    sectors = list(Term.objects.filter(vocabulary=Vocabulary.SECTOR).values_list("pk", flat=True))
    groups = _group_ids()
    rates = {rate.currency: rate.usd_per_unit for rate in current_rates()}
    currencies = [c for c in BULK_CURRENCIES if c in rates]
    sector_link = Venture.sectors.through
    next_id = (Venture.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        ventures, parties, changes, links = [], [], [], []
        for n in range(size):
            venture_id = next_id + written + n
            start = today - timedelta(days=rng.randint(0, 730))
            moves = _bulk_moves(rng, start, today)
            kind = rng.choice(BULK_KINDS)
            academic = kind in ACADEMIC_KINDS
            amount = code = rate = usd = None
            if currencies and rng.random() < 0.6:
                code = rng.choice(currencies)
                amount = Decimal(rng.randint(10, 5000) * 1000)
                if code in ("KZT", "PKR"):
                    amount *= 300
                rate = rates[code]
                usd = to_usd(amount, rate)
            signed_on, contracted_on = first_dates(moves)
            ventures.append(
                {
                    "id": venture_id,
                    "title": f"Benchmark venture {seed}-{written + n}",
                    "summary": "",
                    "kind": kind,
                    "stage": moves[-1][0],
                    "origin": VentureOrigin.MANUAL.value,
                    "origin_label": "",
                    "working_group": (
                        rng.choice(groups) if groups and rng.random() < 0.4 else None
                    ),
                    "value_amount": amount,
                    "value_currency": code or "",
                    "usd_rate": rate,
                    "value_usd": usd,
                    "jobs_created": rng.choice((0, 0, 1, 3, 5, 12, 40)),
                    "people_exchanged": rng.randint(0, 30) if academic else 0,
                    "confidential": rng.random() < 0.15,
                    "started_on": start,
                    "stage_changed_at": _noon(moves[-1][1]),
                    "first_signed_on": signed_on,
                    "first_contracted_on": contracted_on,
                    "seats": rng.randint(5, 60) if academic else None,
                    "intake_dates": [f"{today.year + 1}-09-01"] if academic else None,
                    "fields_of_study": "",
                    "is_demo": True,
                    "created_at": _noon(start),
                    "updated_at": now,
                }
            )
            party_ids = [rng.choice(orgs[c]) for c in countries]
            if rng.random() < 0.25:
                extra = rng.choice(orgs[rng.choice(countries)])
                if extra not in party_ids:
                    party_ids.append(extra)
            for i, org_id in enumerate(party_ids):
                role = PartyRole.LEAD.value if i == 0 else PartyRole.PARTNER.value
                parties.append(
                    {
                        "venture": venture_id,
                        "organisation": org_id,
                        "role": role,
                        "public_story": False,
                    }
                )
            previous = ""
            for stage, day in moves:
                changes.append(
                    {
                        "venture": venture_id,
                        "from_stage": previous,
                        "to_stage": stage,
                        "changed_on": day,
                        "reason": "",
                        "created_at": _noon(day),
                    }
                )
                previous = stage
            if sectors:
                for term_id in rng.sample(sectors, k=min(len(sectors), rng.randint(1, 2))):
                    links.append({"venture": venture_id, "term": term_id})
        with transaction.atomic():
            _insert(Venture, ventures)
            _insert(VentureParty, parties)
            _insert(StageChange, changes)
            _insert(sector_link, links)
        written += size
    # Ids were given explicitly; PostgreSQL's sequence must move past them.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Venture]):
            cursor.execute(sql)
    return written


def _group_ids() -> list[int]:
    from django.apps import apps

    model = apps.get_model("workspace", "WorkingGroup")
    return list(model.objects.values_list("pk", flat=True)[:100])
