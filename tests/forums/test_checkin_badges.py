"""The check-in desk finds people by name or organisation and checks them in without a code;
badges print one page per person with the check-in code, for the event or one participant."""

import io
import json

import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from silkbridge.forums import day_services, selectors
from silkbridge.forums.models import ParticipantStatus, Representative

PERSONAS = ["organiser", "secretariat", "own", "other", "outsider", "anonymous"]


@pytest.fixture
def desk(forum, make_participant, make_user, person_of):
    kz = make_participant(forum, country="KZ", name="Qazaq Cloud", people=0)
    for name in ("Aigerim Sadykova", "Daniyar Bekov"):
        user = make_user(full_name=name, organisation=kz.organisation)
        Representative.objects.create(participant=kz, user=user)
    pk = make_participant(forum, country="PK", name="Lahore Data Systems")
    pending = make_participant(
        forum, country="PK", name="Pending Partner", status=ParticipantStatus.PENDING
    )
    organiser = make_user(full_name="Forum Organiser")
    forum.organisers.add(organiser)
    people = {
        "organiser": organiser,
        "own": kz.representatives.first().user,
        "other": person_of(pk),
        "outsider": make_user(),
    }
    return {"event": forum, "kz": kz, "pk": pk, "pending": pending, "people": people}


def sign_in(client, desk, persona, secretariat):
    if persona == "secretariat":
        client.force_login(secretariat)
    elif persona != "anonymous":
        client.force_login(desk["people"][persona])
    return client


def test_search_finds_by_organisation_person_or_email_and_only_approved(desk):
    event = desk["event"]
    assert selectors.checkin_search(event, "qazaq") == [desk["kz"]]
    assert selectors.checkin_search(event, "daniyar") == [desk["kz"]]
    email = desk["people"]["other"].email
    assert selectors.checkin_search(event, email.upper()) == [desk["pk"]]
    assert selectors.checkin_search(event, "pending") == []
    assert selectors.checkin_search(event, "q") == []  # one letter would list everyone


def test_arrived_participants_come_after_those_still_expected(desk, secretariat):
    event = desk["event"]
    day_services.check_in_participant(actor=secretariat, event=event, participant=desk["kz"])
    assert selectors.checkin_search(event, "a") == []
    assert selectors.checkin_search(event, "da")[-1] == desk["kz"]


def test_check_in_by_name_is_for_organisers_and_approved_participants(desk, secretariat):
    event = desk["event"]
    with pytest.raises(PermissionDenied):
        day_services.check_in_participant(
            actor=desk["people"]["own"], event=event, participant=desk["kz"]
        )
    with pytest.raises(Exception) as error:
        day_services.check_in_participant(
            actor=secretariat, event=event, participant=desk["pending"]
        )
    assert "participant" in error.value.message_dict
    first = day_services.check_in_participant(
        actor=secretariat, event=event, participant=desk["kz"]
    )
    again = day_services.check_in_participant(
        actor=secretariat, event=event, participant=desk["kz"]
    )
    assert not first.already and again.already
    assert again.participant.checked_in_at == first.participant.checked_in_at


def test_the_desk_page_searches_and_checks_in_with_one_button(client, desk, secretariat):
    event = desk["event"]
    client.force_login(secretariat)
    url = reverse("forums:checkin", kwargs={"slug": event.slug})
    html = client.get(url, {"q": "Aigerim"}).content.decode()
    target = reverse("forums:checkin-participant", kwargs={"slug": event.slug, "pk": desk["kz"].pk})
    assert f'action="{target}"' in html and "Daniyar Bekov" in html
    assert "Lahore Data Systems" not in html.split('id="checkin-found"')[1].split("</section>")[0]
    response = client.post(target, {"next": f"{url}?q=Aigerim"}, follow=True)
    assert "Qazaq Cloud is checked in." in response.content.decode()
    desk["kz"].refresh_from_db()
    assert desk["kz"].checked_in_at is not None
    nothing = client.get(url, {"q": "Nobody Here"}).content.decode()
    assert 'id="checkin-none"' in nothing


DESK = {"organiser": 200, "secretariat": 200, "own": 403, "other": 403, "outsider": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_check_in_by_name_permission_matrix(client, desk, secretariat, persona):
    event = desk["event"]
    sign_in(client, desk, persona, secretariat)
    target = reverse("forums:checkin-participant", kwargs={"slug": event.slug, "pk": desk["kz"].pk})
    response = client.post(target)
    expected = {**DESK, "anonymous": 302}[persona]
    assert response.status_code == (302 if expected == 200 else expected)
    desk["kz"].refresh_from_db()
    assert (desk["kz"].checked_in_at is not None) == (expected == 200)
    api = client.get(f"/api/v1/forums/events/{event.slug}/checkin/search?q=qazaq")
    assert api.status_code == {**DESK, "anonymous": 401}[persona]
    if api.status_code == 200:
        assert [row["participant_id"] for row in api.json()] == [desk["kz"].pk]
        assert api.json()[0]["people"] == ["Aigerim Sadykova", "Daniyar Bekov"]


def test_the_api_checks_in_by_participant(client, desk, secretariat):
    event = desk["event"]
    client.force_login(secretariat)
    path = f"/api/v1/forums/events/{event.slug}/participants/{{}}/checkin"
    response = client.post(path.format(desk["kz"].pk), content_type="application/json")
    assert response.status_code == 200 and response.json()["already_checked_in"] is False
    refused = client.post(path.format(desk["pending"].pk), content_type="application/json")
    assert refused.status_code == 422
    assert "participant" in json.loads(refused.content)["error"]["fields"]


def pdf_pages(response) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages]


def test_badges_print_one_page_per_person_with_the_code(client, desk, secretariat):
    event = desk["event"]
    client.force_login(secretariat)
    response = client.get(reverse("forums:badges", kwargs={"slug": event.slug}))
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response)
    # Qazaq Cloud's two people, Lahore's one; the pending registration has none.
    assert len(pages) == 3
    names = ["Aigerim Sadykova", "Daniyar Bekov", desk["people"]["other"].get_full_name()]
    assert all(names)
    for page in pages:
        assert event.name in page
        assert sum(name in page for name in names) == 1  # one person per page
    text = "\n".join(pages)
    assert all(name in text for name in names)
    assert desk["kz"].checkin_token in text and "Pending Partner" not in text

    one = client.get(
        reverse("forums:badges-participant", kwargs={"slug": event.slug, "pk": desk["kz"].pk})
    )
    assert [("Qazaq Cloud" in p) for p in pdf_pages(one)] == [True, True]


BADGES_ALL = {**DESK, "anonymous": 302}
BADGES_OWN = {**DESK, "own": 200, "anonymous": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_badges_permission_matrix(client, desk, secretariat, persona):
    event = desk["event"]
    sign_in(client, desk, persona, secretariat)
    everyone = client.get(reverse("forums:badges", kwargs={"slug": event.slug}))
    assert everyone.status_code == BADGES_ALL[persona]
    own = client.get(
        reverse("forums:badges-participant", kwargs={"slug": event.slug, "pk": desk["kz"].pk})
    )
    assert own.status_code == BADGES_OWN[persona]
