from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# As in silkbridge.ventures.models at the time of writing (migrations must not import them).
SIGNED_STAGES = ("mou_signed", "contract_signed", "delivering", "completed")
CONTRACT_STAGES = ("contract_signed", "delivering", "completed")


def backfill_first_dates(apps, schema_editor):
    """One UPDATE: each venture's earliest change into a signed and into a contract stage,
    found through the stage changes' timeline index (venture, changed_on)."""
    venture = apps.get_model("ventures", "Venture")
    stage_change = apps.get_model("ventures", "StageChange")

    def first(stages):
        return Subquery(
            stage_change.objects.filter(venture_id=OuterRef("pk"), to_stage__in=stages)
            .order_by("changed_on")
            .values("changed_on")[:1]
        )

    venture.objects.using(schema_editor.connection.alias).update(
        first_signed_on=first(SIGNED_STAGES), first_contracted_on=first(CONTRACT_STAGES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0002_reference_rates"),
    ]

    operations = [
        migrations.AddField(
            model_name="venture",
            name="first_signed_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="venture",
            name="first_contracted_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        # Before the indexes, so they are built once over the filled columns.
        migrations.RunPython(backfill_first_dates, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="venture",
            index=models.Index(fields=["first_signed_on"], name="venture_first_signed"),
        ),
        migrations.AddIndex(
            model_name="venture",
            index=models.Index(fields=["first_contracted_on"], name="venture_first_contracted"),
        ),
    ]
