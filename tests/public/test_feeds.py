"""The Atom feed of published opportunities: what it lists, its filters, its language, and that
it never names an anonymous owner or carries contacts."""

import pytest
from django.urls import reverse
from django.utils import translation

from silkbridge.opportunities.models import Direction

pytestmark = pytest.mark.django_db

SITE = "https://silkbridge.example"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _feed(client, **params):
    from xml.etree import ElementTree

    response = client.get(reverse("public:opportunity-feed"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - this site's own feed


def _titles(root) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def sectors(make_term):
    return {
        "fintech": make_term(slug="fintech", label_en="Fintech", label_ru="Финтех"),
        "egov": make_term(slug="e-government", label_en="E-government"),
    }


def test_published_opportunities_only_newest_first(client, organisation, make_opportunity):
    make_opportunity(organisation, title="Older offer")
    make_opportunity(organisation, title="Newer offer")
    for status in ("draft", "submitted", "changes_requested", "rejected", "expired", "closed"):
        make_opportunity(organisation, status=status, title=f"Not public: {status}")
    assert _titles(_feed(client)) == ["Newer offer", "Older offer"]


def test_entries_link_to_the_public_page_from_the_site_address(
    client, organisation, make_opportunity
):
    opportunity = make_opportunity(organisation, title="Open banking partner")
    (entry,) = _feed(client).findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"{SITE}{opportunity.get_absolute_url()}"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Qazaq Fintech Labs"


def test_filtered_by_the_publishers_country(
    client, organisation, other_organisation, make_opportunity
):
    make_opportunity(organisation, title="From Kazakhstan")
    make_opportunity(other_organisation, title="From Pakistan")
    assert _titles(_feed(client, country="PK")) == ["From Pakistan"]
    assert _titles(_feed(client, country="kz")) == ["From Kazakhstan"]


def test_filtered_by_sector(client, organisation, make_opportunity, sectors):
    make_opportunity(organisation, title="Payments", sectors=[sectors["fintech"]])
    make_opportunity(organisation, title="Services", sectors=[sectors["egov"]])
    root = _feed(client, sector="fintech")
    assert _titles(root) == ["Payments"]
    assert "Fintech" in root.find(f"{ATOM}title").text


def test_filters_combine(client, organisation, other_organisation, make_opportunity, sectors):
    make_opportunity(organisation, title="KZ fintech", sectors=[sectors["fintech"]])
    make_opportunity(other_organisation, title="PK fintech", sectors=[sectors["fintech"]])
    make_opportunity(other_organisation, title="PK services", sectors=[sectors["egov"]])
    assert _titles(_feed(client, country="PK", sector="fintech")) == ["PK fintech"]


@pytest.mark.parametrize("params", [{"country": "FR"}, {"sector": "no-such-sector"}])
def test_an_unknown_filter_is_a_feed_that_does_not_exist(client, params):
    assert client.get(reverse("public:opportunity-feed"), params).status_code == 404


def test_an_anonymous_opportunity_has_no_author_and_never_names_its_owner(
    client, organisation, make_opportunity
):
    make_opportunity(organisation, title="Quiet search", is_anonymous=True)
    response = client.get(reverse("public:opportunity-feed"))
    body = response.content.decode()
    assert "Quiet search" in body
    assert "Qazaq Fintech Labs" not in body
    assert organisation.slug not in body
    (entry,) = _feed(client).findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author") is None


def test_no_contacts_in_the_feed(client, make_organisation, make_user, make_opportunity):
    owner = make_organisation(
        "Contactful Co", email="office@contactful.example", phone="+92 300 1234567"
    )
    make_user("person@contactful.example", organisation=owner, full_name="Ayesha Contact")
    make_opportunity(owner, title="An offer")
    body = client.get(reverse("public:opportunity-feed")).content.decode()
    for private in ("office@contactful.example", "+92 300 1234567", "person@contactful", "Ayesha"):
        assert private not in body


def test_the_feed_is_in_the_readers_language(client, organisation, make_opportunity, sectors):
    make_opportunity(organisation, direction="offer", sectors=[sectors["fintech"]])
    root = _feed(client, lang="ru")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    summary = root.find(f"{ATOM}entry/{ATOM}summary").text
    assert "Финтех" in summary
    with translation.override("ru"):
        offer = str(Direction.OFFER.label)
    assert offer != "Offer" and offer in summary


def test_user_text_is_escaped_in_the_summary(client, organisation, make_opportunity):
    make_opportunity(organisation, summary="<script>alert(1)</script>")
    summary = _feed(client).find(f"{ATOM}entry/{ATOM}summary").text
    assert "<script>" not in summary
    assert "&lt;script&gt;" in summary


@pytest.mark.parametrize("name", ["core:home", "opportunities:list"])
def test_pages_point_feed_readers_to_the_opportunity_feed(client, name):
    body = client.get(reverse(name)).content.decode()
    assert 'type="application/atom+xml"' in body
    assert reverse("public:opportunity-feed") in body


def test_the_opportunity_lists_feed_link_keeps_its_filters(client, make_term):
    make_term(slug="fintech")
    body = client.get(reverse("opportunities:list"), {"country": "PK", "sector": "fintech"})
    assert "/feeds/opportunities/?country=PK&amp;sector=fintech" in body.content.decode()
