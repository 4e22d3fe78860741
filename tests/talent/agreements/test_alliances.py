"""Agreements belong to academic alliances (ventures): linked both ways, only to an alliance one
of the institutions is a party to, and linking is not a change of the terms."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from silkbridge.talent.agreements import services


@pytest.fixture
def make_alliance(db):
    from silkbridge.ventures.models import Venture, VentureParty

    def make(title, parties, kind="academic_exchange"):
        venture = Venture.objects.create(
            title=title, kind=kind, started_on=datetime.date(2025, 9, 1)
        )
        for index, organisation in enumerate(parties):
            VentureParty.objects.create(
                venture=venture, organisation=organisation, role="lead" if index == 0 else "partner"
            )
        return venture

    return make


def _data(agreement, kz, pk, ventures):
    return {
        "title": agreement.title,
        "academic_year_start": agreement.academic_year_start,
        "academic_year_end": agreement.academic_year_end,
        "institutions": [kz, pk],
        "ventures": ventures,
    }


def test_a_linked_alliance_shows_the_agreement_and_linking_makes_no_new_version(
    client, make_agreement, make_alliance, kz_coordinator, kz_university, pk_university
):
    agreement = make_agreement(submitted=True)
    alliance = make_alliance("Astana–Lahore software alliance", [kz_university, pk_university])
    services.update_agreement(
        actor=kz_coordinator,
        agreement=agreement,
        data=_data(agreement, kz_university, pk_university, [alliance]),
    )
    agreement.refresh_from_db()
    assert agreement.version_number == 1
    client.force_login(kz_coordinator)
    venture_page = client.get(alliance.get_absolute_url()).content.decode()
    assert agreement.get_absolute_url() in venture_page
    agreement_page = client.get(agreement.get_absolute_url()).content.decode()
    assert alliance.get_absolute_url() in agreement_page


def test_an_alliance_of_other_organisations_or_a_business_venture_is_refused(
    make_agreement, make_alliance, make_organisation, kz_coordinator, kz_university, pk_university
):
    agreement = make_agreement()
    strangers = make_alliance(
        "Someone else's alliance",
        [make_organisation("KBTU", kind="academic"), make_organisation("NUST", country="PK")],
    )
    business = make_alliance("A contract", [kz_university, pk_university], kind="mou")
    for venture in (strangers, business):
        with pytest.raises(ValidationError) as error:
            services.update_agreement(
                actor=kz_coordinator,
                agreement=agreement,
                data=_data(agreement, kz_university, pk_university, [venture]),
            )
        assert "ventures" in error.value.message_dict
    assert not agreement.ventures.exists()
