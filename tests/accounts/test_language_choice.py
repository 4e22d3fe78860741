"""The language a person picks from the menu is the one they keep: picked on the sign-in page,
it survives signing in and goes on their profile; picked while signed in, it goes on the profile."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def choose(client, language: str):
    return client.post(reverse("accounts:language"), {"language": language, "next": "/"})


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def test_the_language_chosen_on_the_sign_in_page_wins_over_the_profile(client, make_user):
    user = make_user("reader@example.org", language="en")
    choose(client, "ru")
    assert 'lang="ru"' in client.get(reverse("accounts:login")).content.decode()
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    user.refresh_from_db()
    assert user.language == "ru"
    assert 'lang="ru"' in client.get(reverse("accounts:profile")).content.decode()


def test_a_language_cookie_set_before_signing_in_wins_too(client, make_user):
    user = make_user("reader@example.org", language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    response = sign_in(client, user)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    user.refresh_from_db()
    assert user.language == "kk"


def test_without_a_choice_the_profile_language_is_used(client, make_user):
    user = make_user("reader@example.org", language="kk")
    response = sign_in(client, user)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    user.refresh_from_db()
    assert user.language == "kk"


def test_a_choice_made_before_one_sign_in_does_not_follow_the_next_person(client, make_user):
    first = make_user("first@example.org", language="en")
    second = make_user("second@example.org", language="ur")
    choose(client, "ru")
    sign_in(client, first)
    client.post(reverse("accounts:logout"))
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"  # kept for the pages
    response = sign_in(client, second)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    second.refresh_from_db()
    assert second.language == "ur"


def test_a_signed_in_person_s_choice_is_saved_on_the_profile(client, make_user):
    user = make_user("reader@example.org", language="en")
    client.force_login(user)
    response = choose(client, "ur")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    user.refresh_from_db()
    assert user.language == "ur"


def test_an_unknown_language_changes_nothing(client, make_user):
    user = make_user("reader@example.org", language="en")
    client.force_login(user)
    choose(client, "xx")
    user.refresh_from_db()
    assert user.language == "en"


def test_the_language_menu_posts_to_the_remembering_view(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'action="{reverse("accounts:language")}"' in page
