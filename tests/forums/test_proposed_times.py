"""A request may propose up to three times; the receiver sees them when answering, and the
schedule puts the meeting in one of them where the rules allow, without losing any meeting."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import schedule_edits, scheduling
from silkbridge.forums.models import Meeting, MeetingStatus


@pytest.fixture
def pair(forum, make_participant, person_of):
    kz = make_participant(forum, country="KZ", name="Qazaq Cloud")
    pk = make_participant(forum, country="PK", name="Lahore Data Systems")
    slots = list(forum.slots.order_by("starts_at"))
    return {"event": forum, "kz": kz, "pk": pk, "slots": slots, "person_of": person_of}


def send(pair, proposed):
    return mr.send_request(
        actor=pair["person_of"](pair["kz"]),
        sender=pair["kz"],
        receiver=pair["pk"],
        proposed_slots=proposed,
    )


def test_a_request_keeps_up_to_three_proposed_times(pair):
    slots = pair["slots"]
    request = send(pair, [slots[3], slots[2]])
    assert list(request.proposed_slots.order_by("starts_at")) == [slots[2], slots[3]]


@pytest.mark.parametrize("case", ["four", "unavailable", "unknown"])
def test_bad_proposals_are_refused_on_their_field_and_nothing_is_sent(pair, case):
    from silkbridge.forums.models import MeetingRequest

    slots = pair["slots"]
    if case == "four":
        proposed = slots
    elif case == "unavailable":
        pair["kz"].available_slots.set(slots[:2])
        proposed = [slots[3]]
    else:
        proposed = [max(s.pk for s in slots) + 10_000]
    with pytest.raises(ValidationError) as error:
        send(pair, proposed)
    assert set(error.value.message_dict) == {"proposed_slots"}
    assert not MeetingRequest.objects.exists()


def test_the_schedule_puts_the_meeting_at_a_proposed_time(pair, secretariat):
    slots = pair["slots"]
    request = send(pair, [slots[3]])
    mr.accept_request(actor=pair["person_of"](pair["pk"]), request=request)
    run = scheduling.run_schedule(actor=secretariat, event=pair["event"])
    meeting = Meeting.objects.get(request=request)
    assert meeting.slot == slots[3]
    assert run.report["proposals_honoured"] == 1 and run.report["proposals"] == 1
    assert schedule_edits.conflicts(pair["event"]) == []


def test_a_proposal_that_cannot_be_kept_leaves_the_meeting_elsewhere(pair, secretariat):
    slots = pair["slots"]
    request = send(pair, [slots[3]])
    # The receiver cannot meet at the proposed time: the meeting still takes place.
    pair["pk"].available_slots.set(slots[:2])
    mr.accept_request(actor=pair["person_of"](pair["pk"]), request=request)
    run = scheduling.run_schedule(actor=secretariat, event=pair["event"])
    meeting = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).get(request=request)
    assert meeting.slot in slots[:2]
    assert run.report["proposals_honoured"] == 0 and run.report["placed"] == 1


def test_a_full_proposed_time_is_not_overfilled(pair, secretariat, make_participant):
    """Three pairs all propose the last slot, which has two tables: two get it, the third
    meets at another time, and nobody loses a meeting."""
    event, slots = pair["event"], pair["slots"]
    requests = [send(pair, [slots[3]])]
    for i in range(2):
        kz = make_participant(event, country="KZ", name=f"KZ {i}")
        pk = make_participant(event, country="PK", name=f"PK {i}")
        requests.append(
            mr.send_request(
                actor=pair["person_of"](kz), sender=kz, receiver=pk, proposed_slots=[slots[3]]
            )
        )
    for request in requests:
        mr.accept_request(actor=pair["person_of"](request.receiver), request=request)
    run = scheduling.run_schedule(actor=secretariat, event=event)
    placed = [Meeting.objects.get(request=r).slot for r in requests]
    assert placed.count(slots[3]) == 2
    assert run.report["placed"] == 3 and run.report["proposals_honoured"] == 2
    assert schedule_edits.conflicts(event) == []


def test_the_receiver_sees_the_proposed_times(client, pair):
    slots = pair["slots"]
    send(pair, [slots[1]])
    client.force_login(pair["person_of"](pair["pk"]))
    html = client.get(reverse("forums:requests", kwargs={"slug": pair["event"].slug})).content
    assert "Proposed times:" in html.decode() and "10:30" in html.decode()


def test_the_request_form_offers_the_senders_free_times(client, pair):
    slots = pair["slots"]
    pair["kz"].available_slots.set(slots[:3])
    client.force_login(pair["person_of"](pair["kz"]))
    url = reverse("forums:participant", kwargs={"slug": pair["event"].slug, "pk": pair["pk"].pk})
    html = client.get(url).content.decode()
    assert html.count('name="proposed_slots"') == 3
    sent = client.post(
        reverse("forums:request-send", kwargs={"slug": pair["event"].slug, "pk": pair["pk"].pk}),
        {"message": "", "mark": "", "proposed_slots": [slots[0].pk, slots[2].pk]},
    )
    assert sent.status_code == 302
    request = pair["kz"].sent_requests.get()
    assert set(request.proposed_slots.all()) == {slots[0], slots[2]}


def test_the_api_takes_and_shows_proposed_times(client, pair):
    slots = pair["slots"]
    client.force_login(pair["person_of"](pair["kz"]))
    path = f"/api/v1/forums/events/{pair['event'].slug}/requests"
    body = {"receiver_id": pair["pk"].pk, "proposed_slot_ids": [s.pk for s in slots]}
    refused = client.post(path, json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    assert "proposed_slot_ids" in refused.json()["error"]["fields"]
    body["proposed_slot_ids"] = [slots[1].pk]
    created = client.post(path, json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    assert created.json()["proposed_slot_ids"] == [slots[1].pk]
