"""Seeded generator of bilateral B2B events, shared by the tests and the benchmark.

Two sides (say buyers and suppliers) of equal size; each request goes from one side to the
other and its target is drawn by popularity (a heavy-tailed score), so a few participants are
asked by many; weights 1–3 (one "would like", two or three for "must meet"); each participant
is available for a share of the slots drawn from `availability` — half of them for one
contiguous window (arriving late or leaving early), half for scattered slots; one in ten sends
two representatives (capacity 2); a quarter of the requests accept a virtual room. Tables per
slot are `tables_factor` × requests / slots: 0.7 is tight, 2 is generous. With
`repeat_share`, that share of the requests is a second request of a pair already asked, in
the other room type (a table meeting and a virtual one) and with its own weight.
"""

from __future__ import annotations

import math
import random

from silkbridge.engines.scheduling.model import Participant, Problem, Request, Slot


def generate(
    participants: int,
    requests: int,
    slots: int,
    *,
    tables_factor: float = 0.7,
    availability: tuple[float, float] = (0.5, 1.0),
    virtual_share: float = 0.1,
    repeat_share: float = 0.0,
    seed: int = 0,
    time_limit: float = 30.0,
    mode: str = "heuristic",
) -> Problem:
    """A random event; the same arguments give the same Problem."""
    rng = random.Random(seed)  # noqa: S311 - seeded test data, not secrets
    sessions = 2 if slots >= 8 else 1
    per_session = math.ceil(slots / sessions)
    tables = max(1, math.ceil(tables_factor * requests / slots))
    virtual = math.ceil(virtual_share * tables)
    slot_list = tuple(
        Slot(id=100 + i, order=i, session=i // per_session, tables=tables, virtual=virtual)
        for i in range(slots)
    )
    slot_ids = [s.id for s in slot_list]
    people = []
    for p in range(participants):
        share = rng.uniform(*availability)
        n = max(1, round(share * slots))
        if rng.random() < 0.5:
            first = rng.randrange(slots - n + 1)
            chosen = slot_ids[first : first + n]
        else:
            chosen = rng.sample(slot_ids, n)
        people.append(
            Participant(
                id=1000 + p,
                available=frozenset(chosen),
                capacity=2 if rng.random() < 0.1 else 1,
            )
        )
    side = [people[: participants // 2], people[participants // 2 :]]
    popularity = [[rng.paretovariate(1.5) for _ in group] for group in side]
    seen: set[tuple[int, int]] = set()
    repeated: set[int] = set()
    reqs = []
    attempts = 0
    while len(reqs) < requests and attempts < requests * 50:
        attempts += 1
        if repeat_share and reqs and rng.random() < repeat_share:
            first = reqs[rng.randrange(len(reqs))]
            if first.id in repeated:
                continue
            repeated.add(first.id)
            again = Request(
                id=len(reqs) + 1,
                a=first.b,
                b=first.a,
                weight=float(rng.choice((1, 2, 3))),
                virtual_ok=first.physical_ok,
                physical_ok=not first.physical_ok,
            )
            key = (again.weight, again.virtual_ok, again.physical_ok)
            if key != (first.weight, first.virtual_ok, first.physical_ok):
                repeated.add(again.id)
                reqs.append(again)
            continue
        asking = rng.randrange(2)
        a = rng.choice(side[asking]).id
        b = rng.choices(side[1 - asking], weights=popularity[1 - asking])[0].id
        if (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        virtual_ok = rng.random() < 0.25
        reqs.append(
            Request(
                id=len(reqs) + 1,
                a=a,
                b=b,
                weight=float(rng.choices((1, 2, 3), weights=(5, 3, 2))[0]),
                virtual_ok=virtual_ok,
                physical_ok=not virtual_ok or rng.random() < 0.8,
            )
        )
    return Problem(
        slots=slot_list,
        participants=tuple(people),
        requests=tuple(reqs),
        seed=seed,
        time_limit=time_limit,
        mode=mode,
    )
