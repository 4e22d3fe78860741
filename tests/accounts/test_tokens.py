"""Personal API tokens: created with a secret shown once, listed and revoked by their owner only."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from silkbridge.accounts import services
from silkbridge.accounts.models import APIToken


def test_creating_a_token_shows_its_secret_once_and_stores_only_a_hash(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:tokens"), {"name": "CRM sync"})

    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = APIToken.objects.get(user=member)
    assert token.name == "CRM sync"
    assert token.expires_at is None
    assert secret not in (token.key_hash, token.key_prefix)
    assert services.user_for_token(secret) == member
    assert secret not in client.get(reverse("accounts:tokens")).content.decode()


def test_a_token_can_be_given_an_expiry_in_days(client, member):
    client.force_login(member)

    client.post(reverse("accounts:tokens"), {"name": "Short", "expires_in_days": "7"})

    token = APIToken.objects.get(user=member)
    expected = timezone.now() + timedelta(days=7)
    assert abs(token.expires_at - expected) < timedelta(minutes=1)


def test_a_token_needs_a_name_and_a_positive_expiry(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:tokens"), {"name": "", "expires_in_days": "0"})

    assert set(response.context["form"].errors) == {"name", "expires_in_days"}
    assert response.context["secret"] is None
    assert not APIToken.objects.exists()


def test_the_list_shows_only_the_persons_own_tokens(client, member, org_admin):
    services.create_api_token(user=member, name="Mine")
    services.create_api_token(user=org_admin, name="Someone else's")
    client.force_login(member)

    response = client.get(reverse("accounts:tokens"))

    assert [t.name for t in response.context["tokens"]] == ["Mine"]
    assert "Someone else" not in response.content.decode()


def test_revoking_a_token_stops_it_working_and_keeps_it_listed(client, member):
    token, secret = services.create_api_token(user=member, name="Old script")
    client.force_login(member)

    response = client.post(reverse("accounts:revoke-token", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert services.user_for_token(secret) is None
    assert "Revoked" in client.get(reverse("accounts:tokens")).content.decode()


def test_another_persons_token_cannot_be_revoked_and_looks_missing(client, member, org_admin):
    token, secret = services.create_api_token(user=org_admin, name="Admin's")
    client.force_login(member)

    response = client.post(reverse("accounts:revoke-token", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert services.user_for_token(secret) == org_admin


def test_revoking_needs_a_post(client, member):
    token, _secret = services.create_api_token(user=member, name="Kept")
    client.force_login(member)

    response = client.get(reverse("accounts:revoke-token", args=[token.pk]))

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
