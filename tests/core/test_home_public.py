"""The home page a visitor (not signed in) sees: the working group, live figures, forums,
opportunities, stories and announcements, without anything private; cached per language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.announcements import services as announcement_services
from silkbridge.announcements.front_page import front_page_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_forum(db):
    from silkbridge.forums.models import Event

    def make(name, *, status="registration", days=30):
        start = timezone.localdate() + datetime.timedelta(days=days)
        return Event.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            starts_on=start,
            ends_on=start,
            status=status,
        )

    return make


@pytest.fixture
def public_venture(make_organisation, make_user):
    """A venture of a Kazakh and a Pakistani company, both parties agreeing to a story."""
    from silkbridge.ventures import services

    kz = make_organisation("Steppe Analytics", country="KZ")
    pk = make_organisation("Indus Code Works", country="PK")
    author = make_user(organisation=kz)
    venture = services.create_venture(
        actor=author,
        data={
            "title": "Shared cloud for clinics",
            "kind": "joint_venture",
            "started_on": timezone.localdate() - datetime.timedelta(days=90),
            "value_amount": "987654",
            "value_currency": "USD",
        },
        parties=[(kz, "lead"), (pk, "partner")],
    )
    venture.parties.update(public_story=True)
    return venture


def _home(client, language="en"):
    return client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=language)


def test_a_visitor_learns_what_the_working_group_is_and_who_runs_it(client):
    page = _home(client).content.decode()

    assert "The bilateral IT cooperation working group" in page
    assert "Kazakhstan" in page and "Pakistan" in page
    assert "Who runs it" in page


def test_the_calls_to_action_lead_to_sign_up_and_come_back(client):
    page = _home(client).content.decode()

    assert f'{reverse("account_signup")}?next=/"' in page
    assert f"{reverse('account_signup')}?next={reverse('joining:start')}" in page


def test_live_counts_of_organisations_opportunities_forums_and_stories(
    client, make_organisation, make_opportunity, make_forum, public_venture
):
    company = make_organisation("Almaty Soft", country="KZ", kind="company")
    make_opportunity(company)
    make_opportunity(company, status="draft")
    make_forum("Karachi B2B Days")
    make_forum("Unannounced forum", status="draft")

    response = _home(client)

    counts = response.context["counts"]
    assert counts == {"opportunities": 1, "forums": 1, "ventures": 1}
    kz = next(side for side in response.context["sides"] if side["code"] == "KZ")
    assert kz["total"] == 2  # Almaty Soft and Steppe Analytics


def test_upcoming_public_forums_are_shown_and_drafts_are_not(client, make_forum):
    make_forum("Karachi B2B Days")
    make_forum("Past forum", days=-30)
    make_forum("Secret plans", status="draft")

    page = _home(client).content.decode()

    assert "Karachi B2B Days" in page
    assert "Past forum" not in page
    assert "Secret plans" not in page


def test_an_anonymous_opportunity_never_shows_its_owner(
    client, make_organisation, make_opportunity
):
    owner = make_organisation("Hidden Owner Ltd", country="PK")
    make_opportunity(owner, title="Looking for a payments partner", is_anonymous=True)
    named = make_organisation("Open Owner Ltd", country="KZ")
    make_opportunity(named, title="Offering e-government APIs")

    page = _home(client).content.decode()

    assert "Looking for a payments partner" in page
    assert "Hidden Owner Ltd" not in page
    assert "Open Owner Ltd" in page


def test_a_success_story_shows_names_and_stage_but_not_the_value(client, public_venture):
    page = _home(client).content.decode()

    assert "Shared cloud for clinics" in page
    assert "Indus Code Works" in page
    assert "987" not in page


def test_no_contacts_or_people_reach_the_visitors_home(
    client, organisation, member, make_opportunity, make_forum, public_venture
):
    make_opportunity(organisation)

    page = _home(client).content.decode()

    assert member.email not in page
    assert member.full_name not in page


def test_announcements_show_in_the_readers_language(client, make_announcement_for_home):
    make_announcement_for_home(title_en="Forum opens", title_ru="Форум открыт", body_ru="Текст.")

    assert "Форум открыт" in _home(client, "ru").content.decode()
    assert "Forum opens" in _home(client, "en").content.decode()
    # Kazakh was not written: English is shown.
    assert "Forum opens" in _home(client, "kk").content.decode()


def test_the_public_page_is_cached_per_language(client, make_organisation):
    from django.core.cache import cache

    _home(client, "ru")
    make_organisation("Arrived Later", country="KZ")

    assert cache.get(front_page_key("ru")) is not None
    assert cache.get(front_page_key("en")) is None
    cached = _home(client, "ru").context["sides"]
    assert next(s for s in cached if s["code"] == "KZ")["total"] == 0


def test_publishing_an_announcement_refreshes_every_language_at_once(
    client, secretariat, django_capture_on_commit_callbacks
):
    _home(client, "en")
    _home(client, "ur")
    draft = announcement_services.create_announcement(
        actor=secretariat, data={"kind": "news", "title_en": "Fresh news", "body_en": "Text."}
    )

    with django_capture_on_commit_callbacks(execute=True):
        announcement_services.publish_announcement(actor=secretariat, announcement=draft)

    assert "Fresh news" in _home(client, "en").content.decode()
    assert "Fresh news" in _home(client, "ur").content.decode()


def test_signed_in_people_still_see_their_organisations(client, member, organisation):
    client.force_login(member)

    page = _home(client).content.decode()

    assert "Your organisations" in page
    assert organisation.name in page


@pytest.fixture
def make_announcement_for_home(db):
    from silkbridge.announcements.models import Announcement

    def make(**fields):
        return Announcement.objects.create(
            kind="news", published_at=timezone.now(), body_en="Text.", **fields
        )

    return make
