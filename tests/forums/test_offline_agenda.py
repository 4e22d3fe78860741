"""The agenda installs as a web app: its page links a manifest and a script file (no inline
code, so the Content-Security-Policy holds), the manifest starts at the person's agenda, and
the service worker keeps agenda pages for offline reading without touching other pages."""

import pytest
from django.urls import reverse

from silkbridge.forums.models import EventStatus


@pytest.fixture
def agenda_page(forum, make_participant, person_of):
    forum.status = EventStatus.PUBLISHED
    forum.save(update_fields=["status"])
    kz = make_participant(forum, country="KZ", name="Qazaq Cloud")
    return forum, kz, person_of(kz)


def test_the_agenda_page_links_its_manifest_and_script_and_says_when_it_was_updated(
    client, agenda_page
):
    forum, kz, person = agenda_page
    client.force_login(person)
    response = client.get(reverse("forums:agenda", kwargs={"slug": forum.slug, "pk": kz.pk}))
    html = response.content.decode()
    manifest = reverse("forums:agenda-manifest", kwargs={"slug": forum.slug, "pk": kz.pk})
    assert f'<link rel="manifest" href="{manifest}">' in html
    assert 'src="/static/forums/agenda-offline.' in html
    assert 'id="agenda-updated"' in html and "Last updated" in html
    assert 'id="agenda-offline-banner"' in html
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_the_manifest_starts_at_the_agenda_and_holds_nothing_private(client, agenda_page):
    forum, kz, _person = agenda_page
    url = reverse("forums:agenda-manifest", kwargs={"slug": forum.slug, "pk": kz.pk})
    response = client.get(url, {"person": "7"})  # fetched without cookies, as browsers do
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == (
        reverse("forums:agenda", kwargs={"slug": forum.slug, "pk": kz.pk}) + "?person=7"
    )
    assert data["scope"] == reverse("forums:list") and data["display"] == "standalone"
    assert forum.name in data["name"] and "Qazaq" not in response.content.decode()
    assert "favicon" in data["icons"][0]["src"] and data["icons"][0]["sizes"] == "any"


def test_a_draft_forums_manifest_is_not_found(client, agenda_page):
    forum, kz, _person = agenda_page
    forum.status = EventStatus.DRAFT
    forum.save(update_fields=["status"])
    url = reverse("forums:agenda-manifest", kwargs={"slug": forum.slug, "pk": kz.pk})
    assert client.get(url).status_code == 404


def test_the_service_worker_caches_agenda_pages_and_static_files_only(client):
    response = client.get(reverse("forums:agenda-sw"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == reverse("forums:list")
    body = response.content.decode()
    assert r"/^\/forums\/[^/]+\/participants\/\d+\/agenda\/$/" in body
    assert 'startsWith("/static/")' in body
    assert 'request.method !== "GET"' in body  # forms are never answered from the cache
    assert "never opened on this device" in body
