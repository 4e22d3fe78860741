"""The e-mail preference on the profile: each event, a daily digest, or none."""

import pytest
from django.urls import reverse

PROFILE = reverse("accounts:profile")


def profile_data(**changes) -> dict:
    return {"full_name": "Aigerim", "language": "en", "time_zone": "Asia/Almaty", **changes}


def test_the_profile_offers_the_three_choices_with_an_explanation(client, member):
    client.force_login(member)

    html = client.get(PROFILE).content.decode()

    assert 'name="email_notifications" value="each"' in html
    assert 'name="email_notifications" value="daily"' in html
    assert 'name="email_notifications" value="none"' in html
    assert "one digest a day (at 08:00 in your time zone)" in html


@pytest.mark.parametrize("choice", ["daily", "none", "each"])
def test_saving_the_profile_stores_the_choice(client, member, choice):
    client.force_login(member)

    response = client.post(PROFILE, profile_data(email_notifications=choice))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email_notifications == choice


def test_a_form_without_the_field_keeps_the_current_choice(client, make_user):
    user = make_user(email_notifications="daily")
    client.force_login(user)

    client.post(PROFILE, profile_data())

    user.refresh_from_db()
    assert user.email_notifications == "daily"


def test_an_unknown_choice_is_refused_next_to_the_field(client, member):
    client.force_login(member)

    response = client.post(PROFILE, profile_data(email_notifications="hourly"))

    assert response.status_code == 200
    assert response.context["form"].errors["email_notifications"]
    member.refresh_from_db()
    assert member.email_notifications == "each"
