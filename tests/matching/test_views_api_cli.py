import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from silkbridge.introductions.models import Introduction
from silkbridge.matching.models import Dismissal

# Personas: member/org_admin belong to `organisation` (KZ); outsider to `other_organisation`.
SEES = {
    "secretariat": True,
    "org_admin": True,
    "member": True,
    "outsider": False,
    "observer": False,
    "anonymous": False,
}


@pytest.mark.parametrize("persona", list(SEES))
def test_partners_panel_on_organisation_page(
    persona, persona_client, world, organisation, other_organisation
):
    response = persona_client(persona).get(reverse("directory:detail", args=[organisation.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Recommended partners" in page) is SEES[persona]
    if SEES[persona]:
        assert other_organisation.name in page
        reasons = ("They offer", "You offer", "Their offer meets your request", "Shared sectors")
        assert any(reason in page for reason in reasons)


@pytest.mark.parametrize("persona", list(SEES))
def test_recommendations_page(persona, persona_client, world, organisation, other_organisation):
    response = persona_client(persona).get(
        reverse("matching:organisation", args=[organisation.slug])
    )
    if persona == "anonymous":
        assert response.status_code == 302
    elif SEES[persona]:
        assert response.status_code == 200
        assert other_organisation.name in response.content.decode()
        assert "Suggested opportunities" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", list(SEES))
def test_candidates_panel_on_opportunity_page(persona, persona_client, world, other_organisation):
    response = persona_client(persona).get(reverse("opportunities:detail", args=[world["need"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ('id="candidates"' in page) is SEES[persona]
    if SEES[persona]:
        assert other_organisation.name in page


@pytest.mark.parametrize("persona", list(SEES))
def test_api_partners_matrix(persona, persona_client, world, organisation, other_organisation):
    response = persona_client(persona).get(
        f"/api/v1/matching/organisations/{organisation.pk}/partners"
    )
    expected = 200 if SEES[persona] else (401 if persona == "anonymous" else 403)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()[0]["organisation_id"] == other_organisation.pk
        assert response.json()[0]["reasons"]


def test_api_candidates_and_opportunities(client, member, world, other_organisation):
    client.force_login(member)
    candidates = client.get(f"/api/v1/matching/opportunities/{world['need'].pk}/candidates").json()
    assert candidates[0]["organisation_id"] == other_organisation.pk
    org = member.people.get().organisation
    suggested = client.get(f"/api/v1/matching/organisations/{org.pk}/opportunities").json()
    assert [s["target_id"] for s in suggested] == [world["offer"].pk]


def test_dismiss_on_page_removes_it_and_stores_reason(
    client, member, world, organisation, other_organisation
):
    client.force_login(member)
    url = reverse("matching:organisation", args=[organisation.slug])
    assert other_organisation.name in client.get(url).content.decode()
    response = client.post(
        reverse("matching:dismiss", args=[organisation.slug]),
        {
            "target_kind": "organisation",
            "target_id": other_organisation.pk,
            "reason": "not_relevant",
        },
    )
    assert response.status_code == 302
    assert Dismissal.objects.filter(organisation=organisation, reason="not_relevant").count() == 1
    page = client.get(url).content.decode()
    assert f'id="suggestion-organisation-{other_organisation.pk}"' not in page


def test_dismiss_via_api_and_outsider_refused(
    client, member, outsider, world, organisation, other_organisation
):
    body = {
        "organisation_id": organisation.pk,
        "target_kind": "opportunity",
        "target_id": world["offer"].pk,
        "reason": "other",
        "note": "later",
    }
    client.force_login(outsider)
    assert (
        client.post(
            "/api/v1/matching/dismissals", body, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(member)
    assert (
        client.post(
            "/api/v1/matching/dismissals", body, content_type="application/json"
        ).status_code
        == 201
    )
    suggested = client.get(f"/api/v1/matching/organisations/{organisation.pk}/opportunities").json()
    assert suggested == []


def test_request_introduction_from_suggestion(
    client, member, world, organisation, other_organisation
):
    client.force_login(member)
    response = client.post(
        reverse("matching:introduce", args=[organisation.slug]),
        {"target_kind": "organisation", "target_id": other_organisation.pk, "note": "Let's talk."},
    )
    introduction = Introduction.objects.get()
    assert response.status_code == 302 and response.url == introduction.get_absolute_url()
    assert (introduction.org_a, introduction.org_b) == (organisation, other_organisation)
    assert introduction.origin == "recommendation" and introduction.status == "pending"


def test_outsider_cannot_request_for_another_organisation(
    client, outsider, world, organisation, other_organisation
):
    client.force_login(outsider)
    response = client.post(
        reverse("matching:introduce", args=[organisation.slug]),
        {"target_kind": "organisation", "target_id": other_organisation.pk, "note": "Hello."},
    )
    assert response.status_code == 403
    assert not Introduction.objects.exists()


def test_anonymous_opportunity_owner_is_not_revealed(client, member, world, other_organisation):
    offer = world["offer"]
    offer.is_anonymous = True
    offer.save()
    client.force_login(member)
    org = member.people.get().organisation
    suggested = client.get(f"/api/v1/matching/organisations/{org.pk}/opportunities").json()
    assert suggested[0]["target_id"] == offer.pk
    assert suggested[0]["organisation_id"] is None and suggested[0]["organisation_name"] is None
    page = client.get(reverse("matching:organisation", args=[org.slug])).content.decode()
    section = page.split('id="opportunities-heading"', 1)[1]
    assert offer.title in section and other_organisation.name not in section
    # Nor does a partner suggestion name the anonymous offer next to its owner.
    partners = client.get(f"/api/v1/matching/organisations/{org.pk}/partners").json()
    assert all(offer.title not in reason for s in partners for reason in s["reasons"])


def test_cli_prints_top_partners_with_reasons(world, organisation, other_organisation):
    out = io.StringIO()
    call_command("match", "--org", str(organisation.pk), "--k", "3", stdout=out)
    text = out.getvalue()
    assert f"Top partners for {organisation.name}" in text
    assert f"1. {other_organisation.name} (#{other_organisation.pk})" in text
    assert "       - " in text


def test_delegation_page_and_csv(
    client, secretariat, member, world, organisation, other_organisation
):
    url = reverse("matching:delegation")
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    page = client.get(url, {"identifiers": organisation.slug, "k": 5})
    assert page.status_code == 200 and other_organisation.name in page.content.decode()
    response = client.get(url, {"country": "KZ", "kind": "company", "k": 5, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["organisation", "candidate", "score", "reasons"]
    mine = [r for r in rows[1:] if r[0] == organisation.name]
    assert mine[0][1] == other_organisation.name
    assert float(mine[0][2]) > 0 and mine[0][3]


def test_delegation_api_secretariat_only(
    client, secretariat, member, world, organisation, other_organisation
):
    body = {"organisation_ids": [organisation.pk], "k": 3}
    client.force_login(member)
    assert (
        client.post(
            "/api/v1/matching/delegation", body, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(secretariat)
    rows = client.post("/api/v1/matching/delegation", body, content_type="application/json").json()
    assert rows[0]["organisation_id"] == organisation.pk
    assert rows[0]["candidate_id"] == other_organisation.pk


def test_requesting_an_introduction_twice_leads_to_the_open_one(
    client, member, world, organisation, other_organisation
):
    # given the member already requested an introduction from a suggestion
    client.force_login(member)
    url = reverse("matching:introduce", args=[organisation.slug])
    target = {"target_kind": "organisation", "target_id": other_organisation.pk, "note": "Hi."}
    client.post(url, target)
    introduction = Introduction.objects.get()

    # when they ask again (the suggestion is still on the page), they land on it, not an error
    response = client.post(url, target, follow=True)
    assert response.redirect_chain[-1][0] == introduction.get_absolute_url()
    assert "already have an open introduction: here it is" in response.content.decode()
    assert Introduction.objects.count() == 1
