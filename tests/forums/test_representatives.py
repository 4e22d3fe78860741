"""Who attends each meeting: the scheduler's default never puts a person in two places at once,
the organisation's admin changes it, and the agenda page, iCalendar and API say who goes where,
per person."""

import json
from collections import Counter

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from silkbridge.forums import agenda as agendas
from silkbridge.forums import ical, representatives, schedule_edits, scheduling, services
from silkbridge.forums import meeting_requests as mr
from silkbridge.forums.models import EventStatus, Meeting, MeetingStatus, Representative


@pytest.fixture
def team(forum, make_participant, make_user, person_of):
    """A KZ organisation with two representatives (Aigerim, Daniyar) and an admin who is not one,
    free only in the first two slots, with accepted requests from four PK companies: two
    meetings in each of those slots, so both people are needed at once."""
    kz = make_participant(forum, country="KZ", name="Qazaq Cloud", people=0)
    aigerim = make_user(full_name="Aigerim Sadykova", organisation=kz.organisation)
    daniyar = make_user(full_name="Daniyar Bekov", organisation=kz.organisation)
    admin = make_user(full_name="Team Admin", organisation=kz.organisation, role="admin")
    for user in (aigerim, daniyar):
        Representative.objects.create(participant=kz, user=user)
    kz.available_slots.set(forum.slots.order_by("starts_at")[:2])
    partners = [make_participant(forum, country="PK", name=f"Lahore {i}") for i in range(4)]
    for partner in partners:
        request = mr.send_request(actor=person_of(partner), sender=partner, receiver=kz)
        mr.accept_request(actor=aigerim, request=request)
    return {"kz": kz, "aigerim": aigerim, "daniyar": daniyar, "admin": admin, "pk": partners}


def scheduled(forum, secretariat):
    scheduling.run_schedule(actor=secretariat, event=forum)
    schedule_edits.publish(actor=secretariat, event=forum)
    forum.refresh_from_db()
    return list(
        Meeting.objects.filter(event=forum)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("a_representative", "b_representative")
    )


def attendee_users(meeting):
    return {
        side: getattr(meeting, f"{side}_representative").user_id
        for side in ("a", "b")
        if getattr(meeting, f"{side}_representative") is not None
    }


def assert_nobody_in_two_places(meetings):
    seats = Counter()
    for meeting in meetings:
        for user_id in attendee_users(meeting).values():
            seats[(meeting.slot_id, user_id)] += 1
    assert seats and max(seats.values()) == 1


def test_the_scheduler_gives_each_meeting_side_a_person_never_in_two_places(
    forum, team, secretariat
):
    meetings = scheduled(forum, secretariat)
    assert len(meetings) == 4
    assert all(len(attendee_users(m)) == 2 for m in meetings)
    assert_nobody_in_two_places(meetings)
    kz_people = Counter(
        attendee_users(m)["a" if m.a_id == team["kz"].pk else "b"] for m in meetings
    )
    assert kz_people == {team["aigerim"].pk: 2, team["daniyar"].pk: 2}


def kz_side(meeting, team):
    return "a" if meeting.a_id == team["kz"].pk else "b"


def test_the_admin_chooses_who_attends_and_a_busy_colleague_swaps(forum, team, secretariat):
    meetings = scheduled(forum, secretariat)
    first = meetings[0]
    twin = next(m for m in meetings if m.slot_id == first.slot_id and m.pk != first.pk)
    side = kz_side(first, team)
    current = getattr(first, f"{side}_representative").user
    other = team["daniyar"] if current == team["aigerim"] else team["aigerim"]
    rep = Representative.objects.get(participant=team["kz"], user=other)

    representatives.choose_representative(
        actor=team["admin"], meeting=first, participant=team["kz"], representative=rep
    )

    first.refresh_from_db()
    twin.refresh_from_db()
    assert getattr(first, f"{side}_representative").user == other
    assert getattr(twin, f"{kz_side(twin, team)}_representative").user == current
    assert_nobody_in_two_places(Meeting.objects.filter(event=forum))


def test_only_the_organisations_admins_and_organisers_choose(forum, team, secretariat, person_of):
    meeting = scheduled(forum, secretariat)[0]
    rep = Representative.objects.get(participant=team["kz"], user=team["daniyar"])
    partner = meeting.other_side(team["kz"].pk)
    for actor in (team["aigerim"], person_of(partner)):
        with pytest.raises(PermissionDenied):
            representatives.choose_representative(
                actor=actor, meeting=meeting, participant=team["kz"], representative=rep
            )
    representatives.choose_representative(
        actor=secretariat, meeting=meeting, participant=team["kz"], representative=rep
    )


def test_a_person_of_another_organisation_cannot_attend(forum, team, secretariat):
    meeting = scheduled(forum, secretariat)[0]
    partner = meeting.other_side(team["kz"].pk)
    stranger = partner.representatives.first()
    with pytest.raises(ValidationError) as error:
        representatives.choose_representative(
            actor=team["admin"], meeting=meeting, participant=team["kz"], representative=stranger
        )
    assert "representative" in error.value.message_dict


def test_removing_a_representative_hands_their_meetings_to_the_others(forum, team, secretariat):
    scheduled(forum, secretariat)
    # With one person left, only one meeting per slot can have someone; the grid says so.
    services.update_registration(
        actor=team["admin"], participant=team["kz"], representatives=[team["aigerim"]]
    )
    meetings = list(Meeting.objects.filter(event=forum).exclude(status=MeetingStatus.CANCELLED))
    kz_users = [attendee_users(m).get(kz_side(m, team)) for m in meetings]
    assert team["daniyar"].pk not in kz_users
    assert kz_users.count(team["aigerim"].pk) == 2
    assert_nobody_in_two_places(meetings)


def test_each_persons_agenda_lists_only_their_meetings_and_says_who_attends(
    forum, team, secretariat
):
    scheduled(forum, secretariat)
    everyone = agendas.build_agenda(team["admin"], team["kz"], with_matching=False)
    aigerim = agendas.build_agenda(
        team["admin"], team["kz"], with_matching=False, person_id=team["aigerim"].pk
    )
    assert len(everyone.rows) == 4
    assert {row.attendee for row in everyone.rows} == {"Aigerim Sadykova", "Daniyar Bekov"}
    assert len(aigerim.rows) == 2 and {row.attendee for row in aigerim.rows} == {"Aigerim Sadykova"}
    assert aigerim.person == "Aigerim Sadykova"
    # Someone who is not a representative gives the organisation's agenda, not an empty one.
    stranger = agendas.build_agenda(
        team["admin"], team["kz"], with_matching=False, person_id=team["admin"].pk
    )
    assert stranger.person_id is None and len(stranger.rows) == 4

    calendar = icalendar.Calendar.from_ical(ical.agenda_calendar(aigerim))
    entries = calendar.walk("VEVENT")
    assert len(entries) == 2
    assert all("Attends: Aigerim Sadykova" in str(e["description"]) for e in entries)
    assert ical.filename(aigerim) != ical.filename(everyone)


def test_the_agenda_page_shows_who_attends_and_filters_by_person(client, forum, team, secretariat):
    meetings = scheduled(forum, secretariat)
    client.force_login(team["daniyar"])
    mine = client.get(reverse("forums:my-agenda", kwargs={"slug": forum.slug}))
    assert mine.status_code == 302 and f"?person={team['daniyar'].pk}" in mine["Location"]
    page = client.get(mine["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("Attends: <bdi>Daniyar Bekov</bdi>") == 2
    assert "Aigerim Sadykova</bdi>" not in html.split('id="agenda-people"')[1].split("</nav>")[1]
    # A member who is not an admin sees no way to change who attends.
    assert "Change who attends" not in html

    client.force_login(team["admin"])
    url = reverse("forums:agenda", kwargs={"slug": forum.slug, "pk": team["kz"].pk})
    html = client.get(url).content.decode()
    assert html.count("Change who attends") == len(meetings)


def test_the_attendee_form_changes_who_attends_and_refuses_outsiders(
    client, forum, team, secretariat, person_of, make_user
):
    meeting = scheduled(forum, secretariat)[0]
    side = kz_side(meeting, team)
    current = getattr(meeting, f"{side}_representative").user
    other = team["daniyar"] if current == team["aigerim"] else team["aigerim"]
    url = reverse("forums:meeting-representative", kwargs={"pk": meeting.pk})
    data = {"participant": team["kz"].pk, "person": other.pk}

    client.force_login(make_user())
    assert client.post(url, data).status_code == 403
    client.force_login(team["aigerim"])
    client.post(url, data)
    meeting.refresh_from_db()
    assert getattr(meeting, f"{side}_representative").user == current

    client.force_login(team["admin"])
    response = client.post(url, data, follow=True)
    assert "Who attends is saved." in response.content.decode()
    meeting.refresh_from_db()
    assert getattr(meeting, f"{side}_representative").user == other


def api(client, method, path, body=None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(f"/api/v1/forums{path}", **kwargs)


def test_the_api_gives_each_persons_agenda_and_lets_the_admin_choose(
    client, forum, team, secretariat, person_of
):
    meeting = scheduled(forum, secretariat)[0]
    assert forum.status == EventStatus.PUBLISHED
    client.force_login(team["admin"])
    path = f"/events/{forum.slug}/participants/{team['kz'].pk}/agenda"
    body = api(client, "get", f"{path}?person={team['aigerim'].pk}").json()
    assert body["person_user_id"] == team["aigerim"].pk
    assert [m["attendee_name"] for m in body["meetings"]] == ["Aigerim Sadykova"] * 2

    attendee = f"/meetings/{meeting.pk}/attendee"
    wrong = {"participant_id": team["kz"].pk, "person_user_id": person_of(team["pk"][0]).pk}
    assert api(client, "put", attendee, wrong).status_code == 422
    right = {"participant_id": team["kz"].pk, "person_user_id": team["daniyar"].pk}
    response = api(client, "put", attendee, right)
    assert response.status_code == 200
    side = kz_side(meeting, team)
    assert response.json()[f"{side}_attendee_user_id"] == team["daniyar"].pk

    client.force_login(team["aigerim"])
    assert api(client, "put", attendee, right).status_code == 403
    client.force_login(person_of(team["pk"][3]))
    assert api(client, "put", attendee, right).status_code in (403, 404)


def test_a_walk_in_names_who_attends_for_both_sides(
    forum, team, secretariat, make_participant, person_of
):
    from silkbridge.forums import day_services

    scheduled(forum, secretariat)
    kz = make_participant(forum, country="KZ", name="Almaty Walk-in")
    pk = make_participant(forum, country="PK", name="Karachi Walk-in")
    slot = forum.slots.order_by("starts_at").last()
    meeting = day_services.book_walk_in(
        actor=secretariat, event=forum, slot=slot, a=kz, b=pk, table=None, virtual=False
    )
    assert meeting.a_representative.user == person_of(kz)
    assert meeting.b_representative.user == person_of(pk)


def test_each_persons_pdf_says_who_attends(client, forum, team, secretariat):
    import io

    import pypdf

    scheduled(forum, secretariat)
    client.force_login(team["admin"])
    url = reverse("forums:agenda-pdf", kwargs={"slug": forum.slug, "pk": team["kz"].pk})

    def words(response) -> str:
        # A long name may wrap in its column: compare words, not lines.
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    everyone = client.get(url)
    text = words(everyone)
    assert "Attends: Aigerim Sadykova" in text and "Attends: Daniyar Bekov" in text
    mine = client.get(url, {"person": team["daniyar"].pk})
    text = words(mine)
    assert "Agenda of Daniyar Bekov" in text
    assert "Attends: Daniyar Bekov" in text and "Aigerim Sadykova" not in text
    assert f"agenda-{team['daniyar'].pk}.pdf" in mine["Content-Disposition"]
