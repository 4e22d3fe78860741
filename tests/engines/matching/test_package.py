"""The engine's public surface (its independence from Django: tests/engines/test_no_django.py)."""

import silkbridge.engines.matching as matching


def test_public_api_is_exactly_what_all_lists():
    assert sorted(matching.__all__) == [
        "DelegationResult",
        "HistoryEdge",
        "Item",
        "MatchIndex",
        "Profile",
        "Reason",
        "Rules",
        "Suggestion",
        "Weights",
    ]
    for name in matching.__all__:
        assert getattr(matching, name)
