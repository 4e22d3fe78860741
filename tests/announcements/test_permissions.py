"""Permission matrix of the secretariat's announcement pages, and the public ones for everyone."""

import pytest
from django.urls import reverse

from silkbridge.announcements.models import Announcement

from .conftest import ANNOUNCEMENT_FORM

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "member", "org_admin", "secretariat", "observer"]
# "outsider" is a signed-in user of another organisation: the plain user of the matrix.
ALLOWED = {"secretariat"}


def _expected_refusal(persona: str) -> int:
    return 302 if persona == "anonymous" else 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["manage", "new"])
def test_desk_pages_open_only_for_the_secretariat(persona_client, persona, name):
    response = persona_client(persona).get(reverse(f"announcements:{name}"))

    assert response.status_code == (200 if persona in ALLOWED else _expected_refusal(persona))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["edit", "preview"])
def test_pages_of_one_draft_open_only_for_the_secretariat(
    persona_client, make_announcement, persona, name
):
    draft = make_announcement(published=False)

    response = persona_client(persona).get(reverse(f"announcements:{name}", args=[draft.pk]))

    assert response.status_code == (200 if persona in ALLOWED else _expected_refusal(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_creates(persona_client, persona):
    response = persona_client(persona).post(reverse("announcements:new"), ANNOUNCEMENT_FORM)

    assert Announcement.objects.exists() == (persona in ALLOWED)
    if persona not in ALLOWED:
        assert response.status_code == _expected_refusal(persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_publishes(persona_client, make_announcement, persona):
    draft = make_announcement(published=False)

    persona_client(persona).post(reverse("announcements:publish", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.is_published == (persona in ALLOWED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_unpublishes(persona_client, make_announcement, persona):
    announcement = make_announcement()

    persona_client(persona).post(reverse("announcements:unpublish", args=[announcement.pk]))

    announcement.refresh_from_db()
    assert announcement.is_published == (persona not in ALLOWED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_edits(persona_client, make_announcement, persona):
    announcement = make_announcement()

    persona_client(persona).post(
        reverse("announcements:edit", args=[announcement.pk]),
        {**ANNOUNCEMENT_FORM, "title_en": "Hijacked"},
    )

    announcement.refresh_from_db()
    assert (announcement.title_en == "Hijacked") == (persona in ALLOWED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_public_pages(persona_client, make_announcement, persona):
    announcement = make_announcement()
    client = persona_client(persona)

    assert client.get(reverse("announcements:list")).status_code == 200
    assert client.get(announcement.get_absolute_url()).status_code == 200
    assert client.get(reverse("announcements:feed")).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_is_read_only_by_the_secretariat(persona_client, make_announcement, persona):
    draft = make_announcement(published=False)

    response = persona_client(persona).get(draft.get_absolute_url())

    assert response.status_code == (200 if persona in ALLOWED else 404)
