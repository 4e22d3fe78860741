"""Forums for visitors, and taking part from the public forum page: a visitor signs up and
comes back, a signed-in person without an organisation goes through joining first, a member
registers through the forum's own flow."""

from urllib.parse import quote

import pytest
from django.urls import NoReverseMatch, reverse

from silkbridge.forums import services
from silkbridge.forums.models import EventStatus, Participant

PERSONAS = ["anonymous", "newcomer", "member", "org_admin", "secretariat", "observer"]


@pytest.fixture
def newcomer(make_user):
    """Signed up a minute ago: no verified e-mail address, no organisation."""
    return make_user("newcomer@example.com")


@pytest.fixture
def as_persona(persona_client, request):
    def sign_in(name: str):
        client = persona_client("anonymous" if name == "newcomer" else name)
        if name == "newcomer":
            client.force_login(request.getfixturevalue("newcomer"))
        return client

    return sign_in


@pytest.fixture
def draft_forum(secretariat):
    import datetime as dt

    return services.create_event(
        actor=secretariat,
        data={
            "name": "Unannounced Lahore Forum",
            "slug": "unannounced-lahore",
            "time_zone": "Asia/Karachi",
            "starts_on": dt.date(2027, 9, 1),
            "ends_on": dt.date(2027, 9, 1),
        },
    )


def test_a_visitor_reads_a_public_forum(client, forum):
    response = client.get(forum.get_absolute_url())

    assert response.status_code == 200
    for shown in ("Astana IT Forum", "Expo Centre, Astana", "Morning", "How to take part"):
        assert shown in response.text


def test_a_visitor_lists_announced_forums_but_not_drafts(client, forum, draft_forum):
    response = client.get(reverse("forums:list"))

    assert "Astana IT Forum" in response.text
    assert "Unannounced Lahore Forum" not in response.text
    assert client.get(draft_forum.get_absolute_url()).status_code == 404


def test_a_visitor_sees_no_participant_or_their_people(client, forum, make_participant, person_of):
    participant = make_participant(forum, name="Karachi Cloud Works", country="PK")
    representative = person_of(participant)

    response = client.get(forum.get_absolute_url())

    assert "Karachi Cloud Works" not in response.text
    assert representative.full_name not in response.text
    assert representative.email not in response.text
    assert reverse("forums:participants", args=[forum.slug]) not in response.text


def test_a_visitor_is_led_to_sign_up_and_back_to_the_forum(client, forum):
    response = client.get(forum.get_absolute_url())

    back = quote(forum.get_absolute_url())
    assert f'{reverse("account_signup")}?next={back}"' in response.text
    assert f'{reverse("account_login")}?next={back}"' in response.text
    assert "Register your organisation and take part" in response.text
    assert reverse("forums:register", args=[forum.slug]) not in response.text


def test_a_person_without_an_organisation_is_led_to_joining_and_back(client, forum, newcomer):
    client.force_login(newcomer)

    response = client.get(forum.get_absolute_url())

    assert response.status_code == 200
    assert reverse("forums:register", args=[forum.slug]) not in response.text
    assert reverse("account_signup") not in response.text
    try:
        start = reverse("joining:start")
    except NoReverseMatch:  # the joining pages are not mounted yet
        return
    assert f'{start}?next={quote(forum.get_absolute_url())}"' in response.text


def test_a_member_registers_through_the_forums_own_flow(client, forum, member):
    client.force_login(member)

    response = client.get(forum.get_absolute_url())

    assert reverse("forums:register", args=[forum.slug]) in response.text
    assert "take-part" not in response.text


def test_nobody_is_offered_to_take_part_once_registration_has_closed(client, forum, secretariat):
    services.set_event_status(actor=secretariat, event=forum, status=EventStatus.SCHEDULING)

    response = client.get(forum.get_absolute_url())

    assert "Registration is closed." in response.text
    assert reverse("account_signup") not in response.text.split('id="take-part"')[1]


@pytest.mark.parametrize(
    ("persona", "page", "code"),
    [
        *[(p, "event", 200) for p in PERSONAS],
        *[(p, "list", 200) for p in PERSONAS],
        ("anonymous", "participants", 302),
        ("anonymous", "marketplace", 302),
        ("anonymous", "register", 302),
        ("anonymous", "requests", 302),
        ("anonymous", "edit", 302),
        ("newcomer", "participants", 404),
        ("newcomer", "edit", 404),
        ("member", "edit", 404),
        ("secretariat", "participants", 200),
        ("secretariat", "edit", 200),
    ],
)
def test_who_opens_which_forum_page(as_persona, persona, page, code, forum):
    url = reverse("forums:list") if page == "list" else reverse(f"forums:{page}", args=[forum.slug])
    if page == "event":
        url = forum.get_absolute_url()

    response = as_persona(persona).get(url)

    assert response.status_code == code
    if code == 302:
        assert reverse("accounts:login") in response["Location"]


def test_a_visitor_cannot_register_an_organisation_by_posting(client, forum, organisation):
    response = client.post(
        reverse("forums:register", args=[forum.slug]), {"organisation": organisation.pk}
    )

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Participant.objects.exists()
