"""Meeting requests: the pair rules, caps, answers, cancellations and the expiry jobs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums.models import Mark, MeetingRequest, RequestStatus
from silkbridge.notifications.models import Notification


@pytest.fixture
def pair(forum, make_participant):
    return make_participant(forum, country="KZ"), make_participant(forum, country="PK")


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_send_and_accept_notifies_both_sides(pair, person_of):
    kz, pk = pair
    request = mr.send_request(actor=person_of(kz), sender=kz, receiver=pk, message="Hello")
    assert request.status == RequestStatus.PENDING
    assert request.expires_at == request.created_at + dt.timedelta(hours=72)
    assert Notification.objects.filter(recipient=person_of(pk), kind="forum_request_received")
    request = mr.accept_request(actor=person_of(pk), request=request, mark=Mark.MUST)
    assert request.status == RequestStatus.ACCEPTED
    assert request.weight == 3.0
    assert Notification.objects.filter(recipient=person_of(kz), kind="forum_request_accepted")


def test_sender_cannot_accept_and_second_answer_fails(pair, person_of):
    kz, pk = pair
    request = mr.send_request(actor=person_of(kz), sender=kz, receiver=pk)
    with pytest.raises(PermissionDenied):
        mr.accept_request(actor=person_of(kz), request=request)
    mr.decline_request(actor=person_of(pk), request=request)
    with pytest.raises(ValidationError) as error:
        mr.accept_request(actor=person_of(pk), request=request)
    assert codes(error.value) == {"not_pending"}


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("self", "self_request"),
        ("same_country", "same_country"),
        ("pair_not_allowed", "pair_not_allowed"),
        ("duplicate", "duplicate"),
        ("reverse_duplicate", "duplicate"),
    ],
)
def test_bad_requests_have_clear_errors(forum, make_participant, person_of, setup, code):
    kz = make_participant(forum, country="KZ", type="buyer")
    pk = make_participant(forum, country="PK", type="buyer")
    receiver = pk
    if setup == "self":
        receiver = kz
    elif setup == "same_country":
        receiver = make_participant(forum, country="KZ")
    elif setup == "pair_not_allowed":
        forum.allowed_pairs = [["buyer", "supplier"]]
        forum.save()
    elif setup == "duplicate":
        mr.send_request(actor=person_of(kz), sender=kz, receiver=pk)
    elif setup == "reverse_duplicate":
        mr.send_request(actor=person_of(pk), sender=pk, receiver=kz)
    with pytest.raises(ValidationError) as error:
        mr.send_request(actor=person_of(kz), sender=kz, receiver=receiver)
    assert codes(error.value) == {code}
    assert "receiver" in error.value.error_dict


def test_request_to_an_organisation_the_user_also_belongs_to(pair, make_user):
    from silkbridge.directory.models import Person

    kz, pk = pair
    both = make_user(organisation=kz.organisation)
    Person.objects.create(organisation=pk.organisation, user=both, full_name="B", email="b@x.org")
    with pytest.raises(ValidationError) as error:
        mr.send_request(actor=both, sender=kz, receiver=pk)
    assert codes(error.value) == {"own_organisation"}


def test_cross_border_rule_can_be_switched_off(forum, make_participant, person_of):
    forum.cross_border_only = False
    forum.save()
    a, b = make_participant(forum, country="KZ"), make_participant(forum, country="KZ")
    assert mr.send_request(actor=person_of(a), sender=a, receiver=b).pk


def test_outsider_and_pending_participant_cannot_send(forum, make_participant, person_of, outsider):
    kz = make_participant(forum, country="KZ")
    pk = make_participant(forum, country="PK")
    with pytest.raises(PermissionDenied):
        mr.send_request(actor=outsider, sender=kz, receiver=pk)
    waiting = make_participant(forum, country="KZ", status="pending")
    with pytest.raises(PermissionDenied):
        mr.send_request(actor=person_of(waiting), sender=waiting, receiver=pk)
    with pytest.raises(ValidationError) as error:
        mr.send_request(actor=person_of(pk), sender=pk, receiver=waiting)
    assert codes(error.value) == {"not_approved"}


def test_request_cap(forum, make_participant, person_of):
    forum.max_requests_per_participant = 2
    forum.save()
    kz = make_participant(forum, country="KZ")
    for _ in range(2):
        mr.send_request(
            actor=person_of(kz), sender=kz, receiver=make_participant(forum, country="PK")
        )
    with pytest.raises(ValidationError) as error:
        mr.send_request(
            actor=person_of(kz), sender=kz, receiver=make_participant(forum, country="PK")
        )
    assert codes(error.value) == {"request_cap"}


def test_meeting_cap_blocks_accepting(forum, make_participant, person_of):
    forum.max_meetings_per_participant = 1
    forum.save()
    pk = make_participant(forum, country="PK")
    first, second = make_participant(forum), make_participant(forum)
    r1 = mr.send_request(actor=person_of(first), sender=first, receiver=pk)
    r2 = mr.send_request(actor=person_of(second), sender=second, receiver=pk)
    mr.accept_request(actor=person_of(pk), request=r1)
    with pytest.raises(ValidationError) as error:
        mr.accept_request(actor=person_of(pk), request=r2)
    assert codes(error.value) == {"meeting_cap"}


def test_auto_accept(forum, pair, person_of):
    forum.auto_accept = True
    forum.save()
    kz, pk = pair
    kz.event.refresh_from_db()
    request = mr.send_request(actor=person_of(kz), sender=kz, receiver=pk)
    assert request.status == RequestStatus.ACCEPTED
    assert request.expires_at is None


def test_marks_weight_and_no_thanks(pair, person_of):
    kz, pk = pair
    request = mr.send_request(actor=person_of(kz), sender=kz, receiver=pk, mark=Mark.WOULD)
    assert request.weight == 2.0
    mr.set_mark(actor=person_of(pk), request=request, mark=Mark.NO_THANKS)
    request.refresh_from_db()
    assert (request.sender_mark, request.receiver_mark) == ("would", "no_thanks")
    assert request.weight == 0


def test_expiry_and_reminder_jobs_are_idempotent(pair, person_of):
    kz, pk = pair
    start = timezone.now()
    request = mr.send_request(actor=person_of(kz), sender=kz, receiver=pk, now=start)
    # 72 h to answer: the reminder comes 18 h before expiry (a quarter of the time).
    assert mr.remind_requests(start + dt.timedelta(hours=50)) == 0
    assert mr.remind_requests(start + dt.timedelta(hours=55)) == 1
    assert mr.remind_requests(start + dt.timedelta(hours=56)) == 0
    assert Notification.objects.filter(recipient=person_of(pk), kind="forum_request_reminder")
    assert mr.expire_requests(start + dt.timedelta(hours=71)) == 0
    assert mr.expire_requests(start + dt.timedelta(hours=72)) == 1
    assert mr.expire_requests(start + dt.timedelta(hours=73)) == 0
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert Notification.objects.filter(recipient=person_of(kz), kind="forum_request_expired")
    # An expired request frees the pair for a new one.
    assert mr.send_request(actor=person_of(kz), sender=kz, receiver=pk).pk != request.pk


def test_answer_after_expiry_time_is_refused_before_the_job_runs(pair, person_of):
    kz, pk = pair
    request = mr.send_request(
        actor=person_of(kz), sender=kz, receiver=pk, now=timezone.now() - dt.timedelta(hours=80)
    )
    with pytest.raises(ValidationError) as error:
        mr.accept_request(actor=person_of(pk), request=request)
    assert codes(error.value) == {"expired"}


def test_cancel_by_either_side(pair, person_of):
    kz, pk = pair
    request = mr.send_request(actor=person_of(kz), sender=kz, receiver=pk)
    mr.cancel_request(actor=person_of(pk), request=request)
    assert MeetingRequest.objects.get(pk=request.pk).status == RequestStatus.CANCELLED
    with pytest.raises(ValidationError):
        mr.cancel_request(actor=person_of(kz), request=request)
