"""The demo gives the secretariat's queue one claim to decide, once."""

import pytest
from django.urls import reverse

from silkbridge.directory.seed.demo import generate_demo
from silkbridge.directory.seed.demo_users import (
    KZ_MEMBER_EMAIL,
    SECRETARIAT_EMAIL,
    create_demo_users,
)
from silkbridge.joining.demo import create_demo_claims
from silkbridge.joining.models import Claim

pytestmark = pytest.mark.django_db


def test_the_demo_claim_waits_in_the_queue_and_is_made_once(client):
    generate_demo(scale=10, seed=1)
    create_demo_users()

    assert create_demo_claims() == 1
    assert create_demo_claims() == 0

    claim = Claim.objects.get()
    assert claim.claimant.email == KZ_MEMBER_EMAIL and claim.is_open
    assert not claim.organisation.people.filter(role="admin", user__isnull=False).exists()
    client.force_login(claim.claimant.__class__.objects.get(email=SECRETARIAT_EMAIL))
    page = client.get(reverse("joining:queue")).content.decode()
    assert f'id="claim-{claim.pk}"' in page and "AH-2025-0417" in page
