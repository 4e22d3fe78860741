"""Demo ventures and the benchmark generator produce data the dashboard can trust: parties from
both countries, histories in order and never in the future, the stage the history ends at."""

import datetime
import itertools

import pytest
from django.db.models import Count, Max, Min
from django.utils import timezone

from silkbridge.ventures.demo import create_demo_ventures, generate_bulk_ventures
from silkbridge.ventures.models import StageChange, Venture, VentureParty

pytestmark = pytest.mark.django_db


def _check_histories() -> None:
    today = timezone.localdate()
    for venture in Venture.objects.prefetch_related("stage_changes", "parties__organisation"):
        changes = sorted(venture.stage_changes.all(), key=lambda c: (c.changed_on, c.pk))
        assert changes[0].from_stage == "" and changes[0].to_stage == "introduced"
        assert changes[-1].to_stage == venture.stage
        assert all(a.changed_on <= b.changed_on for a, b in itertools.pairwise(changes))
        assert changes[-1].changed_on <= today
        assert all(b.from_stage == a.to_stage for a, b in itertools.pairwise(changes))
        countries = {str(p.organisation.country) for p in venture.parties.all()}
        assert countries == {"KZ", "PK"}
        if venture.value_amount is not None:
            assert venture.value_usd == (venture.value_amount * venture.usd_rate).quantize(
                venture.value_usd
            )


def test_bulk_ventures_have_two_to_five_stage_changes_and_both_countries(
    make_organisation, make_term
):
    make_term("sector", "fintech", "Fintech")
    for n in range(3):
        make_organisation(f"KZ {n}", country="KZ")
        make_organisation(f"PK {n}", country="PK")
    assert generate_bulk_ventures(300, seed=3) == 300
    assert Venture.objects.count() == 300
    per_venture = StageChange.objects.values("venture").annotate(n=Count("id"))
    bounds = per_venture.aggregate(low=Min("n"), high=Max("n"))
    assert bounds["low"] >= 2 and bounds["high"] <= 5
    assert VentureParty.objects.filter(role="lead").count() == 300
    assert Venture.objects.values("stage").distinct().count() >= 5
    _check_histories()


def test_the_same_seed_gives_the_same_ventures(make_organisation):
    make_organisation("KZ", country="KZ")
    make_organisation("PK", country="PK")
    generate_bulk_ventures(40, seed=9)
    first = list(Venture.objects.order_by("pk").values_list("kind", "stage", "started_on"))
    Venture.objects.all().delete()
    generate_bulk_ventures(40, seed=9)
    again = list(Venture.objects.order_by("pk").values_list("kind", "stage", "started_on"))
    assert first == again
    # Ids were given explicitly: a venture recorded afterwards still gets a fresh one.
    later = Venture.objects.create(title="Later", kind="mou", started_on=timezone.localdate())
    assert later.pk > max(Venture.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_demo_ventures_tell_a_story_once(make_organisation, make_term):
    for slug in ("fintech", "education", "ai", "banking"):
        make_term("sector", slug, slug.title())
    from silkbridge.directory.models import Organisation
    from silkbridge.introductions.models import Introduction

    for kind in ("company", "academic", "authority", "association"):
        make_organisation(f"KZ {kind}", country="KZ", kind=kind)
        make_organisation(f"PK {kind}", country="PK", kind=kind)
    Organisation.objects.update(is_demo=True)
    kz, pk = (Organisation.objects.get(name=f"{c} company") for c in ("KZ", "PK"))
    # The demo story's introduction between the two demo companies, accepted by both.
    introduction = Introduction.objects.create(
        org_a=pk,
        org_b=kz,
        origin="interest",
        status="accepted",
        a_response="accepted",
        b_response="accepted",
        expires_at=timezone.now(),
        accepted_at=timezone.now() - datetime.timedelta(days=20),
    )
    count = create_demo_ventures()
    assert count >= 25
    story = Venture.objects.get(origin_introduction=introduction)
    assert (story.origin, story.stage) == ("introduction", "in_talks")
    assert create_demo_ventures() == count  # a second run adds nothing
    assert Venture.objects.filter(kind__in=["academic_exchange", "joint_programme"]).exists()
    assert Venture.objects.filter(stage="completed").exists()
    assert Venture.objects.filter(stage="stalled").exists()
    assert Venture.objects.filter(stage="dropped").exists()
    assert StageChange.objects.exclude(reason="").exists()
    _check_histories()
