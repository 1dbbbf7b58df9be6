"""PostgreSQL: keep the article table's rows narrow, their long values (body, summary, vectors) in
its TOAST table.

By default PostgreSQL moves values out of a row only when the row passes about 2 KB, so a typical
piece kept its body and vectors inline: 1.35 KB a row, a 135 MB table at 100,000 pieces, larger
than the server's buffers. Lists and searches read many rows and few long values: with a target of
256 bytes a row holds the short fields and pointers (22 MB at 100,000 pieces), lists read their 20
summaries, and a search asks its index for thousands of rows without reading their long values.

``toast_tuple_target`` applies to rows as they are written, so the rows already there are written
again (``UPDATE … SET id = id``; the stored search vectors are recomputed the same). On SQLite this
migration does nothing.
"""

from django.db import migrations

TARGET = 256  # bytes; PostgreSQL allows 128 to 8160


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE articles_article SET (toast_tuple_target = {TARGET})")
        schema_editor.execute("UPDATE articles_article SET id = id")


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_article RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_vector"),
    ]

    operations = [
        migrations.RunPython(narrow, widen, elidable=False),
    ]
