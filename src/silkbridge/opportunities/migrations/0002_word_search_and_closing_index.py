import django.db.models.functions.comparison
from django.db import migrations, models

from silkbridge.opportunities.fulltext import INDEX


def install_word_search(apps, schema_editor):
    INDEX.install(schema_editor)


def uninstall_word_search(apps, schema_editor):
    INDEX.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install_word_search, uninstall_word_search),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                django.db.models.functions.comparison.Coalesce("deadline", "expires_on"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="opp_published_closing",
            ),
        ),
    ]
