"""PostgreSQL: keep each opportunity's row, word vector included, in the table itself.

An opportunity row (title, summary, description, search text and its word vector) is about 2.6 kB,
just over the 2 kB at which PostgreSQL moves the largest values out to its TOAST table. The
word vector then went there, and every row a search tested cost several extra page reads: a
search for a word in one post of a few hundred took 70 ms instead of 15 ms. A higher
toast_tuple_target keeps rows of up to about 4 kB inline. It applies to rows written from now
on; an existing database is rewritten by `UPDATE opportunities_opportunity SET search_text =
search_text` (see docs/operations.md).
"""

from django.db import migrations

TABLE = "opportunities_opportunity"


def keep_inline(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 4080)")


def default_target(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0002_word_search_and_closing_index")]

    operations = [migrations.RunPython(keep_inline, default_target, elidable=False)]
