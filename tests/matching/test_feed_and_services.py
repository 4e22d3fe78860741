import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from silkbridge.matching import feed, services
from silkbridge.matching.models import Dismissal, IndexChange


def test_feed_builds_engine_inputs(world, organisation, other_organisation, fintech_terms):
    inputs = feed.build_inputs()
    profiles = {p.id: p for p in inputs.profiles}
    assert profiles[organisation.pk].country == "KZ"
    assert profiles[organisation.pk].sectors == ("fintech",)
    assert profiles[other_organisation.pk].technologies == ("payments",)
    assert profiles[other_organisation.pk].languages == ("en", "ur")
    items = {i.id: i for i in inputs.items}
    need = items[world["need"].pk]
    assert need.direction == "need" and need.owner_id == organisation.pk
    assert need.kind == "technology" and need.target_country == "PK"
    assert "open banking" in need.text and need.title == world["need"].title
    assert items[world["offer"].pk].direction == "offer"
    assert inputs.taxonomy_labels["sector:fintech"] == "Fintech"
    assert inputs.taxonomy_aliases["sector:fintech"] == ["Финтех"]


def test_feed_skips_closed_expired_and_merged(
    world, make_opportunity, organisation, make_organisation
):
    closed = make_opportunity(organisation, status="closed")
    expired = make_opportunity(
        organisation, expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    merged = make_organisation("Old name", country="PK")
    merged.merged_into = organisation
    merged.save()
    inputs = feed.build_inputs()
    item_ids = {i.id for i in inputs.items}
    assert closed.pk not in item_ids and expired.pk not in item_ids
    assert merged.pk not in {p.id for p in inputs.profiles}


def test_feed_history_is_accepted_introductions(accepted_intro, organisation, other_organisation):
    edges = feed.history()
    assert [(e.a, e.b, e.ref) for e in edges] == [
        (organisation.pk, other_organisation.pk, f"introduction:{accepted_intro.pk}")
    ]


def test_an_accepted_introduction_reaches_a_loaded_index_without_a_rebuild(
    world,
    member,
    organisation,
    other_organisation,
    make_user,
    django_capture_on_commit_callbacks,
):
    from silkbridge.introductions import services as intro

    index = services.get_index()
    assert not index._history.edges
    counterpart = make_user(organisation=other_organisation)
    introduction = intro.propose_introduction(
        actor=member, from_org=organisation, to_org=other_organisation
    )
    with django_capture_on_commit_callbacks(execute=True):
        intro.respond(
            actor=counterpart,
            introduction=introduction,
            organisation=other_organisation,
            accept=True,
        )
    assert IndexChange.objects.filter(target_kind="introduction", target_id=introduction.pk)
    refs = [e.ref for e in services.get_index()._history.edges]
    assert refs == [f"introduction:{introduction.pk}"]
    services.reset_index()  # another process replays the same entry on top of its build
    assert [e.ref for e in services.get_index()._history.edges] == refs


@pytest.fixture
def accepted_intro(member, organisation, other_organisation, make_user):
    from silkbridge.introductions import services as intro

    counterpart = make_user(organisation=other_organisation)
    introduction = intro.propose_introduction(
        actor=member, from_org=organisation, to_org=other_organisation
    )
    return intro.respond(
        actor=counterpart,
        introduction=introduction,
        organisation=other_organisation,
        accept=True,
    )


def test_partners_are_cross_border_and_ranked(world, organisation, other_organisation):
    ids = [s.target_id for s in services.partners_for(organisation.pk, 10)]
    assert ids[0] == other_organisation.pk
    assert world["peer"].pk not in ids and organisation.pk not in ids


def test_dismissal_is_stored_and_used(world, member, organisation, other_organisation):
    services.dismiss(
        actor=member,
        organisation=organisation,
        target_kind="organisation",
        target_id=other_organisation.pk,
        reason="already_in_contact",
        note="We met in Astana",
    )
    stored = Dismissal.objects.get()
    assert (stored.user, stored.reason, stored.note) == (
        member,
        "already_in_contact",
        "We met in Astana",
    )
    assert other_organisation.pk not in [
        s.target_id for s in services.partners_for(organisation.pk)
    ]


def test_dismiss_checks_permission_and_reason(
    world, outsider, member, organisation, other_organisation
):
    with pytest.raises(PermissionDenied):
        services.dismiss(
            actor=outsider,
            organisation=organisation,
            target_kind="organisation",
            target_id=other_organisation.pk,
            reason="other",
        )
    with pytest.raises(ValidationError):
        services.dismiss(
            actor=member,
            organisation=organisation,
            target_kind="organisation",
            target_id=other_organisation.pk,
            reason="bored",
        )
    assert not Dismissal.objects.exists()


def test_saved_index_is_loaded_and_changes_replayed(
    world, organisation, other_organisation, make_opportunity, django_capture_on_commit_callbacks
):
    call_command("build_match_index", stdout=io.StringIO())
    assert services.index_state() == services.IndexState.SAVED
    index = services.get_index()
    assert world["offer"].pk in index.items
    with django_capture_on_commit_callbacks(execute=True):
        new = make_opportunity(
            other_organisation,
            title="Open banking API sandbox",
            direction="offer",
            summary="We offer an open banking API sandbox.",
            target_country="KZ",
        )
    assert IndexChange.objects.filter(target_kind="opportunity", target_id=new.pk).exists()
    assert new.pk in services.get_index().items
    # Closing it goes through a conditional UPDATE (no signal), yet a new process replays the
    # journal entry of a later save and drops it.
    with django_capture_on_commit_callbacks(execute=True):
        new.status = "closed"
        new.save()
    services.reset_index()
    assert new.pk not in services.get_index().items


def test_no_saved_index_and_too_much_data(world, settings):
    settings.MATCHING_INPROCESS_MAX_ORGANISATIONS = 1
    with pytest.raises(services.IndexUnavailable):
        services.get_index()


def test_closing_through_the_service_reaches_a_loaded_index(
    world, member, django_capture_on_commit_callbacks
):
    """Closing is a conditional UPDATE (no post_save); the status signal still queues it."""
    from silkbridge.opportunities import services as opportunity_services

    need = world["need"]
    assert need.pk in services.get_index().items
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_services.close_opportunity(actor=member, opportunity=need)
    assert IndexChange.objects.filter(target_kind="opportunity", target_id=need.pk).exists()
    assert need.pk not in services.get_index().items


def test_a_large_index_merges_in_the_background_and_keeps_new_changes(
    world, other_organisation, make_opportunity, django_capture_on_commit_callbacks
):
    """Past the merge threshold the delta is merged by a background thread, not in the request
    that crossed it; the change that triggered it stays searchable throughout."""
    index = services.get_index()
    assert index.auto_compact is False
    services._live.merge_in_place_below = 0  # behave like an index of 100,000 organisations
    index._lexical.merge_always_below = 0
    index._lexical.merge_fraction = 0.0
    with django_capture_on_commit_callbacks(execute=True):
        new = make_opportunity(
            other_organisation,
            title="Open banking API sandbox",
            direction="offer",
            summary="We offer an open banking API sandbox.",
            target_country="KZ",
        )
    assert new.pk in services.get_index().items
    services.wait_for_background_work(timeout=60)
    assert not services._live.busy
    assert index._lexical.pending == 0  # merged into the main segment
    assert services.get_index() is index
    rows, _scores = index._lexical.retrieve(index._lexical.query_terms(["sandbox"]))
    assert len(rows) == 1  # the new offer's words are in the merged segment
