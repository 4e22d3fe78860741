"""Small scheduling problems, a brute-force optimum to check them against, and hypothesis
strategies for random tiny events."""

from __future__ import annotations

from hypothesis import strategies as st

from silkbridge.engines.scheduling import Participant, Placement, Problem, Request, Slot


def slot(id_, order=None, *, tables=1, virtual=0, session=0) -> Slot:
    return Slot(
        id=id_,
        order=id_ if order is None else order,
        session=session,
        tables=tables,
        virtual=virtual,
    )


def person(id_, available, capacity=1, max_meetings=None) -> Participant:
    return Participant(
        id=id_, available=frozenset(available), capacity=capacity, max_meetings=max_meetings
    )


def brute_force(problem: Problem) -> float:
    """Best total weight of any valid schedule, by exhaustive search (tiny problems only)."""
    slots = {s.id: s for s in problem.slots}
    people = {p.id: p for p in problem.participants}
    fixed = {f.request: f for f in problem.fixed}
    valid = [
        r
        for r in problem.requests
        if r.a in people
        and r.b in people
        and r.a != r.b
        and r.weight > 0
        and (r.physical_ok or r.virtual_ok)
    ]
    busy: dict[tuple[int, int], int] = {}
    count: dict[int, int] = {}
    rooms: dict[tuple[int, bool], int] = {}
    best = [0.0]

    def options(r):
        if r.id in fixed:
            f = fixed[r.id]
            return [(f.slot, f.virtual)]
        out = [None]
        for s in slots.values():
            if s.id in people[r.a].available and s.id in people[r.b].available:
                if r.physical_ok and s.tables:
                    out.append((s.id, False))
                if r.virtual_ok and s.virtual:
                    out.append((s.id, True))
        return out

    def fits(r, s_id, virtual) -> bool:
        s = slots[s_id]
        limit = s.virtual if virtual else s.tables
        if rooms.get((s_id, virtual), 0) >= limit:
            return False
        for p in (people[r.a], people[r.b]):
            if busy.get((p.id, s_id), 0) >= p.capacity:
                return False
            if p.max_meetings is not None and count.get(p.id, 0) >= p.max_meetings:
                return False
        return True

    def change(r, s_id, virtual, step):
        rooms[s_id, virtual] = rooms.get((s_id, virtual), 0) + step
        for p in (r.a, r.b):
            busy[p, s_id] = busy.get((p, s_id), 0) + step
            count[p] = count.get(p, 0) + step

    def search(i: int, total: float) -> None:
        if i == len(valid):
            best[0] = max(best[0], total)
            return
        r = valid[i]
        for option in options(r):
            if option is None:
                search(i + 1, total)
            elif fits(r, *option):
                change(r, *option, 1)
                search(i + 1, total + r.weight)
                change(r, *option, -1)

    search(0, 0.0)
    return best[0]


@st.composite
def problems(draw, max_requests: int = 6, mode: str = "heuristic") -> Problem:
    """Random tiny events, including odd ones: invalid requests, zero tables, caps of 0."""
    n_slots = draw(st.integers(1, 3))
    slot_list = tuple(
        Slot(
            id=10 + i,
            order=i,
            session=draw(st.integers(0, 1)) if i else 0,
            tables=draw(st.integers(0, 2)),
            virtual=draw(st.integers(0, 1)),
        )
        for i in range(n_slots)
    )
    ids = [s.id for s in slot_list]
    n_people = draw(st.integers(2, 5))
    people = tuple(
        Participant(
            id=100 + p,
            available=frozenset(draw(st.lists(st.sampled_from(ids), max_size=n_slots))),
            capacity=draw(st.sampled_from([1, 1, 2])),
            max_meetings=draw(st.sampled_from([None, None, 0, 1, 2])),
        )
        for p in range(n_people)
    )
    pids = [p.id for p in people]
    n_req = draw(st.integers(0, max_requests))
    requests = []
    entries = set()
    for r in range(n_req):
        a = draw(st.sampled_from(pids))
        b = draw(st.sampled_from([*pids, 999] if draw(st.integers(0, 9)) == 0 else pids))
        request = Request(
            id=r + 1,
            a=a,
            b=b,
            weight=draw(st.sampled_from([1.0, 1.0, 2.0, 3.0, 0.5])),
            virtual_ok=draw(st.booleans()),
            physical_ok=draw(st.sampled_from([True, True, False])),
        )
        # A pair may repeat with other weights or rooms; an identical entry is refused.
        entry = (min(a, b), max(a, b), request.weight, request.virtual_ok, request.physical_ok)
        if a == b or entry not in entries:
            entries.add(entry)
            requests.append(request)
    return Problem(
        slots=slot_list,
        participants=people,
        requests=tuple(requests),
        seed=draw(st.integers(0, 3)),
        time_limit=10.0,
        mode=mode,
    )


def key(schedule) -> tuple:
    """Everything of a schedule except the time it took."""
    report = schedule.report
    return (
        schedule.placements,
        schedule.unplaced,
        (report.total_weight, report.placed, report.upper_bound, report.optimal, report.method),
    )


def placement(request, slot_id, table=None, virtual=False) -> Placement:
    return Placement(request=request, slot=slot_id, table=table, virtual=virtual)
