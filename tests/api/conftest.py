"""API fixtures: JSON helpers and a token client; the rate-limit cache starts empty each test."""

import pytest


@pytest.fixture(autouse=True)
def _empty_rate_limit_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_for():
    """A callable that creates a live API token for a user and returns its secret."""
    from silkbridge.accounts.services import create_api_token

    def make(user, **kw) -> str:
        _token, secret = create_api_token(user=user, name="script", **kw)
        return secret

    return make


@pytest.fixture
def contact(organisation):
    """A person at `organisation` with an e-mail address and a phone number, no account."""
    from silkbridge.directory.models import Person

    return Person.objects.create(
        organisation=organisation,
        full_name="Aigerim Seitkali",
        job_title="CTO",
        email="aigerim@qfl.example.kz",
        phone="+7 701 000 0000",
    )
