"""A registration stays in the secretariat's queue when the person who registered it leaves."""

import pytest

from silkbridge.directory.models import Organisation
from silkbridge.joining import registrations, selectors


@pytest.mark.django_db
def test_the_queue_keeps_a_registration_whose_registrant_deleted_their_account(make_user):
    founder = make_user("aigerim@nomad-ai.example.kz", full_name="Aigerim Sadykova")
    organisation, created = registrations.register_organisation(
        actor=founder,
        data={
            "country": "KZ",
            "kind": "company",
            "name": "Nomad AI Systems",
            "registration_number": "971 240 001 315",
            "website": "https://nomad-ai.example.kz",
        },
    )
    assert created

    founder.delete()

    organisation.refresh_from_db()
    assert organisation.registered_by is None
    assert list(selectors.registrations_awaiting()) == [organisation]
    assert Organisation.objects.filter(pk=organisation.pk, registered_at__isnull=False).exists()
