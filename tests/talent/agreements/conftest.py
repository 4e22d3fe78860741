"""Fixtures for agreements: a Kazakh and a Pakistani university with a coordinator (admin) each,
a member of the Kazakh one, a coordinator of a third university that is party to nothing, and
factories that write agreements and conditions through the services."""

import pytest


@pytest.fixture
def kz_university(make_organisation):
    return make_organisation("Astana IT University", country="KZ", kind="academic")


@pytest.fixture
def pk_university(make_organisation):
    return make_organisation("FAST National University", country="PK", kind="academic")


@pytest.fixture
def kz_coordinator(make_user, kz_university):
    return make_user("coordinator@astanait.example.kz", organisation=kz_university, role="admin")


@pytest.fixture
def pk_coordinator(make_user, pk_university):
    return make_user("coordinator@fast.example.pk", organisation=pk_university, role="admin")


@pytest.fixture
def kz_member(make_user, kz_university):
    return make_user("student@astanait.example.kz", organisation=kz_university, role="member")


@pytest.fixture
def other_coordinator(make_user, make_organisation):
    """Coordinator of a Kazakh university that is party to no agreement here."""
    other = make_organisation("Satbayev University", country="KZ", kind="academic")
    return make_user("coordinator@satbayev.example.kz", organisation=other, role="admin")


@pytest.fixture
def condition_data(kz_university, pk_university):
    def data(**overrides):
        values = {
            "sending_institution": kz_university,
            "receiving_institution": pk_university,
            "mobility_type": "student_study",
            "isced_code": "0613",
            "eqf_level": 6,
            "people_per_year": 3,
            "total_months_per_year": "15",
            "language_requirements": [{"language": "en", "cefr": "B2"}],
            "contact_name": "Aigerim Sadykova",
            "contact_email": "exchange@astanait.example.kz",
        }
        values.update(overrides)
        return values

    return data


@pytest.fixture
def make_agreement(db, kz_university, pk_university, kz_coordinator, condition_data):
    """An agreement between the two universities with one condition, written by the Kazakh
    coordinator; `submitted=True` puts it to the institutions (version 1)."""
    from silkbridge.talent.agreements import services

    def make(*, title="Software engineering exchange", submitted=False, actor=None):
        actor = actor or kz_coordinator
        agreement = services.create_agreement(
            actor=actor,
            data={
                "title": title,
                "academic_year_start": 2026,
                "academic_year_end": 2028,
                "institutions": [kz_university, pk_university],
            },
        )
        services.add_condition(actor=actor, agreement=agreement, data=condition_data())
        if submitted:
            services.submit_for_approval(actor=actor, agreement=agreement)
        agreement.refresh_from_db()
        return agreement

    return make
