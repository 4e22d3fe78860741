"""The recommendations page people work through: ten at a time, filters, fit labels, and an
introduction request that carries a required note."""

import re

import pytest
from django.urls import reverse

from silkbridge.directory.models import City, Organisation
from silkbridge.engines.matching.ranker import fit_label
from silkbridge.introductions.models import Introduction
from silkbridge.matching import selectors
from silkbridge.notifications.models import Notification

SUGGESTION = re.compile(r'id="suggestion-organisation-(\d+)"')


@pytest.fixture
def many(world, make_organisation, fintech_terms):
    """25 more PK payment companies, so the partner list runs over two pages."""
    lahore = City.objects.create(name="Lahore", country="PK")
    made = []
    for n in range(25):
        org = make_organisation(
            f"Payments Partner {n:02d}",
            country="PK",
            kind="academic" if n % 5 == 0 else "company",
            description="Payment gateway integration, open banking APIs and card processing.",
            languages=["ur", "ru"] if n % 3 == 0 else ["en"],
        )
        if n % 4 == 0:
            org.sectors.set([fintech_terms["fintech"]])
        if n % 2 == 0:
            Organisation.objects.filter(pk=org.pk).update(city=lahore)
        made.append(org)
    return {"orgs": made, "city": lahore}


def _page(client, organisation, **query):
    url = reverse("matching:organisation", args=[organisation.slug])
    return client.get(url, query)


def _ids(response) -> list[int]:
    return [int(i) for i in SUGGESTION.findall(response.content.decode())]


def test_partners_come_ten_at_a_time_then_twenty_without_duplicates(
    client, member, many, organisation
):
    client.force_login(member)
    first = _ids(_page(client, organisation))
    assert len(first) == 10 and len(set(first)) == 10
    page = _page(client, organisation).content.decode()
    assert "Show more" in page and "page=2" in page

    second = _ids(_page(client, organisation, page=2))
    assert len(second) == 20 and len(set(second)) == 20
    assert second[:10] == first

    # htmx asks for the next ten only, to append them
    more = client.get(
        reverse("matching:organisation", args=[organisation.slug]),
        {"page": 2, "list": "partners"},
        HTTP_HX_REQUEST="true",
    )
    appended = _ids(more)
    assert appended == second[10:]
    assert not set(appended) & set(first)
    assert "<html" not in more.content.decode()


def test_last_page_has_no_show_more(client, member, many, organisation):
    client.force_login(member)
    everything = _ids(_page(client, organisation, page=20))
    page = _page(client, organisation, page=20).content.decode()
    assert len(everything) == len(set(everything)) >= 25
    assert 'id="partners-more"' not in page


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ({"kind": "academic"}, lambda o: o.kind == "academic"),
        ({"sector": "fintech"}, lambda o: o.sectors.filter(slug="fintech").exists()),
        ({"language": "ur"}, lambda o: "ur" in o.languages),
    ],
)
def test_each_filter_keeps_only_matching_partners(client, member, many, organisation, query, keep):
    client.force_login(member)
    shown = _ids(_page(client, organisation, page=20, **query))
    assert shown
    for org in Organisation.objects.filter(pk__in=shown):
        assert keep(org), org.name
    expected = [o for o in many["orgs"] if keep(o)]
    assert {o.pk for o in expected} <= set(shown)


def test_city_filter(client, member, many, organisation):
    client.force_login(member)
    shown = _ids(_page(client, organisation, page=20, city=many["city"].pk))
    assert set(shown) == {o.pk for o in many["orgs"][::2]}


def test_invalid_filter_values_show_field_errors(client, member, many, organisation):
    client.force_login(member)
    response = _page(client, organisation, kind="spaceship", city="abc", language="xx")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Select a valid choice") == 3
    assert len(_ids(response)) == 10  # invalid filters filter nothing


def test_empty_state_names_the_filters_to_relax(client, member, many, organisation):
    client.force_login(member)
    page = _page(client, organisation, kind="authority", language="kk").content.decode()
    assert not SUGGESTION.search(page)
    assert "No recommended partner passes these filters" in page
    assert "Relax one of them: Kind, Working language." in page


def test_fit_label_shown_and_never_a_raw_score(client, member, world, organisation):
    client.force_login(member)
    page = _page(client, organisation).content.decode()
    assert re.search(r'data-fit="(strong|good|possible)"', page)
    assert re.search(r"(Strong|Good|Possible) fit", page)
    pool = selectors.partner_pool(member, organisation) + selectors.opportunity_pool(
        member, organisation
    )
    assert pool
    for s in pool:
        for text in (f"{s.score:.2f}", f"{s.score:.3f}", repr(s.score)):
            assert text not in page
        assert f"{s.probability:.2f}" not in page


def test_each_suggestion_shows_the_label_of_its_probability(client, member, world, organisation):
    client.force_login(member)
    page = _page(client, organisation).content.decode()
    for s in selectors.partner_pool(member, organisation):
        item = re.search(rf'id="suggestion-organisation-{s.target_id}".*?</li>', page, re.S)
        assert item and f'data-fit="{fit_label(s.probability)}"' in item.group(0)


def _introduce(client, organisation, target, note):
    return client.post(
        reverse("matching:introduce", args=[organisation.slug]),
        {"target_kind": "organisation", "target_id": target.pk, "note": note},
    )


def test_note_is_prefilled_from_the_reasons(
    client, member, world, organisation, other_organisation
):
    client.force_login(member)
    page = _page(client, organisation).content.decode()
    box = re.search(
        rf'<textarea[^>]*id="note-organisation-{other_organisation.pk}"[^>]*>(.*?)</textarea>',
        page,
        re.S,
    )
    assert box and "We were suggested to each other because:" in box.group(1)
    assert "required" in box.group(0)


@pytest.mark.parametrize("note", ["", "   "])
def test_note_is_required_and_nothing_is_written_without_it(
    client, member, world, organisation, other_organisation, note
):
    client.force_login(member)
    response = _introduce(client, organisation, other_organisation, note)
    assert response.status_code == 422
    assert "Write a note: it is what they read first." in response.content.decode()
    assert not Introduction.objects.exists()


def test_too_long_note_is_refused(client, member, world, organisation, other_organisation):
    client.force_login(member)
    response = _introduce(client, organisation, other_organisation, "x" * 2001)
    assert response.status_code == 422
    assert not Introduction.objects.exists()


def test_note_error_through_htmx_goes_under_the_note(
    client, member, world, organisation, other_organisation
):
    client.force_login(member)
    response = client.post(
        reverse("matching:introduce", args=[organisation.slug]),
        {"target_kind": "organisation", "target_id": other_organisation.pk, "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#note-error-organisation-{other_organisation.pk}"
    assert not Introduction.objects.exists()


def test_note_reaches_the_other_side(
    client, member, outsider, world, organisation, other_organisation
):
    client.force_login(member)
    response = _introduce(client, organisation, other_organisation, "We build payment rails.")
    introduction = Introduction.objects.get()
    assert response.status_code == 302 and response.url == introduction.get_absolute_url()
    assert introduction.message == "We build payment rails."
    client.force_login(outsider)  # an admin of the other organisation
    assert "We build payment rails." in client.get(introduction.get_absolute_url()).content.decode()


def test_unreachable_organisation_is_said_and_brokered(
    client, member, secretariat, make_user, world, organisation, other_organisation
):
    # given nobody at the suggested organisation has an account here
    client.force_login(member)
    unreachable = f"No one at {other_organisation.name} uses Silkbridge yet"
    assert unreachable in _page(client, organisation).content.decode()

    # when the member asks anyway, the secretariat is told to broker it
    _introduce(client, organisation, other_organisation, "Could you reach them?")
    told = Notification.objects.filter(recipient=secretariat, kind="introduction_unanswerable")
    assert told.exists()


def test_reachable_organisation_has_no_broker_notice(
    client, member, outsider, world, organisation, other_organisation
):
    client.force_login(member)
    page = _page(client, organisation).content.decode()
    assert other_organisation.name in page
    assert f"No one at {other_organisation.name} uses Silkbridge" not in page


SEES = {
    "secretariat": 200,
    "org_admin": 200,
    "member": 200,
    "outsider": 403,
    "observer": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", list(SEES))
def test_show_more_follows_the_page_permissions(persona, persona_client, many, organisation):
    response = persona_client(persona).get(
        reverse("matching:organisation", args=[organisation.slug]),
        {"page": 2, "list": "partners"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == SEES[persona]
    if SEES[persona] == 200:
        assert len(_ids(response)) == 10


@pytest.mark.parametrize("persona", ["outsider", "observer", "secretariat"])
def test_only_members_request_introductions(
    persona, persona_client, world, organisation, other_organisation
):
    response = _introduce(persona_client(persona), organisation, other_organisation, "Hello.")
    assert response.status_code == 403
    assert not Introduction.objects.exists()


def test_through_htmx_the_request_and_a_repeat_open_the_introduction_page(
    client, member, world, organisation, other_organisation
):
    client.force_login(member)
    url = reverse("matching:introduce", args=[organisation.slug])
    data = {"target_kind": "organisation", "target_id": other_organisation.pk, "note": "Hello."}
    first = client.post(url, data, HTTP_HX_REQUEST="true")
    introduction = Introduction.objects.get()
    assert first["HX-Redirect"] == introduction.get_absolute_url()
    again = client.post(url, data, HTTP_HX_REQUEST="true")
    assert again["HX-Redirect"] == introduction.get_absolute_url()
    assert Introduction.objects.count() == 1
