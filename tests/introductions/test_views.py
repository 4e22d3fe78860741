"""Introduction and interest pages: the permission matrix, contacts revealed only after both
accept, the interest panel, and the directory profile's buttons."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from silkbridge.introductions import interests, services
from silkbridge.introductions.models import Interest, Introduction

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "counterpart", "secretariat", "stranger", "anonymous"]


@pytest.fixture
def as_persona(request, client):
    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("counterpart", 200),
        ("secretariat", 200),
        ("stranger", 404),
        ("anonymous", 302),
    ],
)
def test_introduction_detail_matrix(as_persona, pending_introduction, persona, status):
    response = as_persona(persona).get(pending_introduction.get_absolute_url())
    assert response.status_code == status
    if status == 302:
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 404),
        ("counterpart", 404),
        ("secretariat", 200),
        ("stranger", 404),
        ("anonymous", 302),
    ],
)
def test_overview_matrix(as_persona, pending_introduction, persona, status):
    response = as_persona(persona).get(reverse("introductions:overview"))
    assert response.status_code == status
    if status == 200:
        assert pending_introduction.org_a.name in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("member", "already answered"),
        ("counterpart", "accepted"),
        ("secretariat", 404),
        ("stranger", 404),
        ("anonymous", 302),
    ],
)
def test_respond_matrix(
    as_persona, pending_introduction, other_organisation, organisation, persona, outcome
):
    client = as_persona(persona)
    org = organisation if persona == "member" else other_organisation
    response = client.post(
        reverse("introductions:respond", args=[pending_introduction.pk]),
        {"organisation": org.pk, "answer": "accept"},
        follow=isinstance(outcome, str),
    )
    pending_introduction.refresh_from_db()
    if isinstance(outcome, int):
        assert response.status_code == outcome
        assert pending_introduction.status == "pending"
    elif outcome == "accepted":
        assert pending_introduction.status == "accepted"
        assert "You are introduced" in response.content.decode()
    else:
        assert "already answered" in response.content.decode()
        assert pending_introduction.status == "pending"


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("member", False), ("counterpart", False), ("secretariat", True), ("stranger", False)],
)
def test_secretariat_actions_matrix(as_persona, pending_introduction, persona, allowed):
    client = as_persona(persona)
    pk = pending_introduction.pk
    response = client.post(reverse("introductions:close", args=[pk]), {"reason": "Done"})
    pending_introduction.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert pending_introduction.status == "closed"
    else:
        assert response.status_code == 404
        assert pending_introduction.status == "pending"
    assert client.post(reverse("introductions:nudge", args=[pk])).status_code == (
        302 if allowed else 404
    )


def test_detail_shows_answer_form_only_to_pending_side(
    client, pending_introduction, member, counterpart
):
    client.force_login(counterpart)
    page = client.get(pending_introduction.get_absolute_url()).content.decode()
    assert "Your answer for Lahore Software House" in page
    assert "Each side answers by" in page
    client.force_login(member)
    page = client.get(pending_introduction.get_absolute_url()).content.decode()
    assert "Your answer for" not in page


def test_contacts_revealed_only_after_both_accept(
    client, pending_introduction, member, counterpart, other_organisation
):
    client.force_login(counterpart)
    detail = pending_introduction.get_absolute_url()
    profile = pending_introduction.org_a.get_absolute_url()
    assert member.email not in client.get(detail).content.decode()
    assert member.email not in client.get(profile).content.decode()

    client.post(
        reverse("introductions:respond", args=[pending_introduction.pk]),
        {"organisation": other_organisation.pk, "answer": "accept"},
    )

    page = client.get(detail).content.decode()
    assert member.email in page
    assert "Open the conversation" in page
    assert member.email in client.get(profile).content.decode()


def test_contacts_hidden_again_once_closed(
    client, accepted_introduction, secretariat, member, counterpart
):
    services.close(actor=secretariat, introduction=accepted_introduction, reason="Ended")
    client.force_login(counterpart)
    assert (
        member.email
        not in client.get(accepted_introduction.org_a.get_absolute_url()).content.decode()
    )


def test_decline_with_reason_is_shown(
    client, pending_introduction, member, counterpart, other_organisation
):
    client.force_login(counterpart)
    client.post(
        reverse("introductions:respond", args=[pending_introduction.pk]),
        {"organisation": other_organisation.pk, "answer": "decline", "reason": "Not now"},
    )
    client.force_login(member)
    page = client.get(pending_introduction.get_absolute_url()).content.decode()
    assert "Declined" in page and "Not now" in page


def test_list_tabs(client, pending_introduction, member, counterpart):
    client.force_login(counterpart)
    url = reverse("introductions:list")
    assert "Qazaq Fintech Labs" in client.get(url).content.decode()
    assert "Qazaq Fintech Labs" not in client.get(url + "?tab=other").content.decode()
    client.force_login(member)
    assert "Lahore Software House" in client.get(url + "?tab=other").content.decode()
    assert "Nothing here" in client.get(url + "?tab=accepted").content.decode()


def test_overview_filters(client, secretariat, pending_introduction, accepted_introduction=None):
    client.force_login(secretariat)
    url = reverse("introductions:overview")
    assert "Qazaq Fintech Labs" in client.get(url + "?status=pending").content.decode()
    assert "No introductions match" in client.get(url + "?status=accepted").content.decode()
    assert "No introductions match" in client.get(url + "?overdue=on").content.decode()
    assert "Qazaq Fintech Labs" in client.get(url + "?broker=none").content.decode()


# --- the interest panel ------------------------------------------------------------------------


def render_panel(user, opportunity) -> str:
    request = RequestFactory().get(opportunity.get_absolute_url())
    request.user = user
    template = Template("{% load introductions_tags %}{% interest_panel opportunity %}")
    return template.render(Context({"request": request, "user": user, "opportunity": opportunity}))


def test_panel_for_anonymous(opportunity):
    from django.contrib.auth.models import AnonymousUser

    assert "to express your organisation" in render_panel(AnonymousUser(), opportunity)


def test_panel_for_other_organisation_then_owner(opportunity, counterpart, member, client):
    html = render_panel(counterpart, opportunity)
    assert "Express interest" in html
    client.force_login(counterpart)
    response = client.post(
        reverse("introductions:interest-express", args=[opportunity.pk]),
        {"organisation": counterpart.people.get().organisation_id, "message": "We build APIs."},
    )
    assert response.status_code == 302
    interest = Interest.objects.get()
    html = render_panel(counterpart, opportunity)
    assert "Express interest" not in html and "Awaiting answer" in html

    owner_html = render_panel(member, opportunity)
    assert "We build APIs." in owner_html and "Accept and introduce" in owner_html

    client.force_login(member)
    response = client.post(
        reverse("introductions:interest-accept", args=[interest.pk]), follow=True
    )
    introduction = Introduction.objects.get()
    assert response.redirect_chain[-1][0] == introduction.get_absolute_url()
    page = response.content.decode()
    assert "you are introduced, and the conversation is open" in page
    assert 'id="introduction-status"' in page and "Open the conversation" in page
    # The interested side sees the way to it from the opportunity.
    assert introduction.get_absolute_url() in render_panel(counterpart, opportunity)
    # Accepting twice: a clear message, still one introduction.
    response = client.post(
        reverse("introductions:interest-accept", args=[interest.pk]), follow=True
    )
    assert "already been answered" in response.content.decode()
    assert Introduction.objects.count() == 1


def test_panel_on_closed_opportunity(make_open_opportunity, organisation, counterpart):
    opportunity = make_open_opportunity(organisation, status="closed")
    html = render_panel(counterpart, opportunity)
    assert "Express interest" not in html
    assert "closed to new expressions of interest" in html


def test_express_interest_on_closed_opportunity_shows_error(
    make_open_opportunity, organisation, counterpart, other_organisation, client
):
    opportunity = make_open_opportunity(organisation, status="closed")
    client.force_login(counterpart)
    client.post(
        reverse("introductions:interest-express", args=[opportunity.pk]),
        {"organisation": other_organisation.pk, "message": "Hi"},
    )
    assert not Interest.objects.exists()


def test_stranger_cannot_answer_interest(
    opportunity, counterpart, stranger, other_organisation, client
):
    interest = interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Hi"
    )
    client.force_login(stranger)
    assert (
        client.post(reverse("introductions:interest-accept", args=[interest.pk])).status_code == 404
    )
    assert (
        client.post(reverse("introductions:interest-decline", args=[interest.pk])).status_code
        == 404
    )
    client.force_login(counterpart)
    # The interested side sees its interest but cannot accept it itself.
    assert (
        client.post(reverse("introductions:interest-accept", args=[interest.pk])).status_code == 403
    )


# --- directory profile -------------------------------------------------------------------------


def test_profile_offers_proposal_to_other_members(client, counterpart, organisation, member):
    client.force_login(counterpart)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Propose an introduction" in page
    response = client.post(
        reverse("introductions:propose", args=[organisation.slug]),
        {"from_organisation": counterpart.people.get().organisation_id, "message": "Let's talk"},
    )
    introduction = Introduction.objects.get()
    assert response["Location"] == introduction.get_absolute_url()
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "View your introduction" in page
    client.force_login(member)
    assert (
        "Propose an introduction"
        not in client.get(organisation.get_absolute_url()).content.decode()
    )


def test_profile_secretariat_introduces(client, secretariat, organisation, other_organisation):
    client.force_login(secretariat)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Introduce to" in page
    client.post(
        reverse("introductions:secretariat-introduce", args=[organisation.slug]),
        {"other": other_organisation.slug, "message": "Meet"},
    )
    introduction = Introduction.objects.get()
    assert introduction.broker == secretariat
    response = client.post(
        reverse("introductions:secretariat-introduce", args=[organisation.slug]),
        {"other": other_organisation.slug, "message": "Again"},
        follow=True,
    )
    assert "already have an open introduction: here it is" in response.content.decode()
    assert response.redirect_chain[-1][0] == introduction.get_absolute_url()
    assert Introduction.objects.count() == 1


def test_anonymous_sees_no_proposal_button(client, organisation):
    assert (
        "Propose an introduction"
        not in client.get(organisation.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "text"),
    [
        ("member", "No organisation has expressed interest yet."),
        ("counterpart", "Express interest"),
        ("anonymous", "to express your organisation"),
    ],
)
def test_panel_on_the_opportunity_page(as_persona, opportunity, persona, text):
    page = as_persona(persona).get(opportunity.get_absolute_url()).content.decode()
    assert text in page


def test_anonymous_owner_hidden_on_introduction_page_until_accepted(
    client, make_open_opportunity, organisation, member, counterpart, other_organisation
):
    # An introduction that names an anonymous post (from a recommendation of it) hides its
    # owner from the other side until both accept.
    secret = make_open_opportunity(organisation, is_anonymous=True)
    introduction = services.propose_introduction(
        actor=member,
        from_org=organisation,
        to_org=other_organisation,
        origin="recommendation",
        opportunity=secret,
    )
    client.force_login(counterpart)
    for url in (introduction.get_absolute_url(), reverse("introductions:list")):
        page = client.get(url).content.decode()
        assert organisation.name not in page
        assert "name hidden" in page
    client.post(
        reverse("introductions:respond", args=[introduction.pk]),
        {"organisation": other_organisation.pk, "answer": "accept"},
    )
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert organisation.name in page and member.email in page


def test_interest_in_a_draft_is_not_found_rather_than_refused(
    client, make_open_opportunity, organisation, counterpart, other_organisation
):
    draft = make_open_opportunity(organisation, status="draft", published_at=None)
    client.force_login(counterpart)
    response = client.post(
        reverse("introductions:interest-express", args=[draft.pk]),
        {"organisation": other_organisation.pk, "message": "We can help."},
    )
    assert response.status_code == 404
    assert not Interest.objects.exists()


def test_an_over_long_decline_reason_is_refused_not_dropped(
    client, opportunity, counterpart, member
):
    interest = interests.express_interest(
        actor=counterpart,
        opportunity=opportunity,
        organisation=counterpart.people.get().organisation,
        message="We build open banking gateways.",
    )
    client.force_login(member)
    response = client.post(
        reverse("introductions:interest-decline", args=[interest.pk]),
        {"reason": "x" * 600},
        follow=True,
    )
    interest.refresh_from_db()
    assert interest.status == "pending"
    assert "500" in response.content.decode()


def test_panel_points_to_the_open_introduction_instead_of_a_new_interest(
    client, opportunity, accepted_introduction, counterpart, other_organisation
):
    # given the two organisations are already introduced
    html = render_panel(counterpart, opportunity)

    # then the interested side is shown the way to it, not a form that would dead-end
    assert "Express interest" not in html
    assert "is already introduced to" in html
    assert accepted_introduction.get_absolute_url() in html
    # and a hand-made request is refused with the reason
    client.force_login(counterpart)
    response = client.post(
        reverse("introductions:interest-express", args=[opportunity.pk]),
        {"organisation": other_organisation.pk, "message": "We build APIs."},
        follow=True,
    )
    assert not Interest.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_proposing_again_leads_to_the_open_introduction(
    client, member, organisation, other_organisation, pending_introduction
):
    client.force_login(member)
    response = client.post(
        reverse("introductions:propose", args=[other_organisation.slug]),
        {"from_organisation": organisation.pk, "message": "Still keen"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == pending_introduction.get_absolute_url()
    assert "already have an open introduction: here it is" in response.content.decode()
    assert Introduction.objects.count() == 1


def test_the_page_says_when_nobody_can_answer_for_the_other_side(
    client, member, organisation, third_organisation, counterpart, other_organisation
):
    nobody_there = services.propose_introduction(
        actor=member, from_org=organisation, to_org=third_organisation, message="Hello"
    )
    somebody_there = services.propose_introduction(
        actor=member, from_org=organisation, to_org=other_organisation, message="Hello"
    )
    client.force_login(member)

    page = client.get(nobody_there.get_absolute_url()).content.decode()
    assert f"Nobody from {third_organisation.name} uses Silkbridge yet" in page
    page = client.get(somebody_there.get_absolute_url()).content.decode()
    assert "uses Silkbridge yet" not in page


def test_panel_shows_one_way_to_the_introduction_an_interest_made(
    opportunity, member, counterpart, other_organisation
):
    interest = interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Hi"
    )
    introduction = interests.accept_interest(actor=member, interest=interest)

    html = render_panel(counterpart, opportunity)

    assert html.count(introduction.get_absolute_url()) == 1
    assert "is already introduced to" not in html


def test_owner_is_told_that_accepting_answers_in_the_existing_introduction(
    opportunity, member, counterpart, other_organisation, organisation, secretariat
):
    interest = interests.express_interest(
        actor=counterpart, opportunity=opportunity, organisation=other_organisation, message="Hi"
    )
    assert "accepting answers this interest there" not in render_panel(member, opportunity)

    # the secretariat introduces the two while the interest waits
    services.secretariat_introduce(actor=secretariat, org_a=organisation, org_b=other_organisation)

    html = render_panel(member, opportunity)
    assert "accepting answers this interest there" in html
    assert f'id="interest-{interest.pk}"' in html
