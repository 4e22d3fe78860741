"""The engine's public surface (its independence from Django: tests/engines/test_no_django.py)."""

import silkbridge.engines.allocation as allocation


def test_public_api_is_exactly_what_all_lists():
    assert sorted(allocation.__all__) == [
        "Allocation",
        "Applicant",
        "InvalidProblem",
        "MAX_CHOICES",
        "Outcome",
        "Place",
        "PlaceResult",
        "Problem",
        "REFUSAL_REASONS",
        "Refusal",
        "allocate",
    ]
    for name in allocation.__all__:
        assert getattr(allocation, name)
