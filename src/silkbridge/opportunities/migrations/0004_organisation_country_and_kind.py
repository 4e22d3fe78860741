"""The publishing organisation's country and kind, copied on each opportunity, and the indexes
that let the public list filter a sector and a country without reading each match's row or its
organisation (docs/benchmarks.md, "Public opportunity list for visitors")."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from silkbridge.opportunities.fulltext import INDEX

LINK_TABLES = ("opportunities_opportunity_sectors", "opportunities_opportunity_technologies")


def copy_owner_fields(apps, schema_editor) -> None:
    Opportunity = apps.get_model("opportunities", "Opportunity")
    Organisation = apps.get_model("directory", "Organisation")
    owner = Organisation.objects.filter(pk=OuterRef("organisation_id"))
    Opportunity.objects.update(
        organisation_country=Subquery(owner.values("country")[:1]),
        organisation_kind=Subquery(owner.values("kind")[:1]),
    )


def reinstall_word_search(apps, schema_editor) -> None:
    # Adding a column rebuilds the table on SQLite, which drops the word index's triggers.
    if schema_editor.connection.vendor == "sqlite":
        INDEX.install(schema_editor)


def link_index_sql(table: str) -> migrations.RunSQL:
    # Term first, then the opportunity: "which opportunities carry this term" is read from the
    # index alone, without a visit to each link row.
    name = f"{table[:40]}_by_term"
    return migrations.RunSQL(
        f"CREATE INDEX {name} ON {table} (term_id, opportunity_id)",
        f"DROP INDEX {name}",
        elidable=False,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0010_listed_country_kind_index"),
        ("opportunities", "0003_keep_word_vectors_inline"),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="organisation_country",
            field=models.CharField(blank=True, editable=False, max_length=2),
        ),
        migrations.AddField(
            model_name="opportunity",
            name="organisation_kind",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.RunPython(reinstall_word_search, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(copy_owner_fields, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["organisation_country", "-published_at", "-id"],
                name="opp_published_by_country",
            ),
        ),
        *(link_index_sql(table) for table in LINK_TABLES),
    ]
