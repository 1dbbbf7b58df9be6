"""SQLite: the full-text index of articles, an FTS5 table kept in sync by triggers (see
``articles.search.sqlite``, which holds its SQL and the function its triggers call). On PostgreSQL
this migration does nothing: the stored vector of migration 0003 is its index.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from articles.search import sqlite

        with schema_editor.connection.cursor() as cursor:
            sqlite.install(cursor)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from articles.search import sqlite

        with schema_editor.connection.cursor() as cursor:
            sqlite.uninstall(cursor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_narrow_article_rows")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
