"""Two parties recording a stage at the same moment: one wins, the other is told, one row."""

import pytest

from silkbridge.ventures import services
from silkbridge.ventures.models import StageChange, Venture
from tests.concurrency import run_together

# Real transactions, on a database file when the suite runs on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]


def test_two_parties_moving_the_stage_at_once(make_venture, member, pk_member, days_ago):
    venture = make_venture()

    def move(actor, stage):
        def call():
            mine = Venture.objects.get(pk=venture.pk)
            return services.change_stage(
                actor=actor,
                venture=mine,
                to_stage=stage,
                changed_on=days_ago(1),
                expected_stage="introduced",
            )

        return call

    outcomes = run_together(move(member, "in_talks"), move(pk_member, "mou_signed"))
    conflicts = [o for o in outcomes if isinstance(o, services.StageConflict)]
    wins = [o for o in outcomes if isinstance(o, StageChange)]
    assert len(wins) == 1 and len(conflicts) == 1, outcomes
    venture.refresh_from_db()
    assert venture.stage == wins[0].to_stage
    assert StageChange.objects.filter(venture=venture).count() == 2
