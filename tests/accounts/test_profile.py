"""The profile page: name, interface language and time zone, and the person's roles."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from silkbridge.accounts import services


def test_the_profile_shows_the_persons_organisations_and_roles(
    client, org_admin, organisation, other_organisation, make_user
):
    # Given an admin of one organisation who is also a member of another
    from silkbridge.directory.models import Person

    Person.objects.create(
        organisation=other_organisation, user=org_admin, full_name="A", role="member"
    )
    client.force_login(org_admin)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    roles = [(p.organisation.name, p.role) for p in response.context["memberships"]]
    assert roles == [("Lahore Software House", "member"), ("Qazaq Fintech Labs", "admin")]
    html = response.content.decode()
    assert "Qazaq Fintech Labs" in html


def test_saving_the_profile_stores_it_and_switches_the_interface_language(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Aigerim Nurlanovna",
            "language": "kk",
            "time_zone": "Asia/Almaty",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.language, member.time_zone) == (
        "Aigerim Nurlanovna",
        "kk",
        "Asia/Almaty",
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    page = client.get(reverse("accounts:profile"))
    assert page.wsgi_request.LANGUAGE_CODE == "kk"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", ""),
        # In the tz database, but not places: the server's own zone and a placeholder.
        ("time_zone", "localtime"),
        ("time_zone", "Factory"),
        ("language", "xx"),
        ("language", "zh"),
    ],
)
def test_an_unknown_time_zone_or_language_is_refused_next_to_its_field(
    client, member, field, value
):
    client.force_login(member)
    data = {"full_name": "Someone", "language": "en", "time_zone": "Asia/Karachi", field: value}

    response = client.post(reverse("accounts:profile"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "is-invalid" in html
    member.refresh_from_db()
    assert member.full_name != "Someone"


def test_the_profile_service_refuses_a_time_zone_the_server_does_not_know(member):
    with pytest.raises(ValidationError) as caught:
        services.update_profile(
            user=member, full_name="X", language="ur", time_zone="Asia/Atlantis"
        )

    assert "time_zone" in caught.value.message_dict
    member.refresh_from_db()
    assert member.time_zone == "UTC"


def test_the_profile_offers_every_interface_language_and_real_time_zones(client, member):
    client.force_login(member)

    form = client.get(reverse("accounts:profile")).context["form"]

    assert [code for code, _ in form.fields["language"].choices] == [
        code for code, _ in settings.LANGUAGES
    ]
    zones = {code for code, _ in form.fields["time_zone"].choices}
    assert {"Asia/Almaty", "Asia/Karachi", "UTC"} <= zones


def test_times_are_shown_in_the_time_zone_chosen_on_the_profile(client, make_user):
    # Given a person in Karachi (UTC+5) with a token created at midnight UTC
    from datetime import UTC, datetime

    from silkbridge.accounts.models import APIToken

    person = make_user("karachi@example.pk", time_zone="Asia/Karachi")
    token, _secret = services.create_api_token(user=person, name="Nightly")
    APIToken.objects.filter(pk=token.pk).update(created_at=datetime(2030, 1, 1, tzinfo=UTC))
    client.force_login(person)

    # When they look at their tokens
    html = client.get(reverse("accounts:tokens")).content.decode()

    # Then the time is 05:00 local time, not midnight
    assert "01/01/2030 5 a.m." in html
    assert "midnight" not in html
