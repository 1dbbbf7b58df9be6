"""Full-text search on PostgreSQL: stored generated columns ``search_vector`` (with a GIN index)
and ``search_rank_vector``.

Being generated, they are right whatever writes the row (admin, fixtures, bulk_create, update).
``search_vector`` finds pieces: title weighs A, summary B, body C (tags stripped).
``search_rank_vector`` (title A, summary B) ranks them: small, so ranking thousands of matches
stays cheap; a piece found in its body only ranks after those found in title or summary. Text is accent-folded with the
built-in, immutable ``translate()`` — no ``unaccent`` extension, which a managed database may not
allow — so "Baki" finds "Bakı". English pieces are stemmed in English, Russian ones in Russian,
the others (Azerbaijani has no PostgreSQL configuration) use ``simple``.

The two folding strings are copied from ``articles.search`` (migrations must not import code
that changes); ``tests/articles/test_search.py`` checks they agree. On SQLite this migration
does nothing: ``articles.search`` matches there without a stored column.
"""

from django.db import migrations

FOLD_FROM = "əƏıİğĞşŞçÇöÖüÜáàâäãåāéèêëēíìîïīñóòôõōúùûūýÿžšćčđłńśźżřěőűĉÁÀÂÄÃÅĀÉÈÊËĒÍÌÎÏĪÑÓÒÔÕŌÚÙÛŪÝŸŽŠĆČĐŁŃŚŹŻŘĚŐŰĈёЁيك"
FOLD_TO = "eEiIgGsScCoOuUaaaaaaaeeeeeiiiiinooooouuuuyyzsccdlnszzreoucAAAAAAAEEEEEIIIIINOOOOOUUUUYYZSCCDLNSZZREOUCеЕیک"

CONFIG = (
    "CASE language WHEN 'en' THEN 'english'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'simple'::regconfig END"
)


def _weighted(text_sql, weight):
    return f"setweight(to_tsvector({CONFIG}, translate({text_sql}, '{FOLD_FROM}', '{FOLD_TO}')), '{weight}')"


ADD_COLUMN = f"""
ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    {_weighted("coalesce(title, '')", "A")}
    || {_weighted("coalesce(summary, '')", "B")}
    || {_weighted("regexp_replace(coalesce(body, ''), '<[^>]+>', ' ', 'g')", "C")}
) STORED
"""
ADD_RANK_COLUMN = f"""
ALTER TABLE articles_article ADD COLUMN search_rank_vector tsvector GENERATED ALWAYS AS (
    {_weighted("coalesce(title, '')", "A")}
    || {_weighted("coalesce(summary, '')", "B")}
) STORED
"""
ADD_INDEX = "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)"
DROP = [
    "DROP INDEX IF EXISTS article_search_vector_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_rank_vector",
]


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_COLUMN)
        schema_editor.execute(ADD_RANK_COLUMN)
        schema_editor.execute(ADD_INDEX)


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_types_and_editors_group"),
    ]

    operations = [
        migrations.RunPython(add_search_vector, remove_search_vector, elidable=False),
    ]
