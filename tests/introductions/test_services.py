"""Interests and introductions: every rule and every error of the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.conversations.models import Conversation
from silkbridge.introductions import interests, services
from silkbridge.introductions.models import Interest, Introduction
from silkbridge.introductions.service_helpers import AlreadyIntroduced
from silkbridge.notifications.kinds import render
from silkbridge.notifications.models import Notification

pytestmark = pytest.mark.django_db


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def codes(error: ValidationError) -> set[str]:
    found = set()
    if hasattr(error, "error_dict"):
        for errors in error.error_dict.values():
            found |= {e.code for e in errors}
    else:
        found |= {e.code for e in error.error_list}
    return found


# --- interests ---------------------------------------------------------------------------------


def test_express_interest_notifies_owner_people(
    opportunity, counterpart, member, org_admin, other_organisation
):
    interest = interests.express_interest(
        actor=counterpart,
        opportunity=opportunity,
        organisation=other_organisation,
        message="We do this.",
    )
    assert interest.status == "pending"
    for person in (member, org_admin):
        note = Notification.objects.get(recipient=person)
        assert note.kind == "interest_received"
        assert note.params == {"organisation": "Lahore Software House", "title": opportunity.title}
    assert kinds_for(counterpart) == []


def test_one_interest_per_organisation(
    opportunity, counterpart, counterpart_colleague, other_organisation
):
    interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Hi"
    )
    with pytest.raises(ValidationError) as caught:
        interests.express_interest(
            actor=counterpart_colleague,
            opportunity=opportunity,
            organisation=other_organisation,
            message="Again",
        )
    assert "already expressed interest" in caught.value.messages[0]
    assert Interest.objects.count() == 1


def test_withdrawn_interest_can_be_expressed_again(opportunity, counterpart, other_organisation):
    interest = interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Hi"
    )
    interests.withdraw_interest(actor=counterpart, interest=interest)
    again = interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Back"
    )
    assert again.pk == interest.pk
    assert (again.status, again.message) == ("pending", "Back")


@pytest.mark.parametrize(
    ("fields", "code", "text"),
    [
        ({"status": "closed"}, "closed", "This opportunity is closed"),
        ({"status": "draft"}, "closed", "This opportunity is closed"),
        ({"status": "expired"}, "closed", "This opportunity is closed"),
        (
            {"expires_on": datetime.date(2020, 1, 1), "deadline": None},
            "expired",
            "This opportunity has expired",
        ),
        ({"deadline": datetime.date(2020, 1, 1)}, "deadline_passed", "deadline"),
    ],
)
def test_interest_only_while_open(
    make_open_opportunity, organisation, counterpart, other_organisation, fields, code, text
):
    opportunity = make_open_opportunity(organisation, **fields)
    with pytest.raises(ValidationError) as caught:
        interests.express_interest(
            actor=counterpart,
            opportunity=opportunity,
            organisation=other_organisation,
            message="Hi",
        )
    assert code in codes(caught.value)
    assert text in caught.value.messages[0]
    assert not Interest.objects.exists()


def test_interest_in_own_opportunity_is_refused(opportunity, member, organisation):
    with pytest.raises(ValidationError) as caught:
        interests.express_interest(
            actor=member, opportunity=opportunity, organisation=organisation, message="Me"
        )
    assert "own_opportunity" in codes(caught.value)


def test_interest_for_someone_elses_organisation_is_denied(
    opportunity, stranger, other_organisation
):
    with pytest.raises(PermissionDenied):
        interests.express_interest(
            actor=stranger, opportunity=opportunity, organisation=other_organisation, message="Hi"
        )


def test_interest_needs_a_message(opportunity, counterpart, other_organisation):
    with pytest.raises(ValidationError) as caught:
        interests.express_interest(
            actor=counterpart,
            opportunity=opportunity,
            organisation=other_organisation,
            message="  ",
        )
    assert "required" in codes(caught.value)


@pytest.fixture
def interest(opportunity, counterpart, other_organisation):
    return interests.express_interest(
        actor=counterpart,
        opportunity=opportunity,
        organisation=other_organisation,
        message="We can.",
    )


def test_accepting_an_interest_introduces_both_at_once(
    interest, member, org_admin, counterpart, counterpart_colleague, organisation
):
    # The interest was the interested side's consent; the owner's acceptance is the other.
    introduction = interests.accept_interest(actor=member, interest=interest)

    assert (introduction.org_a, introduction.org_b) == (organisation, interest.organisation)
    assert (introduction.a_response, introduction.b_response) == ("accepted", "accepted")
    assert (introduction.a_responded_by, introduction.b_responded_by) == (member, counterpart)
    assert introduction.b_responded_at == interest.created_at
    assert introduction.origin == "interest"
    assert introduction.interest == interest
    assert introduction.opportunity == interest.opportunity
    assert introduction.status == "accepted" and introduction.accepted_at is not None
    conversation = Conversation.objects.get(introduction=introduction)
    assert set(conversation.organisations.all()) == {organisation, interest.organisation}
    interest.refresh_from_db()
    assert interest.status == "accepted"
    assert interest.linked_introduction == introduction
    # The interested side hears once, with the way to the introduction; nobody is asked again.
    for person in (counterpart, counterpart_colleague):
        assert kinds_for(person) == ["interest_accepted"]
    note = Notification.objects.get(recipient=counterpart)
    assert note.params == {"organisation": organisation.name, "title": interest.opportunity.title}
    assert note.url == introduction.get_absolute_url()
    # The owner's other people learn they are introduced; the one who accepted is not told.
    assert "introduction_accepted" in kinds_for(org_admin)
    assert "introduction_accepted" not in kinds_for(member)


def test_accepting_when_the_pair_is_already_introduced_answers_in_that_introduction(
    interest, member, counterpart, organisation, other_organisation, secretariat
):
    # given the secretariat introduced the two after the interest was sent, and both accepted
    existing = services.secretariat_introduce(
        actor=secretariat, org_a=organisation, org_b=other_organisation
    )
    services.respond(actor=member, introduction=existing, organisation=organisation, accept=True)
    services.respond(
        actor=counterpart, introduction=existing, organisation=other_organisation, accept=True
    )
    Notification.objects.all().delete()

    # when the owner accepts the interest
    answered_in = interests.accept_interest(actor=member, interest=interest)

    # then no second introduction: the interest is answered, and linked to the open one
    assert answered_in == existing
    assert Introduction.objects.count() == 1
    interest.refresh_from_db()
    assert interest.status == "accepted"
    assert interest.joined_introduction == existing
    assert interest.linked_introduction == existing
    note = Notification.objects.get(recipient=counterpart)
    assert (note.kind, note.url) == ("interest_accepted", existing.get_absolute_url())


def test_accepting_when_a_pending_introduction_exists_counts_both_consents(
    make_open_opportunity, organisation, member, counterpart, other_organisation, secretariat
):
    # given an anonymous post (so the interested side could not be told whose it is), an
    # interest in it, and an introduction of the two that the secretariat proposed
    secret = make_open_opportunity(organisation, is_anonymous=True)
    existing = services.secretariat_introduce(
        actor=secretariat, org_a=other_organisation, org_b=organisation
    )
    interest = interests.express_interest(
        actor=counterpart, opportunity=secret, organisation=other_organisation, message="Hi"
    )

    # when the owner accepts the interest
    introduction = interests.accept_interest(actor=member, interest=interest)

    # then the pending introduction took both answers and is accepted, conversation open
    assert introduction == existing
    assert (introduction.a_response, introduction.b_response) == ("accepted", "accepted")
    assert (introduction.a_responded_by, introduction.b_responded_by) == (counterpart, member)
    assert introduction.status == "accepted"
    assert Conversation.objects.filter(introduction=introduction).exists()
    assert Introduction.objects.count() == 1


def test_interest_is_refused_where_the_organisations_already_talk(
    opportunity, pending_introduction, counterpart, other_organisation
):
    # given the owner's organisation already proposed an introduction to the counterpart
    with pytest.raises(ValidationError) as caught:
        interests.express_interest(
            actor=counterpart,
            opportunity=opportunity,
            organisation=other_organisation,
            message="We can.",
        )
    assert codes(caught.value) == {"already_introduced"}
    assert not Interest.objects.exists()


def test_interest_in_an_anonymous_post_is_taken_while_the_introduction_is_pending(
    make_open_opportunity, organisation, pending_introduction, counterpart, other_organisation
):
    # Refusing would tell the counterpart whose anonymous post it is.
    secret = make_open_opportunity(organisation, is_anonymous=True)
    interest = interests.express_interest(
        actor=counterpart, opportunity=secret, organisation=other_organisation, message="Hi"
    )
    assert interest.status == "pending"


def test_double_accept_of_interest_is_an_error(interest, member, org_admin):
    interests.accept_interest(actor=member, interest=interest)
    stale = Interest.objects.get(pk=interest.pk)
    stale.status = "pending"  # the second person's page still shows it pending
    with pytest.raises(ValidationError) as caught:
        interests.accept_interest(actor=org_admin, interest=stale)
    assert "already been answered" in caught.value.messages[0]
    assert Introduction.objects.count() == 1


def test_only_owner_answers_interest(interest, counterpart, stranger, secretariat):
    for actor in (counterpart, stranger, secretariat):
        with pytest.raises(PermissionDenied):
            interests.accept_interest(actor=actor, interest=interest)
        with pytest.raises(PermissionDenied):
            interests.decline_interest(actor=actor, interest=interest)


def test_decline_interest_notifies_with_reason(interest, member, counterpart):
    interests.decline_interest(actor=member, interest=interest, reason="Not our field")
    interest.refresh_from_db()
    assert (interest.status, interest.response_reason) == ("declined", "Not our field")
    note = Notification.objects.get(recipient=counterpart)
    assert note.kind == "interest_declined"
    assert not Introduction.objects.exists()
    with pytest.raises(ValidationError):
        interests.accept_interest(actor=member, interest=interest)


def test_withdraw_only_pending_and_only_by_interested(interest, member, counterpart):
    with pytest.raises(PermissionDenied):
        interests.withdraw_interest(actor=member, interest=interest)
    interests.decline_interest(actor=member, interest=interest)
    with pytest.raises(ValidationError):
        interests.withdraw_interest(actor=counterpart, interest=interest)


def test_anonymous_owner_is_named_once_it_accepts(
    make_open_opportunity,
    organisation,
    member,
    counterpart,
    counterpart_colleague,
    other_organisation,
):
    opportunity = make_open_opportunity(organisation, is_anonymous=True)
    interest = interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Hi"
    )
    introduction = interests.accept_interest(actor=member, interest=interest)
    assert not services.hides_identity(introduction, organisation.pk)
    for person in (counterpart, counterpart_colleague):
        note = Notification.objects.get(recipient=person)
        assert note.kind == "interest_accepted"
        assert organisation.name in render(note.kind, note.params)


# --- introductions -----------------------------------------------------------------------------


def test_propose_introduction(pending_introduction, member, counterpart, organisation):
    intro = pending_introduction
    assert (intro.a_response, intro.b_response, intro.origin) == ("accepted", "pending", "profile")
    assert intro.proposed_by == member
    assert kinds_for(counterpart) == ["introduction_proposed"]
    assert Notification.objects.get(recipient=counterpart).params == {
        "organisation": organisation.name
    }


def test_one_open_introduction_per_pair(
    pending_introduction, member, organisation, other_organisation
):
    # given an introduction that waits for the other side, its proposer asks again
    with pytest.raises(AlreadyIntroduced) as caught:
        services.propose_introduction(
            actor=member, from_org=organisation, to_org=other_organisation, message="Again"
        )
    # then it is refused, and the error names the open introduction for the page to link
    assert caught.value.messages == ["These organisations already have an open introduction."]
    assert caught.value.introduction == pending_introduction
    assert Introduction.objects.count() == 1


def test_asking_for_an_introduction_that_awaits_you_accepts_it(
    pending_introduction, counterpart, member, organisation, other_organisation
):
    # given an introduction that waits for the counterpart's answer
    # when the counterpart asks to be introduced to the same organisation (from a recommendation)
    introduction = services.propose_introduction(
        actor=counterpart,
        from_org=other_organisation,
        to_org=organisation,
        origin="recommendation",
    )

    # then that is its answer: the waiting introduction is accepted, no second one is made
    assert introduction == pending_introduction
    assert introduction.status == "accepted"
    assert introduction.b_responded_by == counterpart
    assert Conversation.objects.filter(introduction=introduction).exists()
    assert Introduction.objects.count() == 1
    assert "introduction_accepted" in kinds_for(member)


def test_new_introduction_after_decline(
    pending_introduction, counterpart, organisation, other_organisation
):
    services.respond(
        actor=counterpart,
        introduction=pending_introduction,
        organisation=other_organisation,
        accept=False,
    )
    again = services.propose_introduction(
        actor=counterpart, from_org=other_organisation, to_org=organisation
    )
    assert again.status == "pending"


def test_propose_rules(member, organisation, other_organisation, stranger):
    with pytest.raises(ValidationError) as caught:
        services.propose_introduction(actor=member, from_org=organisation, to_org=organisation)
    assert "same_organisation" in codes(caught.value)
    with pytest.raises(PermissionDenied):
        services.propose_introduction(
            actor=stranger, from_org=organisation, to_org=other_organisation
        )
    with pytest.raises(ValidationError):
        services.propose_introduction(
            actor=member, from_org=organisation, to_org=other_organisation, origin="secretariat"
        )


def test_both_accept_opens_conversation(
    pending_introduction, counterpart, member, other_organisation, organisation
):
    intro = services.respond(
        actor=counterpart,
        introduction=pending_introduction,
        organisation=other_organisation,
        accept=True,
        reason="Looks good",
    )
    assert intro.status == "accepted"
    assert intro.accepted_at is not None
    assert intro.b_reason == "Looks good"
    conversation = Conversation.objects.get(introduction=intro)
    assert set(conversation.organisations.all()) == {organisation, other_organisation}
    assert conversation.subject == f"{organisation.name} – {other_organisation.name}"
    assert "introduction_accepted" in kinds_for(member)
    assert "introduction_accepted" not in kinds_for(counterpart)  # they did it themselves


def test_conversation_subject_is_opportunity_title(
    interest, member, counterpart, other_organisation
):
    intro = interests.accept_interest(actor=member, interest=interest)
    assert Conversation.objects.get(introduction=intro).subject == interest.opportunity.title


def test_decline_notifies_other_side(pending_introduction, counterpart, member, other_organisation):
    intro = services.respond(
        actor=counterpart,
        introduction=pending_introduction,
        organisation=other_organisation,
        accept=False,
        reason="No capacity",
    )
    assert intro.status == "declined"
    assert intro.b_reason == "No capacity"
    assert "introduction_declined" in kinds_for(member)
    assert not Conversation.objects.exists()


def test_each_side_answers_once(
    pending_introduction, member, counterpart, organisation, other_organisation
):
    with pytest.raises(ValidationError) as caught:
        services.respond(
            actor=member, introduction=pending_introduction, organisation=organisation, accept=False
        )
    assert caught.value.messages == ["Your organisation has already answered this introduction."]
    pending_introduction.refresh_from_db()
    assert pending_introduction.status == "pending"


def test_answering_a_closed_introduction(
    pending_introduction, secretariat, counterpart, other_organisation
):
    services.close(actor=secretariat, introduction=pending_introduction, reason="Duplicate")
    with pytest.raises(ValidationError) as caught:
        services.respond(
            actor=counterpart,
            introduction=pending_introduction,
            organisation=other_organisation,
            accept=True,
        )
    assert "not_pending" in codes(caught.value)


def test_only_members_answer_for_their_side(
    pending_introduction, stranger, secretariat, member, other_organisation, third_organisation
):
    for actor in (stranger, secretariat, member):
        with pytest.raises(PermissionDenied):
            services.respond(
                actor=actor,
                introduction=pending_introduction,
                organisation=other_organisation,
                accept=True,
            )
    with pytest.raises(PermissionDenied):
        services.respond(
            actor=stranger,
            introduction=pending_introduction,
            organisation=third_organisation,
            accept=True,
        )


def test_secretariat_introduce(secretariat, organisation, other_organisation, member, counterpart):
    intro = services.secretariat_introduce(
        actor=secretariat, org_a=organisation, org_b=other_organisation, message="You should talk"
    )
    assert (intro.a_response, intro.b_response, intro.broker, intro.origin) == (
        "pending",
        "pending",
        secretariat,
        "secretariat",
    )
    assert Notification.objects.get(recipient=member).params == {
        "organisation": other_organisation.name
    }
    assert Notification.objects.get(recipient=counterpart).params == {
        "organisation": organisation.name
    }
    services.respond(actor=member, introduction=intro, organisation=organisation, accept=True)
    intro.refresh_from_db()
    assert intro.status == "pending"
    services.respond(
        actor=counterpart, introduction=intro, organisation=other_organisation, accept=True
    )
    intro.refresh_from_db()
    assert intro.status == "accepted"


def test_secretariat_introduce_is_secretariat_only(member, organisation, other_organisation):
    with pytest.raises(PermissionDenied):
        services.secretariat_introduce(actor=member, org_a=organisation, org_b=other_organisation)


# --- expiry and reminders ----------------------------------------------------------------------


def test_reminder_once_before_expiry(pending_introduction, counterpart, member):
    now = timezone.now()
    assert services.remind_pending(now) == 0  # 14 days left
    later = pending_introduction.expires_at - datetime.timedelta(days=2)
    assert services.remind_pending(later) == 1
    assert services.remind_pending(later + datetime.timedelta(hours=1)) == 0
    reminders = Notification.objects.filter(kind="introduction_reminder")
    # Only the side that has not answered.
    assert [n.recipient for n in reminders] == [counterpart]
    assert (
        reminders[0].params["date"]
        == timezone.localdate(pending_introduction.expires_at).isoformat()
    )


def test_expire_once(pending_introduction, counterpart, member):
    assert services.expire_due(timezone.now()) == 0
    after = pending_introduction.expires_at + datetime.timedelta(minutes=1)
    assert services.expire_due(after) == 1
    assert services.expire_due(after) == 0
    pending_introduction.refresh_from_db()
    assert pending_introduction.status == "expired"
    assert Notification.objects.filter(kind="introduction_expired").count() == 2
    assert services.remind_pending(after) == 0


def test_accepted_introductions_do_not_expire(accepted_introduction):
    after = accepted_introduction.expires_at + datetime.timedelta(days=1)
    assert services.expire_due(after) == 0


# --- secretariat actions -----------------------------------------------------------------------


def test_nudge(pending_introduction, secretariat, counterpart, member):
    assert services.nudge(actor=secretariat, introduction=pending_introduction) == 1
    assert kinds_for(counterpart).count("introduction_reminder") == 1
    assert "introduction_reminder" not in kinds_for(member)
    with pytest.raises(PermissionDenied):
        services.nudge(actor=member, introduction=pending_introduction)


def test_reassign(pending_introduction, secretariat, make_user, member):
    colleague = make_user(platform_role="secretariat")
    services.reassign(actor=secretariat, introduction=pending_introduction, broker=colleague)
    pending_introduction.refresh_from_db()
    assert pending_introduction.broker == colleague
    assert kinds_for(colleague) == ["introduction_assigned"]
    with pytest.raises(ValidationError) as caught:
        services.reassign(actor=secretariat, introduction=pending_introduction, broker=member)
    assert "not_secretariat" in codes(caught.value)
    with pytest.raises(PermissionDenied):
        services.reassign(actor=member, introduction=pending_introduction, broker=colleague)


def test_a_closed_introduction_cannot_be_reassigned(pending_introduction, secretariat, make_user):
    colleague = make_user(platform_role="secretariat")
    services.close(actor=secretariat, introduction=pending_introduction, reason="Duplicate")
    with pytest.raises(ValidationError) as caught:
        services.reassign(actor=secretariat, introduction=pending_introduction, broker=colleague)
    assert "not_open" in codes(caught.value)
    pending_introduction.refresh_from_db()
    assert pending_introduction.broker != colleague
    assert kinds_for(colleague) == []


def test_close(accepted_introduction, secretariat, member, counterpart):
    with pytest.raises(ValidationError):
        services.close(actor=secretariat, introduction=accepted_introduction, reason="")
    services.close(
        actor=secretariat, introduction=accepted_introduction, reason="Partnership ended"
    )
    accepted_introduction.refresh_from_db()
    assert (accepted_introduction.status, accepted_introduction.closed_reason) == (
        "closed",
        "Partnership ended",
    )
    assert "introduction_closed" in kinds_for(member)
    assert "introduction_closed" in kinds_for(counterpart)
    with pytest.raises(ValidationError):
        services.close(actor=secretariat, introduction=accepted_introduction, reason="Again")
    with pytest.raises(PermissionDenied):
        services.close(actor=member, introduction=accepted_introduction, reason="x")


def test_an_introduction_nobody_can_answer_is_handed_to_the_secretariat(
    member, organisation, third_organisation, secretariat
):
    # given an organisation of the directory whose people have no account here
    introduction = services.propose_introduction(
        actor=member, from_org=organisation, to_org=third_organisation, message="Hello"
    )

    # then the secretariat is asked to reach it
    note = Notification.objects.get(recipient=secretariat)
    assert note.kind == "introduction_unanswerable"
    assert note.params == {"organisation": third_organisation.name}
    assert note.url == introduction.get_absolute_url()
    assert third_organisation.name in render(note.kind, note.params)


def test_the_secretariat_is_not_asked_when_someone_can_answer(pending_introduction, secretariat):
    assert kinds_for(secretariat) == []
