"""Many processes, one index: a saved generation is memory-mapped, a newer one reaches running
processes, and a bulk import's journal is swapped in from a fresh index built aside."""

from __future__ import annotations

import json

import pytest

from silkbridge.engines.matching import generations
from silkbridge.matching import services
from silkbridge.matching.models import IndexChange

pytestmark = pytest.mark.django_db(transaction=True)  # the refresh thread reads the database


def _results(index, org_ids) -> list:
    return [
        [(s.target_id, s.score) for s in index.partners_for(org, k=20)] for org in sorted(org_ids)
    ]


def test_a_saved_index_is_mapped_and_a_newer_generation_reaches_a_running_process(world):
    first = services.save_index(*services.build_index())
    index = services.get_index()
    assert index.source == first
    assert not index._lexical._main.data.flags.owndata  # a view of the mapped file
    # A nightly rebuild in another process saves a new generation...
    second = services.save_index(*services.build_index())
    services.get_index()
    services.wait_for_background_work(timeout=60)
    # ...and this process swaps to it on its next query, without a restart.
    assert services.get_index().source == second


def test_a_bulk_import_is_swapped_in_from_a_saved_fresh_index_not_replayed(
    world, make_organisation, monkeypatch
):
    monkeypatch.setattr(services, "REBUILD_BACKLOG", 10)
    first = services.save_index(*services.build_index())
    old = services.get_index()
    live = services._live
    # Another process imports 12 organisations: their journal entries wait for this one.
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(services, "_live", None)
        imported = [
            make_organisation(
                f"Import {n}", country="PK", description="Payment gateway integration."
            )
            for n in range(12)
        ]
    assert IndexChange.objects.count() >= 12
    services.get_index()  # starts the refresh; queries go on meanwhile
    services.wait_for_background_work(timeout=60)
    fresh = services.get_index()
    assert fresh is not old
    assert {o.pk for o in imported} <= set(fresh.profiles)
    assert not {o.pk for o in imported} & set(old.profiles)  # never replayed into the old one
    assert live.seq == IndexChange.objects.latest("pk").pk
    # The fresh index was saved for the other processes, which load it instead of building.
    saved = generations.current(services.index_dir())
    assert saved != first and fresh.source == saved
    assert generations.read_meta(saved)["change_seq"] == live.seq
    rebuilt, _seq = services.build_index()
    assert _results(fresh, rebuilt.profiles) == _results(rebuilt, rebuilt.profiles)


def test_a_generation_saved_by_an_older_version_is_rebuilt_not_an_error(world):
    folder = services.save_index(*services.build_index())
    header = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    header["format"] -= 1  # as an older version wrote it
    (folder / "index.json").write_text(json.dumps(header), encoding="utf-8")
    assert services.index_state() == services.IndexState.BUILDABLE  # /readyz: not "saved"
    index = services.get_index()  # a small directory: built in process
    assert index.source is None
    rebuilt, _seq = services.build_index()
    assert _results(index, rebuilt.profiles) == _results(rebuilt, rebuilt.profiles)
