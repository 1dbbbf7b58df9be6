"""A RUM index of the pieces' search vectors with their publication time, where PostgreSQL has the
``rum`` extension (Debian's ``postgresql-NN-rum``; ``scripts/ensure-postgres-rum`` installs it).

A rare search asks it for its newest matches in order (articles/search/postgres.py): it keeps each
word's positions, so a quoted phrase is checked in the index instead of in every matching piece's
stored vector ("peace treaty" at 100,000 articles: 196-300 ms with the GIN index, 57 ms with RUM).
Without the extension, or without the right to create it, nothing is done and the search keeps the
GIN index of migration 0003, with the same results.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEX = "article_search_rum_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
    "USING rum (search_vector rum_tsvector_addon_ops, published_at) "
    "WITH (attach = 'published_at', to = 'search_vector')"
)


def create_rum_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            logger.warning("PostgreSQL has no rum extension: searches use the GIN index only")
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
                cursor.execute(CREATE)
        except DatabaseError as error:  # e.g. no right to create an extension: the GIN index serves
            logger.warning("RUM index not created (%s): searches use the GIN index only", error)


def drop_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_status_indexed_with_publication_time")]

    operations = [migrations.RunPython(create_rum_index, drop_rum_index, elidable=False)]
