"""An independent check of a schedule against every hard constraint (used by tests and the
platform before it saves hand-made changes)."""

from __future__ import annotations

from collections.abc import Iterable

from silkbridge.engines.scheduling.model import Placement, Problem


def violations(problem: Problem, placements: Iterable[Placement]) -> list[str]:
    """Every hard constraint the placements break, in words; [] when the schedule is valid.

    A physical meeting may have no table number yet (table None); numbers given must be
    within 1..tables and distinct in their slot.
    """
    slots = {s.id: s for s in problem.slots}
    people = {p.id: p for p in problem.participants}
    requests = {r.id: r for r in problem.requests}
    out: list[str] = []
    seen: set[int] = set()
    busy: dict[tuple[int, int], int] = {}
    count: dict[int, int] = {}
    physical: dict[int, int] = {}
    virtual: dict[int, int] = {}
    tables: dict[tuple[int, int], int] = {}
    placed: dict[int, Placement] = {}
    for pl in placements:
        name = f"request {pl.request}"
        req = requests.get(pl.request)
        slot = slots.get(pl.slot)
        if req is None:
            out.append(f"{name}: unknown request")
            continue
        if slot is None:
            out.append(f"{name}: unknown slot {pl.slot}")
            continue
        if pl.request in seen:
            out.append(f"{name}: placed more than once")
            continue
        seen.add(pl.request)
        placed[pl.request] = pl
        a, b = people.get(req.a), people.get(req.b)
        if a is None or b is None or req.a == req.b or not req.weight > 0:
            out.append(f"{name}: the request is invalid")
            continue
        for person in (a, b):
            if pl.slot not in person.available:
                out.append(f"{name}: participant {person.id} is not available in slot {pl.slot}")
            busy[person.id, pl.slot] = busy.get((person.id, pl.slot), 0) + 1
            count[person.id] = count.get(person.id, 0) + 1
        if pl.virtual:
            if not req.virtual_ok:
                out.append(f"{name}: may not be held virtually")
            if pl.table is not None:
                out.append(f"{name}: a virtual meeting has a table")
            virtual[pl.slot] = virtual.get(pl.slot, 0) + 1
        else:
            if not req.physical_ok:
                out.append(f"{name}: may not be held at a table")
            physical[pl.slot] = physical.get(pl.slot, 0) + 1
            if pl.table is not None:
                if not 1 <= pl.table <= slot.tables:
                    out.append(f"{name}: slot {pl.slot} has no table {pl.table}")
                key = (pl.slot, pl.table)
                tables[key] = tables.get(key, 0) + 1
                if tables[key] == 2:
                    out.append(f"slot {pl.slot}: table {pl.table} is used twice")
    for (pid, sid), n in sorted(busy.items()):
        if n > people[pid].capacity:
            out.append(f"participant {pid} has {n} meetings in slot {sid}")
    for pid, n in sorted(count.items()):
        cap = people[pid].max_meetings
        if cap is not None and n > cap:
            out.append(f"participant {pid} has {n} meetings, over its cap of {cap}")
    for sid, n in sorted(physical.items()):
        if n > slots[sid].tables:
            out.append(f"slot {sid} has {n} meetings at tables, {slots[sid].tables} tables")
    for sid, n in sorted(virtual.items()):
        if n > slots[sid].virtual:
            out.append(f"slot {sid} has {n} virtual meetings, {slots[sid].virtual} rooms")
    for fix in problem.fixed:
        pl = placed.get(fix.request)
        if (
            pl is None
            or pl.slot != fix.slot
            or pl.virtual != fix.virtual
            or (fix.table is not None and pl.table != fix.table)
        ):
            out.append(f"request {fix.request}: the fixed meeting was not kept as given")
    return out
