"""Two people acting at once: exactly one wins, the other gets a clear error, nothing doubles.

Real threads with their own database connections: on SQLite the IMMEDIATE transactions queue
behind each other; on PostgreSQL the conditional UPDATEs race on the row lock."""

import pytest
from django.core.exceptions import ValidationError

from silkbridge.conversations.models import Conversation
from silkbridge.introductions import interests, services
from silkbridge.introductions.models import Introduction
from tests.concurrency import run_together

# Real transactions, on a database file when the suite runs on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]


def test_two_people_accepting_the_same_side_at_once(
    pending_introduction, counterpart, counterpart_colleague, other_organisation
):
    def accept(actor):
        return lambda: services.respond(
            actor=actor,
            introduction=Introduction.objects.get(pk=pending_introduction.pk),
            organisation=other_organisation,
            accept=True,
        )

    outcomes = run_together(accept(counterpart), accept(counterpart_colleague))

    wins = [o for o in outcomes if isinstance(o, Introduction)]
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(wins) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert errors[0].messages == ["Your organisation has already answered this introduction."]
    introduction = Introduction.objects.get(pk=pending_introduction.pk)
    assert introduction.status == "accepted"
    assert Conversation.objects.filter(introduction=introduction).count() == 1


def test_both_sides_accepting_at_once_opens_exactly_one_conversation(
    secretariat, member, counterpart, organisation, other_organisation
):
    introduction = services.secretariat_introduce(
        actor=secretariat, org_a=organisation, org_b=other_organisation
    )

    def accept(actor, org):
        return lambda: services.respond(
            actor=actor,
            introduction=Introduction.objects.get(pk=introduction.pk),
            organisation=org,
            accept=True,
        )

    outcomes = run_together(accept(member, organisation), accept(counterpart, other_organisation))

    assert all(isinstance(o, Introduction) for o in outcomes), outcomes
    introduction.refresh_from_db()
    assert introduction.status == "accepted"
    assert Conversation.objects.filter(introduction=introduction).count() == 1


def test_two_owners_accepting_one_interest_at_once(
    opportunity, member, org_admin, counterpart, other_organisation
):
    interest = interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Hi"
    )

    def accept(actor):
        from silkbridge.introductions.models import Interest

        return lambda: interests.accept_interest(
            actor=actor, interest=Interest.objects.select_related("opportunity").get(pk=interest.pk)
        )

    outcomes = run_together(accept(member), accept(org_admin))

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert errors[0].messages == ["This interest has already been answered."]
    assert Introduction.objects.filter(interest=interest).count() == 1
