"""Two parties recording a stage at the same moment: one wins, the other is told, one row."""

import threading

import pytest
from django.db import connection

from silkbridge.ventures import services
from silkbridge.ventures.models import StageChange, Venture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def real_database_file(transactional_db, tmp_path):
    """On SQLite, a migrated database file, so the writers queue as in production (the test
    run's shared-cache in-memory database fails a second writer at once instead)."""
    from django.core.management import call_command
    from django.db import connections

    if connections["default"].vendor != "sqlite":
        yield
        return
    memory_connection = connections["default"]
    memory_settings = connections.settings["default"]
    connections.settings["default"] = {
        **memory_settings,
        "NAME": str(tmp_path / "concurrency.sqlite3"),
    }
    connections["default"] = connections.create_connection("default")
    try:
        call_command("migrate", verbosity=0)
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = memory_settings
        connections["default"] = memory_connection


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


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
