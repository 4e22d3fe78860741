"""The talent suggestions engine: other country only, reasons for every point, stable order."""

from silkbridge.engines.talent_match import (
    REASON_CODES,
    Applicant,
    Institution,
    InternshipOffer,
    cefr_meets,
    field_points,
    suggest_applicants,
    suggest_internships,
    suggest_partners,
)


def codes(suggestion):
    return [reason.code for reason in suggestion.reasons]


def test_same_narrow_field_outscores_same_broad_field():
    assert field_points("0613", "0612") == 3
    assert field_points("0613", "0688") == 1
    assert field_points("0613", "0411") == 0


def test_cefr_level_meets_only_at_or_above_the_requirement():
    assert cefr_meets("C1", "B2")
    assert cefr_meets("B2", "B2")
    assert not cefr_meets("B1", "B2")
    assert not cefr_meets("", "B2")


def test_partners_are_only_of_the_other_country_and_carry_their_reasons():
    home = Institution(1, "KZ", frozenset({"0613"}), frozenset({"en", "ru"}))
    same_country = Institution(2, "KZ", frozenset({"0613"}), frozenset({"en", "ru"}))
    close = Institution(3, "PK", frozenset({"0612"}), frozenset({"en"}))
    broad = Institution(4, "PK", frozenset({"0688"}), frozenset())
    unrelated = Institution(5, "PK", frozenset({"0411"}), frozenset({"ur"}))

    result = suggest_partners(home, [same_country, close, broad, unrelated])

    assert [s.id for s in result] == [3, 4]
    assert codes(result[0]) == ["same_field", "shared_languages"]
    assert result[0].reasons[1].values == ("en",)
    assert codes(result[1]) == ["same_broad_field"]


def test_history_counts_past_mobilities_and_partners_of_peers():
    home = Institution(1, "KZ", partners=frozenset({10}), exchanged_with=frozenset({10}))
    peer = 2  # another Kazakh institution that also works with 10
    partner = Institution(10, "PK", partners=frozenset({1, peer}))
    peers_partner = Institution(11, "PK", partners=frozenset({peer}))
    stranger = Institution(12, "PK")

    result = suggest_partners(home, [partner, peers_partner, stranger])

    assert [s.id for s in result] == [10, 11]
    assert codes(result[0]) == ["existing_agreement", "past_mobilities"]
    assert codes(result[1]) == ["partner_of_peer"]
    assert result[1].reasons[0].values == ("2",)


def test_ties_are_ordered_by_id_whatever_the_input_order():
    home = Institution(1, "KZ", frozenset({"0613"}))
    others = [Institution(i, "PK", frozenset({"0613"})) for i in (9, 3, 7)]

    assert [s.id for s in suggest_partners(home, others)] == [3, 7, 9]
    assert [s.id for s in suggest_partners(home, list(reversed(others)), limit=2)] == [3, 7]


def offer(**overrides):
    values = dict(
        id=1,
        host_id=50,
        host_country="PK",
        for_country="KZ",
        subject_area="0613",
        language="en",
        language_level="B2",
        skills=frozenset({"Python", "Django"}),
    )
    values.update(overrides)
    return InternshipOffer(**values)


def applicant(**overrides):
    values = dict(
        id=7,
        home_institution_id=1,
        country="KZ",
        subject_area="0613",
        languages={"en": "C1"},
        skills=frozenset({"Python"}),
    )
    values.update(overrides)
    return Applicant(**values)


def test_internships_need_the_applicants_country_and_another_host_country():
    student = applicant()
    fits = offer(id=1)
    for_pakistanis = offer(id=2, for_country="PK")
    host_at_home = offer(id=3, host_country="KZ")

    result = suggest_internships(student, [host_at_home, for_pakistanis, fits])

    assert [s.id for s in result] == [1]
    assert codes(result[0]) == ["same_field", "language_level_met", "shared_skills"]
    assert result[0].score == 3 + 2 + 1


def test_a_language_level_below_the_requirement_earns_nothing_and_unknown_level_a_little():
    below = suggest_internships(applicant(languages={"en": "A2"}), [offer()])[0]
    unknown = suggest_internships(applicant(languages={"en": ""}), [offer()])[0]

    assert "language_level_met" not in codes(below)
    assert "language_shared" not in codes(below)
    assert "language_shared" in codes(unknown)
    assert unknown.score == below.score + 1


def test_a_host_the_home_institution_sent_people_to_is_a_reason():
    result = suggest_internships(applicant(past_hosts=frozenset({50})), [offer()])

    assert "host_history" in codes(result[0])


def test_nothing_in_common_is_no_suggestion():
    stranger = applicant(subject_area="0411", languages={}, skills=frozenset())

    assert suggest_internships(stranger, [offer()]) == []


def test_applicants_for_a_host_are_ranked_by_fit_with_ids_of_applicants():
    best = applicant(id=3)
    weaker = applicant(id=1, languages={}, skills=frozenset())
    other_country = applicant(id=2, country="PK")

    result = suggest_applicants(offer(), [weaker, other_country, best])

    assert [s.id for s in result] == [3, 1]
    assert all(s.reasons for s in result)


def test_every_reason_given_is_a_known_code():
    home = Institution(1, "KZ", frozenset({"0613"}), frozenset({"en"}), frozenset({10}))
    partner = Institution(10, "PK", frozenset({"0688"}), frozenset({"en"}), frozenset({1, 2}))
    peers_partner = Institution(11, "PK", partners=frozenset({2}))
    given = {
        reason.code
        for suggestion in suggest_partners(home, [partner, peers_partner])
        + suggest_internships(applicant(past_hosts=frozenset({50})), [offer()])
        for reason in suggestion.reasons
    }

    assert given <= set(REASON_CODES)
