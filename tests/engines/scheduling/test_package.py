"""The engine's public surface (its independence from Django: tests/engines/test_no_django.py)."""

import silkbridge.engines.scheduling as scheduling


def test_public_api_is_the_contract():
    assert set(scheduling.__all__) == {
        "MODES",
        "UNPLACED_REASONS",
        "Fixed",
        "InvalidProblem",
        "Participant",
        "Placement",
        "Problem",
        "QualityReport",
        "Request",
        "Schedule",
        "Slot",
        "Unplaced",
        "schedule",
        "upper_bound",
        "violations",
    }
    assert len(scheduling.__all__) == 15
    assert scheduling.UNPLACED_REASONS == (
        "no_common_slot",
        "meeting_cap",
        "slots_full",
        "outweighed",
        "invalid",
    )
    assert issubclass(scheduling.InvalidProblem, ValueError)
