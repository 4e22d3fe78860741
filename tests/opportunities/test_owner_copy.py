"""The public list filters on the publishing organisation's country and kind, copied on each
opportunity: the copy must follow the organisation, whichever way it changes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from silkbridge.directory import services as directory
from silkbridge.opportunities.models import Opportunity
from silkbridge.opportunities.selectors import OpportunityQuery, search_opportunities


def titles(**filters) -> list[str]:
    return [o.title for o in search_opportunities(OpportunityQuery(**filters))]


def test_a_new_opportunity_is_found_under_its_organisations_country_and_kind(published):
    assert (published.organisation_country, published.organisation_kind) == ("KZ", "company")
    assert titles(country="kz") == [published.title]
    assert titles(country="PK") == []
    assert titles(kind="company") == [published.title]
    assert titles(kind="academic") == []


def test_an_organisation_that_changes_country_or_kind_takes_its_opportunities_along(
    published, secretariat
):
    organisation = published.organisation
    directory.update_organisation(
        actor=secretariat,
        organisation=organisation,
        data={"country": "PK", "kind": "academic", "city": None, "region": None},
    )
    assert titles(country="PK", kind="academic") == [published.title]
    assert titles(country="KZ") == []


def test_a_save_of_other_fields_leaves_the_opportunities_alone(published):
    organisation = published.organisation
    organisation.description = "Now also cards."
    with CaptureQueriesContext(connection) as queries:
        organisation.save(update_fields=["description"])
    table = Opportunity._meta.db_table
    assert not [q["sql"] for q in queries.captured_queries if table in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_country_and_kind_onto_existing_opportunities(make_organisation):
    before = [("opportunities", "0003_keep_word_vectors_inline")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    university = make_organisation("NUST", country="PK", kind="academic")
    OldOpportunity = old_apps.get_model("opportunities", "Opportunity")
    old = OldOpportunity.objects.create(
        organisation_id=university.pk,
        type="research",
        direction="offer",
        title="Joint lab",
        summary="A lab.",
        expires_on="2030-01-01",
        status="published",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = Opportunity.objects.get(pk=old.pk)
    assert (migrated.organisation_country, migrated.organisation_kind) == ("PK", "academic")


def test_an_import_that_changes_country_and_kind_takes_the_opportunities_along(secretariat):
    import csv
    import io

    from django.utils import timezone

    from silkbridge.directory import importing
    from silkbridge.directory.models import Organisation

    def csv_bytes(country: str, kind: str) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["external_id", "name", "kind", "country", "website"])
        writer.writerow(["ext-1", "Steppe Cloud", kind, country, "https://steppe.example.kz"])
        return buffer.getvalue().encode()

    importing.commit_import(actor=secretariat, content=csv_bytes("KZ", "company"), filename="a.csv")
    organisation = Organisation.objects.get(name="Steppe Cloud")
    Opportunity.objects.create(
        organisation=organisation,
        type="technology",
        direction="offer",
        title="Cloud migration",
        summary="We move workloads.",
        expires_on="2030-01-01",
        status="published",
        published_at=timezone.now(),
    )
    assert titles(country="KZ", kind="company") == ["Cloud migration"]

    report = importing.commit_import(
        actor=secretariat, content=csv_bytes("PK", "academic"), filename="a.csv"
    )

    assert report.updated == 1
    assert titles(country="PK", kind="academic") == ["Cloud migration"]
    assert titles(country="KZ") == []
