"""Opportunities for visitors who are not signed in: published ones only, anonymous posters
hidden, search and filters, and every act a link to sign up and come back."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from silkbridge.directory.models import Person
from silkbridge.introductions.models import Interest
from silkbridge.opportunities.models import Opportunity, SavedSearch, Status

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
def offer(make_opportunity, organisation):
    Person.objects.create(
        organisation=organisation, full_name="Dana Nurlanovna", email="dana@qfl.example.kz"
    )
    return make_opportunity(
        organisation,
        direction="offer",
        title="Open banking gateway for Pakistani wallets",
        summary="A tested payment gateway, offered to a partner in Pakistan.",
        description="Certified by the national bank; we seek a reseller.",
    )


@pytest.fixture
def hidden_request(make_opportunity, organisation):
    return make_opportunity(
        organisation,
        title="Confidential request for a core banking vendor",
        summary="A bank looks for a core banking vendor.",
        is_anonymous=True,
    )


def test_a_visitor_reads_a_published_opportunity_with_its_owner(client, offer):
    response = client.get(offer.get_absolute_url())

    assert response.status_code == 200
    assert "Open banking gateway for Pakistani wallets" in response.text
    assert "Certified by the national bank; we seek a reseller." in response.text
    assert "Qazaq Fintech Labs" in response.text
    assert "Dana Nurlanovna" not in response.text
    assert "dana@qfl.example.kz" not in response.text


def test_an_anonymous_post_shows_a_visitor_its_country_but_not_its_owner(
    client, hidden_request, organisation
):
    response = client.get(hidden_request.get_absolute_url())

    assert response.status_code == 200
    assert "An organisation in Kazakhstan" in response.text
    assert "Qazaq Fintech Labs" not in response.text
    assert organisation.get_absolute_url() not in response.text


def test_the_list_hides_the_owner_of_an_anonymous_post_from_a_visitor(
    client, hidden_request, offer
):
    response = client.get(reverse("opportunities:list"))

    assert "Confidential request for a core banking vendor" in response.text
    assert response.text.count("Qazaq Fintech Labs") == 1  # the offer's, not the request's


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.EXPIRED]
)
def test_a_visitor_sees_only_published_opportunities(
    client, make_opportunity, organisation, status
):
    unpublished = make_opportunity(organisation, status=status, title="Not for the public")

    assert client.get(unpublished.get_absolute_url()).status_code == 404
    assert "Not for the public" not in client.get(reverse("opportunities:list")).text


def test_a_visitor_is_led_to_sign_up_to_express_interest(client, offer):
    response = client.get(offer.get_absolute_url())

    back = quote(offer.get_absolute_url())
    assert f'{reverse("account_signup")}?next={back}"' in response.text
    assert f'{reverse("account_login")}?next={back}"' in response.text
    assert reverse("introductions:interest-express", args=[offer.pk]) not in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_can_search_and_filter_opportunities(
    as_persona, persona, offer, hidden_request, make_opportunity, other_organisation
):
    make_opportunity(other_organisation, direction="offer", title="Lahore payments audit")

    response = as_persona(persona).get(
        reverse("opportunities:list"), {"q": "gateway", "direction": "offer", "country": "KZ"}
    )

    assert response.status_code == 200
    assert "Open banking gateway for Pakistani wallets" in response.text
    assert "Lahore payments audit" not in response.text
    assert "Confidential request" not in response.text


@pytest.mark.parametrize(
    ("persona", "sees_interest_form"),
    [
        ("anonymous", False),
        ("newcomer", False),
        ("member", False),
        ("org_admin", False),
        ("outsider", True),
        ("secretariat", False),
        ("observer", False),
    ],
)
def test_only_members_of_another_organisation_are_offered_the_interest_form(
    as_persona, persona, sees_interest_form, offer
):
    response = as_persona(persona).get(offer.get_absolute_url())

    assert response.status_code == 200
    action = reverse("introductions:interest-express", args=[offer.pk])
    assert (action in response.text) is sees_interest_form


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("opportunities:create", [], {"title": "Spam", "type": "business", "direction": "offer"}),
        ("opportunities:close", ["pk"], {}),
        ("opportunities:saved-searches", [], {"name": "Mine", "query": "q=bank"}),
        ("introductions:interest-express", ["pk"], {"message": "Interested"}),
    ],
)
def test_a_visitor_cannot_post_anything(client, offer, name, args, data):
    url = reverse(name, args=[offer.pk if a == "pk" else a for a in args])

    response = client.post(url, data)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED
    assert not Opportunity.objects.filter(title="Spam").exists()
    assert not SavedSearch.objects.exists() and not Interest.objects.exists()


def test_visitor_searches_of_opportunities_are_rate_limited(client, settings, offer):
    settings.SILKBRIDGE_VISITOR_SEARCH_RATE = "1/m"
    url = reverse("opportunities:list")

    assert client.get(url, {"q": "gateway"}).status_code == 200
    assert client.get(url, {"q": "gateway"}).status_code == 429
    assert client.get(url).status_code == 200


def test_visitors_share_cached_results_and_see_a_new_publication_at_once(
    client, offer, make_opportunity, organisation, member
):
    url = reverse("opportunities:list")
    assert "Open banking gateway for Pakistani wallets" in client.get(url).text

    # An edit that publishes nothing new: visitors keep the shared results a short while,
    Opportunity.objects.filter(pk=offer.pk).update(title="Renamed gateway offer")
    assert "Open banking gateway for Pakistani wallets" in client.get(url).text
    # while a signed-in member reads the database.
    member_client = type(client)()
    member_client.force_login(member)
    assert "Renamed gateway offer" in member_client.get(url).text

    # A new publication changes what visitors are shown at once.
    make_opportunity(organisation, title="Fresh cloud migration request")
    fresh = client.get(url).text
    assert "Fresh cloud migration request" in fresh
    assert "Renamed gateway offer" in fresh


def test_the_shared_results_answer_htmx_and_keep_each_language(client, offer):
    url = reverse("opportunities:list")

    fragment = client.get(url, {"q": "gateway"}, headers={"HX-Request": "true"})
    russian = client.get(url, {"q": "gateway"}, headers={"Accept-Language": "ru"})

    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Open banking gateway for Pakistani wallets" in fragment.text
    assert 'lang="ru"' in russian.text
    assert "Open banking gateway for Pakistani wallets" in russian.text


def test_a_signed_in_person_without_an_organisation_is_led_to_claim_one(as_persona, offer):
    url = reverse("opportunities:detail", args=[offer.pk])
    page = as_persona("newcomer").get(url).content.decode()
    assert f'href="{reverse("joining:start")}?next={quote(url)}"' in page
