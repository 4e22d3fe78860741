"""Ship version 1 of the terms and the privacy notice in four languages, so sign-up works at once."""

from django.db import migrations

from silkbridge.public.legal_defaults import PRIVACY, TERMS


def create_first_versions(apps, schema_editor):
    LegalText = apps.get_model("public", "LegalText")
    for kind, bodies in (("terms", TERMS), ("privacy", PRIVACY)):
        if not LegalText.objects.filter(kind=kind).exists():
            LegalText.objects.create(
                kind=kind, version=1, **{f"body_{code}": text for code, text in bodies.items()}
            )


def remove_first_versions(apps, schema_editor):
    apps.get_model("public", "LegalText").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("public", "0001_legal_texts")]

    operations = [migrations.RunPython(create_first_versions, remove_first_versions)]
