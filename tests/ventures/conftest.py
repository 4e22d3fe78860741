"""Fixtures for ventures: a Kazakh company (with its member) and a Pakistani partner (with its
member) as parties, an outsider of a third organisation, a working group with a member who is no
party, and a factory that records ventures through the services."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def kz_org(organisation):
    return organisation


@pytest.fixture
def pk_org(make_organisation):
    return make_organisation("Karachi Cloud Works", country="PK")


@pytest.fixture
def pk_member(make_user, pk_org):
    return make_user("member@karachicloud.example.pk", organisation=pk_org)


@pytest.fixture
def group(db):
    from silkbridge.workspace.models import WorkingGroup

    return WorkingGroup.objects.create(name="Fintech", slug="fintech")


@pytest.fixture
def group_member(make_user, make_organisation, group):
    """In the working group, through an organisation that is party to nothing."""
    from silkbridge.workspace.models import GroupMembership

    org = make_organisation("Astana Hub Member", country="KZ")
    user = make_user("groupie@astanahub.example.kz", organisation=org)
    GroupMembership.objects.create(group=group, user=user, organisation=org)
    return user


@pytest.fixture
def sector(make_term):
    return make_term("sector", "fintech", "Fintech")


@pytest.fixture
def days_ago():
    def at(days: int) -> datetime.date:
        return timezone.localdate() - datetime.timedelta(days=days)

    return at


@pytest.fixture
def make_venture(db, kz_org, pk_org, member, days_ago):
    """Record a venture through the service (as the Kazakh member unless `actor` is given)."""
    from silkbridge.ventures import services

    def make(actor=None, *, parties=None, stage="introduced", origin=None, **data):
        values = {
            "title": "Open banking gateway for Karachi",
            "kind": "services_contract",
            "started_on": days_ago(200),
            **data,
        }
        kwargs = {"origin": origin} if origin is not None else {}
        return services.create_venture(
            actor=actor or member,
            data=values,
            parties=parties or [(kz_org, "lead"), (pk_org, "partner")],
            stage=stage,
            **kwargs,
        )

    return make


VENTURE_PERSONAS = ["secretariat", "party", "group_member", "outsider", "anonymous"]


@pytest.fixture
def as_persona(request, client, member):
    """A test client signed in as a venture persona: the secretariat, a party's member, a member
    of the venture's working group who is no party, an outsider, or nobody."""
    names = {"party": "member"}

    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(names.get(name, name)))
        return client

    return sign_in


@pytest.fixture
def open_venture(make_venture, group):
    return make_venture(working_group=group, title="Open banking gateway")


@pytest.fixture
def secret_venture(make_venture, group):
    return make_venture(working_group=group, title="Secret joint venture", confidential=True)
