"""Expressions of interest and introductions over the API: the double opt-in, hidden names of
anonymous posts, contacts only once accepted, the secretariat's brokering, and clear errors."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from silkbridge.introductions import interests, services
from silkbridge.introductions.models import Interest, Introduction
from silkbridge.notifications.models import Notification
from tests.api.helpers import error_of
from tests.introductions import conftest as shared

# Fixtures shared with the introductions tests: `opportunity` is published by `organisation`
# (KZ, whose member is the owner); the counterpart belongs to `other_organisation` (PK); the
# stranger to a third organisation.
counterpart = shared.counterpart
stranger = shared.stranger
third_organisation = shared.third_organisation
make_open_opportunity = shared.make_open_opportunity
opportunity = shared.opportunity
pending_introduction = shared.pending_introduction
accepted_introduction = shared.accepted_introduction

PERSONAS = ["owner", "counterpart", "secretariat", "outsider", "anonymous"]
FIXTURES = {"owner": "member", "outsider": "stranger"}
INTRODUCTIONS = "/api/v1/introductions"


@pytest.fixture
def as_persona(client, request, db):
    def sign_in(name: str) -> Client:
        if name != "anonymous":
            client.force_login(request.getfixturevalue(FIXTURES.get(name, name)))
        return client

    return sign_in


def interests_url(opportunity) -> str:
    return f"/api/v1/opportunities/{opportunity.pk}/interests"


def interest_url(interest, suffix: str = "") -> str:
    return f"/api/v1/interests/{interest.pk}{suffix}"


def introduction_url(introduction, suffix: str = "") -> str:
    return f"{INTRODUCTIONS}/{introduction.pk}{suffix}"


@pytest.fixture
def interest(counterpart, opportunity, other_organisation):
    return interests.express_interest(
        actor=counterpart,
        opportunity=opportunity,
        organisation=other_organisation,
        message="We run the largest wallet in Punjab.",
    )


# -- expressing interest ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 422),
        ("counterpart", 201),
        ("secretariat", 403),
        ("outsider", 201),
        ("anonymous", 401),
    ],
)
def test_other_organisations_express_interest(as_persona, persona, code, opportunity, member):
    response = as_persona(persona).post(
        interests_url(opportunity),
        {"message": "We can help."},
        content_type="application/json",
    )

    assert response.status_code == code, response.content
    if code == 201:
        body = response.json()
        assert body["status"] == "pending"
        assert body["opportunity"] == {"id": opportunity.pk, "title": opportunity.title}
        assert Notification.objects.filter(recipient=member, kind="interest_received").exists()
    else:
        assert Interest.objects.count() == 0
    if persona == "owner":
        assert list(error_of(response)["fields"]) == ["organisation_id"]


@pytest.mark.parametrize(
    ("message", "field"), [("", "message"), ("   ", "message"), ("m" * 2001, "message")]
)
def test_an_interest_needs_a_message_of_reasonable_length(
    client, counterpart, opportunity, message, field
):
    client.force_login(counterpart)

    response = client.post(
        interests_url(opportunity), {"message": message}, content_type="application/json"
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]
    assert Interest.objects.count() == 0


def test_interest_is_expressed_once(client, counterpart, interest, opportunity):
    client.force_login(counterpart)

    again = client.post(
        interests_url(opportunity), {"message": "Again"}, content_type="application/json"
    )

    assert again.status_code == 422
    assert error_of(again)["message"] == (
        "Your organisation has already expressed interest in this opportunity."
    )
    assert Interest.objects.count() == 1


def test_no_interest_after_the_deadline(client, counterpart, make_open_opportunity, organisation):
    late = make_open_opportunity(
        organisation, deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(counterpart)

    response = client.post(interests_url(late), {"message": "Hi"}, content_type="application/json")

    assert response.status_code == 422
    assert "deadline" in error_of(response)["message"]


def test_no_interest_in_a_draft_one_cannot_see(
    client, counterpart, make_open_opportunity, organisation
):
    draft = make_open_opportunity(organisation, status="draft", published_at=None)
    client.force_login(counterpart)

    response = client.post(interests_url(draft), {"message": "Hi"}, content_type="application/json")

    assert response.status_code == 404


def test_no_interest_in_the_name_of_someone_elses_organisation(
    client, counterpart, opportunity, third_organisation
):
    client.force_login(counterpart)

    response = client.post(
        interests_url(opportunity),
        {"organisation_id": third_organisation.pk, "message": "Hi"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Interest.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "code", "seen"),
    [
        ("owner", 200, 1),
        ("counterpart", 200, 1),
        ("secretariat", 200, 1),
        ("outsider", 200, 0),
        ("anonymous", 401, None),
    ],
)
def test_who_sees_the_interests_in_an_opportunity(
    as_persona, persona, code, seen, interest, opportunity
):
    response = as_persona(persona).get(interests_url(opportunity))

    assert response.status_code == code
    if seen is not None:
        assert response.json()["count"] == seen


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 200),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_who_reads_an_interest(as_persona, persona, code, interest):
    response = as_persona(persona).get(interest_url(interest))

    assert response.status_code == code
    if code == 200:
        assert response.json()["organisation"]["name"] == "Lahore Software House"


# -- answering interest -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 403),
        ("secretariat", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_the_owner_accepts_an_interest(as_persona, persona, code, interest):
    response = as_persona(persona).post(interest_url(interest, "/accept"))

    assert response.status_code == code
    if code == 200:
        body = response.json()
        # two consents, the interest and its acceptance, make the introduction
        assert body["status"] == "accepted"
        assert body["origin"] == "interest"
        assert [side["response"] for side in body["sides"]] == ["accepted", "accepted"]
        assert body["awaiting_your_answer"] == []
        assert body["conversation_id"] is not None
        assert (
            as_persona(persona).get(interest_url(interest)).json()["introduction_id"]
            == (body["id"])
        )
    assert Interest.objects.get().status == ("accepted" if code == 200 else "pending")
    assert Introduction.objects.count() == (1 if code == 200 else 0)


def test_accepting_twice_is_a_clear_error(client, member, interest):
    client.force_login(member)
    assert client.post(interest_url(interest, "/accept")).status_code == 200

    again = client.post(interest_url(interest, "/accept"))

    assert again.status_code == 422
    assert error_of(again)["message"] == "This interest has already been answered."
    assert Introduction.objects.count() == 1


def test_the_owner_declines_with_a_reason(client, member, counterpart, interest):
    client.force_login(member)

    response = client.post(
        interest_url(interest, "/decline"),
        {"reason": "We chose a local partner."},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert response.json()["response_reason"] == "We chose a local partner."
    assert Notification.objects.filter(recipient=counterpart, kind="interest_declined").exists()


def test_a_decline_reason_is_kept_short(client, member, interest):
    client.force_login(member)

    response = client.post(
        interest_url(interest, "/decline"), {"reason": "r" * 501}, content_type="application/json"
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["reason"]
    assert Interest.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 200),
        ("secretariat", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_the_interested_organisation_withdraws(as_persona, persona, code, interest):
    response = as_persona(persona).post(interest_url(interest, "/withdraw"))

    assert response.status_code == code
    assert Interest.objects.get().status == ("withdrawn" if code == 200 else "pending")


# -- introductions: proposing -----------------------------------------------------------------


def test_a_member_proposes_an_introduction(client, counterpart, organisation, member):
    client.force_login(counterpart)

    response = client.post(
        INTRODUCTIONS,
        {"to_organisation": organisation.pk, "message": "We would like to meet."},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation_a"]["name"] == "Lahore Software House"
    assert body["organisation_b"]["name"] == "Qazaq Fintech Labs"
    assert (body["a_response"], body["b_response"]) == ("accepted", "pending")
    assert body["origin"] == "profile"
    assert Notification.objects.filter(recipient=member, kind="introduction_proposed").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": "Hello"}, "to_organisation"),
        ({"to_organisation": 999999, "message": "Hello"}, "to_organisation"),
        ({"to_organisation": "ORG", "message": "Hello"}, "to_organisation"),
        ({"to_organisation": "{org}", "message": ""}, "message"),
        ({"to_organisation": "{org}", "message": "m" * 2001}, "message"),
    ],
)
def test_a_proposal_names_its_bad_fields(client, counterpart, organisation, body, field):
    client.force_login(counterpart)
    body = {k: organisation.pk if v == "{org}" else v for k, v in body.items()}

    response = client.post(INTRODUCTIONS, body, content_type="application/json")

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]
    assert Introduction.objects.count() == 0


def test_one_open_introduction_per_pair(client, member, other_organisation, pending_introduction):
    client.force_login(member)

    response = client.post(
        INTRODUCTIONS,
        {"to_organisation": other_organisation.pk, "message": "Again"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert error_of(response)["message"] == "These organisations already have an open introduction."


def test_proposing_where_an_introduction_awaits_you_is_your_answer(
    client, counterpart, organisation, pending_introduction
):
    client.force_login(counterpart)

    response = client.post(
        INTRODUCTIONS,
        {"to_organisation": organisation.pk, "message": "Yes, let us talk"},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == pending_introduction.pk
    assert body["status"] == "accepted" and body["conversation_id"] is not None
    assert Introduction.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 403),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_nobody_proposes_for_an_organisation_they_do_not_belong_to(
    as_persona, persona, code, organisation, other_organisation, make_organisation
):
    elsewhere = make_organisation("Shymkent Textiles", country="KZ")
    from_org = other_organisation if persona == "owner" else organisation
    response = as_persona(persona).post(
        INTRODUCTIONS,
        {"from_organisation": from_org.pk, "to_organisation": elsewhere.pk, "message": "Hi"},
        content_type="application/json",
    )

    assert response.status_code == code
    assert Introduction.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 201),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_the_secretariat_introduces_two_organisations(
    as_persona, persona, code, organisation, other_organisation, secretariat
):
    response = as_persona(persona).post(
        INTRODUCTIONS,
        {
            "organisation_a": organisation.pk,
            "organisation_b": other_organisation.pk,
            "message": "You both work on open banking.",
        },
        content_type="application/json",
    )

    assert response.status_code == code
    if code == 201:
        body = response.json()
        assert body["origin"] == "secretariat"
        assert (body["a_response"], body["b_response"]) == ("pending", "pending")
        assert body["broker_id"] == secretariat.pk
    assert Introduction.objects.count() == (1 if code == 201 else 0)


def test_the_secretariat_names_two_known_organisations(client, secretariat, organisation):
    client.force_login(secretariat)

    response = client.post(
        INTRODUCTIONS,
        {"organisation_a": organisation.pk, "organisation_b": 999999, "message": "Hi"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["organisation_b"]


# -- introductions: reading -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code", "contacts"),
    [
        ("owner", 200, False),
        ("counterpart", 200, False),
        ("secretariat", 200, True),
        ("outsider", 404, None),
        ("anonymous", 401, None),
    ],
)
def test_a_pending_introduction_shows_no_contacts_to_its_sides(
    as_persona, persona, code, contacts, pending_introduction
):
    response = as_persona(persona).get(introduction_url(pending_introduction))

    assert response.status_code == code
    if code == 200:
        sides = response.json()["sides"]
        assert [side["contacts"] is not None for side in sides] == [contacts, contacts]
        assert response.json()["conversation_id"] is None


@pytest.mark.parametrize("persona", ["owner", "counterpart", "secretariat"])
def test_once_both_accept_the_contacts_and_conversation_appear(
    as_persona, persona, accepted_introduction, member, counterpart
):
    response = as_persona(persona).get(introduction_url(accepted_introduction))

    body = response.json()
    assert body["status"] == "accepted"
    emails = {c["email"] for side in body["sides"] for c in side["contacts"]}
    assert {member.email, counterpart.email} <= emails
    assert body["conversation_id"] == accepted_introduction.conversation.pk


def test_the_owner_of_an_anonymous_post_stays_hidden_until_accepted(
    client, member, counterpart, make_open_opportunity, organisation, other_organisation
):
    # given an anonymous post whose owner asked to be introduced to the counterpart about it
    secret = make_open_opportunity(organisation, is_anonymous=True)
    introduction = services.propose_introduction(
        actor=member,
        from_org=organisation,
        to_org=other_organisation,
        origin="recommendation",
        opportunity=secret,
    )
    client.force_login(counterpart)

    # when the counterpart reads the introduction and its list
    detail = client.get(introduction_url(introduction)).json()
    listed = client.get(INTRODUCTIONS, {"tab": "awaiting"}).json()["items"][0]

    # then the owner's name is hidden everywhere, contacts too
    assert detail["organisation_a"] is None
    assert detail["sides"][0]["organisation"] is None
    assert detail["sides"][0]["contacts"] is None
    assert listed["organisation_a"] is None
    assert "Qazaq" not in str(detail) + str(listed)
    assert detail["awaiting_your_answer"] == [other_organisation.pk]

    # and once the counterpart accepts, the name and contacts are revealed
    accepted = client.post(
        introduction_url(introduction, "/respond"),
        {"accept": True},
        content_type="application/json",
    ).json()
    assert accepted["organisation_a"]["name"] == "Qazaq Fintech Labs"
    assert member.email in {c["email"] for c in accepted["sides"][0]["contacts"]}


def test_the_list_is_split_into_the_pages_tabs(client, member, counterpart, pending_introduction):
    client.force_login(counterpart)
    awaiting = client.get(INTRODUCTIONS).json()
    client.force_login(member)
    other = client.get(INTRODUCTIONS, {"tab": "other"}).json()
    mine_awaiting = client.get(INTRODUCTIONS, {"tab": "awaiting"}).json()

    assert [i["id"] for i in awaiting["items"]] == [pending_introduction.pk]
    assert [i["id"] for i in other["items"]] == [pending_introduction.pk]
    assert mine_awaiting["items"] == []
    bad = client.get(INTRODUCTIONS, {"tab": "everything"})
    assert bad.status_code == 422
    assert list(error_of(bad)["fields"]) == ["tab"]


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_the_overview_is_for_the_secretariat(as_persona, persona, code, pending_introduction):
    response = as_persona(persona).get(f"{INTRODUCTIONS}/overview")

    assert response.status_code == code
    if code == 200:
        assert [i["id"] for i in response.json()["items"]] == [pending_introduction.pk]


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"status": "pending"}, True),
        ({"status": "accepted"}, False),
        ({"broker": "none"}, True),
        ({"overdue": "true"}, False),
    ],
)
def test_the_overview_filters(client, secretariat, pending_introduction, params, found):
    client.force_login(secretariat)

    items = client.get(f"{INTRODUCTIONS}/overview", params).json()["items"]

    assert bool(items) is found


@pytest.mark.parametrize(
    ("params", "field"), [({"status": "lost"}, "status"), ({"broker": "7"}, "broker")]
)
def test_an_invalid_overview_filter_is_named(client, secretariat, params, field):
    client.force_login(secretariat)

    response = client.get(f"{INTRODUCTIONS}/overview", params)

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]


# -- introductions: answering -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 422),
        ("counterpart", 200),
        ("secretariat", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_each_side_answers_for_itself(as_persona, persona, code, pending_introduction):
    response = as_persona(persona).post(
        introduction_url(pending_introduction, "/respond"),
        {"accept": True},
        content_type="application/json",
    )

    assert response.status_code == code
    if persona == "owner":
        # The proposing side accepted when it proposed.
        assert error_of(response)["message"] == (
            "Your organisation has already answered this introduction."
        )
    status = Introduction.objects.get().status
    assert status == ("accepted" if code == 200 else "pending")


def test_answering_twice_is_a_clear_error(client, counterpart, pending_introduction):
    client.force_login(counterpart)
    url = introduction_url(pending_introduction, "/respond")
    first = client.post(url, {"accept": True}, content_type="application/json")

    second = client.post(url, {"accept": False}, content_type="application/json")

    assert first.status_code == 200
    assert second.status_code == 422
    assert error_of(second)["message"] == (
        "Your organisation has already answered this introduction."
    )
    assert Introduction.objects.get().status == "accepted"


def test_declining_ends_the_introduction(client, counterpart, member, pending_introduction):
    client.force_login(counterpart)

    response = client.post(
        introduction_url(pending_introduction, "/respond"),
        {"accept": False, "reason": "Not now."},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "declined"
    assert body["sides"][1]["reason"] == "Not now."
    assert body["sides"][1]["contacts"] is None
    assert Notification.objects.filter(recipient=member, kind="introduction_declined").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({"accept": True, "reason": "r" * 501}, "reason"), ({"reason": "x"}, "accept")],
)
def test_a_bad_answer_names_its_field(client, counterpart, pending_introduction, body, field):
    client.force_login(counterpart)

    response = client.post(
        introduction_url(pending_introduction, "/respond"), body, content_type="application/json"
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]
    assert Introduction.objects.get().b_response == "pending"


def test_an_answer_for_an_organisation_one_is_not_in_is_refused(
    client, counterpart, pending_introduction, organisation
):
    client.force_login(counterpart)

    response = client.post(
        introduction_url(pending_introduction, "/respond"),
        {"organisation_id": organisation.pk, "accept": True},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Introduction.objects.get().b_response == "pending"


def test_a_token_answers_without_a_csrf_token(counterpart, pending_introduction, token_for):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        introduction_url(pending_introduction, "/respond"),
        {"accept": True},
        content_type="application/json",
        headers={"authorization": f"Bearer {token_for(counterpart)}"},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"


# -- the secretariat's brokering --------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_nudge(as_persona, persona, code, pending_introduction, counterpart):
    response = as_persona(persona).post(introduction_url(pending_introduction, "/nudge"))

    assert response.status_code == code
    reminded = Notification.objects.filter(recipient=counterpart, kind="introduction_reminder")
    if code == 200:
        assert response.json() == {"notified": 1}
        assert reminded.count() == 1
    else:
        assert not reminded.exists()


def test_an_accepted_introduction_is_not_nudged(client, secretariat, accepted_introduction):
    client.force_login(secretariat)

    response = client.post(introduction_url(accepted_introduction, "/nudge"))

    assert response.status_code == 422
    assert error_of(response)["message"] == "Only pending introductions can be nudged."


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_reassign(as_persona, persona, code, pending_introduction, make_user):
    colleague = make_user("colleague@secretariat.example.org", platform_role="secretariat")

    response = as_persona(persona).post(
        introduction_url(pending_introduction, "/reassign"),
        {"broker_id": colleague.pk},
        content_type="application/json",
    )

    assert response.status_code == code
    broker = Introduction.objects.get().broker_id
    assert broker == (colleague.pk if code == 200 else None)


@pytest.mark.parametrize("who", ["member", "nobody"])
def test_the_broker_must_be_of_the_secretariat(
    client, secretariat, member, pending_introduction, who
):
    client.force_login(secretariat)
    broker_id = member.pk if who == "member" else 999999

    response = client.post(
        introduction_url(pending_introduction, "/reassign"),
        {"broker_id": broker_id},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["broker_id"]


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_close(as_persona, persona, code, pending_introduction):
    response = as_persona(persona).post(
        introduction_url(pending_introduction, "/close"),
        {"reason": "Duplicate request."},
        content_type="application/json",
    )

    assert response.status_code == code
    assert Introduction.objects.get().status == ("closed" if code == 200 else "pending")
    if code == 200:
        assert response.json()["closed_reason"] == "Duplicate request."


@pytest.mark.parametrize("body", [{}, {"reason": " "}, {"reason": "r" * 501}])
def test_closing_needs_a_short_reason(client, secretariat, pending_introduction, body):
    client.force_login(secretariat)

    response = client.post(
        introduction_url(pending_introduction, "/close"), body, content_type="application/json"
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["reason"]


def test_closing_twice_is_a_clear_error(client, secretariat, pending_introduction):
    client.force_login(secretariat)
    url = introduction_url(pending_introduction, "/close")
    client.post(url, {"reason": "Done."}, content_type="application/json")

    again = client.post(url, {"reason": "Done."}, content_type="application/json")

    assert again.status_code == 422
    assert error_of(again)["message"] == "This introduction is already closed."
