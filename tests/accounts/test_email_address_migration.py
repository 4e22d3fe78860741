"""Accounts made before allauth keep signing in: the data migration gives each of them a
verified, primary allauth address."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

BEFORE = [("accounts", "0004_terms_acceptance")]
PASSWORD = "Old-Account-Password-1"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_account_from_before_allauth_signs_in_after_the_migration(client):
    # Given the database as it was before the migration, and an account made then
    old_apps = migrate(BEFORE)
    OldUser = old_apps.get_model("accounts", "User")
    OldUser.objects.create(
        email="old.timer@ministry.example.kz", password=make_password(PASSWORD), is_active=True
    )
    assert not EmailAddress.objects.filter(email="old.timer@ministry.example.kz").exists()

    # When the migrations run forward
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # Then the address is verified and primary, and the old password signs in
    address = EmailAddress.objects.get(email="old.timer@ministry.example.kz")
    assert address.verified and address.primary
    response = client.post(
        reverse("account_login"),
        {"username": "Old.Timer@ministry.example.kz", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(address.user_id)


@pytest.mark.django_db
def test_accounts_the_platform_makes_start_verified(make_user):
    user = make_user("invited@example.pk")

    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
