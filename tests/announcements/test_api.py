"""The read-only announcements API: published ones only, for anyone, paginated, each in the
reader's language with the languages it is written in; anything unpublished is a 404."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "member", "org_admin", "secretariat", "observer"]
LIST = "/api/v1/announcements"


@pytest.fixture
def announcements(make_announcement):
    """A published one in three languages, an older English one, a draft and an expired one."""
    now = timezone.now()
    return {
        "multilingual": make_announcement(
            kind="call",
            title_en="Call for fintech pilots",
            body_en="Apply by June.",
            title_ru="Приглашение к пилотам",
            body_ru="Заявки до июня.",
            title_ur="فن ٹیک پائلٹ",
            body_ur="جون تک درخواست دیں۔",
            published_at=now - datetime.timedelta(hours=1),
        ),
        "english": make_announcement(
            title_en="Forum dates set", published_at=now - datetime.timedelta(days=2)
        ),
        "draft": make_announcement(published=False, title_en="Not yet out"),
        "expired": make_announcement(
            title_en="Old call",
            published_at=now - datetime.timedelta(days=40),
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_lists_only_the_published_ones(persona_client, persona, announcements):
    response = persona_client(persona).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["title"] for item in body["items"]] == [
        "Call for fintech pilots",
        "Forum dates set",
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_a_published_one(persona_client, persona, announcements):
    pk = announcements["multilingual"].pk

    response = persona_client(persona).get(f"{LIST}/{pk}")

    assert response.status_code == 200
    assert response.json()["body"] == "Apply by June."


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", ["draft", "expired"])
def test_an_unpublished_one_is_not_found_even_for_the_secretariat(
    persona_client, persona, announcements, which
):
    response = persona_client(persona).get(f"{LIST}/{announcements[which].pk}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "Not yet out" not in persona_client(persona).get(LIST).content.decode()


def test_a_missing_one_is_not_found(client):
    assert client.get(f"{LIST}/999999").status_code == 404


def test_lang_picks_the_language_and_the_languages_are_listed(client, announcements):
    pk = announcements["multilingual"].pk

    russian = client.get(f"{LIST}/{pk}?lang=ru").json()

    assert (russian["language"], russian["title"], russian["body"]) == (
        "ru",
        "Приглашение к пилотам",
        "Заявки до июня.",
    )
    assert russian["languages"] == ["en", "ru", "ur"]
    assert russian["kind"] == "call"
    assert russian["url"].endswith(f"/announcements/{pk}/")


def test_accept_language_picks_the_language_too(client, announcements):
    items = client.get(LIST, HTTP_ACCEPT_LANGUAGE="ur").json()["items"]

    assert [(item["language"], item["title"]) for item in items] == [
        ("ur", "فن ٹیک پائلٹ"),
        ("en", "Forum dates set"),  # not written in Urdu: English
    ]


def test_a_language_it_is_not_written_in_falls_back_to_english(client, announcements):
    pk = announcements["multilingual"].pk

    kazakh = client.get(f"{LIST}/{pk}?lang=kk").json()

    assert (kazakh["language"], kazakh["title"]) == ("en", "Call for fintech pilots")


def test_the_list_is_paginated_like_the_other_lists(client, make_announcement):
    now = timezone.now()
    for n in range(5):
        make_announcement(title_en=f"News {n}", published_at=now - datetime.timedelta(hours=n))

    first = client.get(f"{LIST}?page_size=2").json()
    last = client.get(f"{LIST}?page_size=2&page=3").json()

    assert first["count"] == 5
    assert [item["title"] for item in first["items"]] == ["News 0", "News 1"]
    assert first["next"].endswith("page=2") and first["previous"] is None
    assert [item["title"] for item in last["items"]] == ["News 4"]
    assert last["next"] is None


def test_the_list_filters_by_kind_and_refuses_an_unknown_one(client, announcements):
    calls = client.get(f"{LIST}?kind=call").json()
    unknown = client.get(f"{LIST}?kind=gossip")

    assert [item["title"] for item in calls["items"]] == ["Call for fintech pilots"]
    assert unknown.status_code == 422
    assert "kind" in unknown.json()["error"]["fields"]


def test_the_api_is_read_only(client, secretariat):
    client.force_login(secretariat)

    response = client.post(LIST, {"title_en": "x"}, content_type="application/json")

    assert response.status_code == 405
