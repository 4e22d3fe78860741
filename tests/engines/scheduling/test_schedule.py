"""What an organiser relies on: reasons, rooms, tables, teams, fairness and short agendas."""

from silkbridge.engines.scheduling import Fixed, Problem, Request, schedule, violations
from tests.engines.scheduling.conftest import person, slot


def solve(slots, people, requests, fixed=(), **options):
    problem = Problem(tuple(slots), tuple(people), tuple(requests), tuple(fixed), **options)
    result = schedule(problem)
    assert violations(problem, result.placements) == []
    return result


def reasons(result) -> dict[int, str]:
    return {u.request: u.reason for u in result.unplaced}


def where(result) -> dict[int, tuple]:
    return {p.request: (p.slot, p.table, p.virtual) for p in result.placements}


def test_no_common_slot_and_meeting_cap_are_told_apart():
    result = solve(
        [slot(1, tables=5), slot(2, tables=5)],
        [person(1, {1}), person(2, {2}), person(3, {1, 2}, max_meetings=1), person(4, {1, 2})],
        [Request(10, 1, 2), Request(11, 3, 4, weight=2), Request(12, 3, 1)],
    )
    assert reasons(result) == {10: "no_common_slot", 12: "meeting_cap"}
    assert 11 in where(result)


def test_heavier_meetings_outweigh_a_lighter_one_for_the_last_table():
    result = solve(
        [slot(1, tables=1)],
        [person(1, {1}), person(2, {1}), person(3, {1}), person(4, {1})],
        [Request(10, 1, 2, weight=1), Request(11, 3, 4, weight=3)],
    )
    assert list(where(result)) == [11]
    assert reasons(result) == {10: "outweighed"}
    assert result.report.optimal


def test_a_slot_full_of_fixed_meetings_is_reported_full():
    people = [person(1, {1}), person(2, {1}), person(3, {1}), person(4, {1})]
    result = solve(
        [slot(1, tables=1)],
        people,
        [Request(10, 1, 2, weight=3), Request(11, 3, 4, weight=1)],
        fixed=[Fixed(11, 1, table=1)],
    )
    assert where(result) == {11: (1, 1, False)}
    assert reasons(result) == {10: "slots_full"}


def test_virtual_rooms_take_what_tables_cannot():
    result = solve(
        [slot(1, tables=1, virtual=1)],
        [person(p, {1}) for p in range(1, 5)],
        [Request(11, 3, 4, virtual_ok=True), Request(10, 1, 2)],  # either; tables only
    )
    assert where(result) == {10: (1, 1, False), 11: (1, None, True)}


def test_a_virtual_only_request_without_virtual_rooms_has_no_common_slot():
    result = solve(
        [slot(1, tables=3)],
        [person(1, {1}), person(2, {1})],
        [Request(10, 1, 2, virtual_ok=True, physical_ok=False)],
    )
    assert reasons(result) == {10: "no_common_slot"}


def test_a_team_of_two_holds_two_meetings_in_the_same_slot():
    result = solve(
        [slot(1, tables=2)],
        [person(1, {1}, capacity=2), person(2, {1}), person(3, {1})],
        [Request(10, 1, 2), Request(11, 1, 3)],
    )
    assert {r: s[0] for r, s in where(result).items()} == {10: 1, 11: 1}
    assert sorted(t for _s, t, _v in where(result).values()) == [1, 2]


def test_table_numbers_keep_fixed_ones_and_fill_the_rest():
    result = solve(
        [slot(1, tables=3)],
        [person(p, {1}) for p in range(1, 7)],
        [Request(10, 1, 2), Request(11, 3, 4), Request(12, 5, 6)],
        fixed=[Fixed(12, 1, table=2)],
    )
    assert where(result) == {10: (1, 1, False), 11: (1, 3, False), 12: (1, 2, False)}


def test_the_slot_choice_leaves_room_for_everyone():
    # 2 and 4 can only meet in slot 1, so 1 must meet 3 in slot 2; any seed finds it.
    for seed in range(4):
        result = solve(
            [slot(1, tables=5), slot(2, tables=5)],
            [person(1, {1, 2}), person(2, {1}), person(3, {1, 2}), person(4, {1})],
            [Request(10, 1, 2), Request(11, 4, 2), Request(12, 1, 3)],
            seed=seed,
        )
        assert result.report.total_weight == 2
        assert result.report.participants_without_meetings == 0
        assert result.report.participants_with_meetings == 4


def test_fairness_pass_gives_a_first_meeting_at_no_cost():
    # 1 can meet 2 or 3 in slot 1 only; 3 also meets 4 in slot 2. Weight 2 either way, but
    # only {10, 12} leaves nobody without a meeting.
    result = solve(
        [slot(1, tables=5), slot(2, tables=5)],
        [person(1, {1}), person(2, {1}), person(3, {1, 2}), person(4, {2})],
        [Request(11, 1, 3), Request(10, 1, 2), Request(12, 3, 4)],
    )
    assert set(where(result)) == {10, 12}
    assert result.report.participants_without_meetings == 0


def test_agendas_have_no_needless_gaps():
    result = solve(
        [slot(s, tables=10) for s in range(1, 7)],
        [person(1, set(range(1, 7)))] + [person(p, set(range(1, 7))) for p in (2, 3, 4)],
        [Request(10, 1, 2), Request(11, 1, 3), Request(12, 1, 4)],
    )
    slots = sorted(s for s, _t, _v in where(result).values())
    assert slots[-1] - slots[0] == 2
    assert result.report.mean_idle_slots == 0


def test_a_gap_across_a_break_or_an_absence_is_not_idle_time():
    people = [person(1, {1, 2, 3}), person(2, {1}), person(3, {3})]
    requests = [Request(10, 1, 2), Request(11, 1, 3)]
    one_session = solve([slot(1), slot(2), slot(3)], people, requests)
    with_break = solve([slot(1), slot(2), slot(3, session=1)], people, requests)
    away_in_slot_2 = solve([slot(1), slot(2), slot(3)], [person(1, {1, 3}), *people[1:]], requests)
    assert one_session.report.mean_idle_slots == round(1 / 3, 3)
    assert with_break.report.mean_idle_slots == 0
    assert away_in_slot_2.report.mean_idle_slots == 0


def test_unplaced_and_placed_cover_every_request_in_input_order():
    result = solve(
        [slot(1, tables=1)],
        [person(1, {1}), person(2, {1}), person(3, {1})],
        [Request(30, 1, 2), Request(20, 1, 3), Request(10, 2, 2)],
    )
    assert [u.request for u in result.unplaced] == [20, 10]
