"""Every account made before allauth keeps signing in: its address becomes allauth's verified,
primary e-mail address (allauth refuses a sign-in without one when verification is mandatory)."""

from django.db import migrations

BATCH = 1000


def record_verified_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = {email.lower() for email in EmailAddress.objects.values_list("email", flat=True)}
    missing = []
    for user_id, email in User.objects.order_by("pk").values_list("pk", "email").iterator():
        if email.lower() in known:
            continue
        missing.append(EmailAddress(user_id=user_id, email=email, verified=True, primary=True))
        if len(missing) >= BATCH:
            EmailAddress.objects.bulk_create(missing)
            missing = []
    EmailAddress.objects.bulk_create(missing)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_terms_acceptance"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        # Backwards there is nothing to undo: the rows say what was true before as well.
        migrations.RunPython(record_verified_addresses, migrations.RunPython.noop),
    ]
