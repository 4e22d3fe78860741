"""Profile completeness: what each step checks, who sees the meter, and its cost in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from silkbridge.directory.completeness import (
    DESCRIPTION_MIN_LENGTH,
    complete_organisation_ids,
    completeness_for,
    completeness_of,
)
from silkbridge.directory.models import Organisation

LONG_DESCRIPTION = "We integrate payment gateways and open banking APIs for banks. " * 5


def _done(organisation) -> dict[str, bool]:
    return {step.key: step.done for step in completeness_of(organisation).steps}


@pytest.fixture
def complete_organisation(make_organisation, make_term, make_user, make_opportunity):
    organisation = make_organisation(
        "Complete Co",
        description=LONG_DESCRIPTION,
        sectors=[make_term("sector", "fintech")],
        technologies=[make_term("technology", "python")],
    )
    Organisation.objects.filter(pk=organisation.pk).update(logo="organisation-logos/logo.png")
    organisation.refresh_from_db()
    make_user(organisation=organisation, role="admin")
    make_opportunity(organisation)
    return organisation


def test_a_bare_organisation_has_every_step_to_do(make_organisation):
    state = completeness_of(make_organisation("Bare Co"))
    assert state.percent == 0
    assert [step.key for step in state.missing] == [
        "logo",
        "description",
        "opportunities",
        "people",
        "tags",
    ]


def test_a_complete_organisation_is_at_one_hundred_per_cent(complete_organisation):
    state = completeness_of(complete_organisation)
    assert state.percent == 100
    assert state.is_complete
    assert complete_organisation_ids([complete_organisation.pk]) == {complete_organisation.pk}


def test_a_short_description_does_not_count(make_organisation):
    short = make_organisation(description="x" * (DESCRIPTION_MIN_LENGTH - 1))
    enough = make_organisation(description="x" * DESCRIPTION_MIN_LENGTH)
    assert _done(short)["description"] is False
    assert _done(enough)["description"] is True


def test_only_a_published_offer_or_need_counts(make_organisation, make_opportunity):
    organisation = make_organisation()
    make_opportunity(organisation, status="draft")
    assert _done(organisation)["opportunities"] is False
    make_opportunity(organisation)
    assert _done(organisation)["opportunities"] is True


def test_a_contact_without_an_account_is_not_a_person_with_an_account(make_organisation, make_user):
    organisation = make_organisation()
    organisation.people.create(full_name="No Account", email="n@example.org")
    assert _done(organisation)["people"] is False
    make_user(organisation=organisation)
    assert _done(organisation)["people"] is True


def test_tags_need_a_sector_and_a_technology_or_service(make_organisation, make_term):
    sector_only = make_organisation(sectors=[make_term("sector")])
    with_service = make_organisation(sectors=[make_term("sector")], services=[make_term("service")])
    assert _done(sector_only)["tags"] is False
    assert _done(with_service)["tags"] is True


def test_every_step_says_what_it_unlocks(make_organisation):
    steps = completeness_of(make_organisation()).steps
    unlocks = {step.key: str(step.unlocks) for step in steps}
    assert unlocks["opportunities"].startswith("Recommendations need offers or needs")
    assert all(unlocks.values())


def test_the_checklist_of_many_organisations_costs_the_same_queries_as_of_one(
    make_organisation, make_term, make_user
):
    sector = make_term("sector")
    organisations = [make_organisation(sectors=[sector]) for _ in range(12)]
    for organisation in organisations:
        make_user(organisation=organisation)
    with CaptureQueriesContext(connection) as one:
        completeness_for(organisations[:1])
    with CaptureQueriesContext(connection) as many:
        result = completeness_for(organisations)
    assert len(many.captured_queries) == len(one.captured_queries) <= 5
    assert all(state.steps[3].done for state in result.values())


@pytest.mark.parametrize(
    ("persona", "sees_meter"),
    [
        ("secretariat", True),
        ("observer", False),
        ("org_admin", True),
        ("member", True),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_the_meter_is_shown_to_the_organisations_own_people_only(
    persona_client, persona, sees_meter, organisation
):
    response = persona_client(persona).get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert ('id="profile-completeness"' in response.text) is sees_meter


def test_the_admin_gets_a_link_to_the_page_that_fixes_each_missing_step(client, org_admin):
    organisation = org_admin.people.get().organisation
    client.force_login(org_admin)
    text = client.get(organisation.get_absolute_url()).text
    assert f'href="{reverse("directory:edit", args=[organisation.slug])}">Add a logo' in text
    assert f'href="{reverse("opportunities:create")}">Publish an offer or a need' in text
    # The admin is a person with an account: that step is done, so it has no link.
    assert 'data-step="people" data-done="1"' in text


def test_a_member_is_not_sent_to_pages_only_an_admin_may_open(client, member):
    organisation = member.people.get().organisation
    client.force_login(member)
    text = client.get(organisation.get_absolute_url()).text
    assert reverse("directory:edit", args=[organisation.slug]) + '">Add a logo' not in text
    assert f'href="{reverse("opportunities:create")}">Publish an offer or a need' in text
