"""The search on SQLite: SQLite's own full-text index (FTS5), with the reader rules of ``query``.

The index is the FTS5 table ``articles_article_search`` (migration 0005, on SQLite only): for each
article (``rowid`` = its id) its title, summary and body as ``query.searchable()`` makes them —
tags and entities gone, accent-folded by our ``fold()`` table (which knows ə and ı, that no
"remove diacritics" rule does), lower-case, one space between words. The tokenizer is
``unicode61 remove_diacritics 0``: the text is folded already, and removing more diacritics than
``fold()`` does would let SQLite find what PostgreSQL does not (ș, ą) and the highlighter does not
mark. Porter stemming would not keep the rule either (it finds "energetic" for "energy"): a term
is matched as FTS5 prefix phrases, ``"qarabag muharibe" *``, the English light stem of a plain word
included (``Term.word_starts()``), so every term must start words.

Kept in sync by SQLite itself: triggers on ``articles_article`` (after insert, after an update of
id, title, summary or body, after delete) rewrite the piece's row of the index, so every write
path follows — the admin, ``loaddata`` fixtures, ``bulk_create()``, ``QuerySet.update()``,
deletes and raw SQL. The triggers call ``articles_searchable()``, the Python function
``searchable()`` that ``register_functions()`` adds to every SQLite connection Django opens
(``connection_created``): a tool writing articles through another SQLite client (the ``sqlite3``
shell) fails with "no such function" rather than leave the index behind. Django rebuilds a SQLite
table to alter it, which drops its triggers: after every ``migrate``, ``ensure_index()``
(``post_migrate``) puts missing triggers back and rebuilds the index from the articles.

Ranking, as before: a term found in the title scores 100, in the summary 10, in the body 1; the
newest ``limit`` matches are ranked.
"""

from django.db import connections
from django.db.models.expressions import RawSQL

from .query import ParsedQuery, searchable

TABLE = "articles_article_search"
ARTICLES = "articles_article"
FUNCTION = "articles_searchable"
FIELDS = ("title", "summary", "body")

CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    f"{', '.join(FIELDS)}, tokenize = 'unicode61 remove_diacritics 0')"
)
_NEW_ROW = (
    f"INSERT INTO {TABLE} (rowid, {', '.join(FIELDS)}) "
    f"VALUES (NEW.id, {', '.join(f'{FUNCTION}(NEW.{name})' for name in FIELDS)});"
)
_CHANGED = " OR ".join(f"OLD.{name} IS NOT NEW.{name}" for name in ("id", *FIELDS))
TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON {ARTICLES} BEGIN {_NEW_ROW} END",
    f"{TABLE}_update": (
        f"AFTER UPDATE OF id, {', '.join(FIELDS)} ON {ARTICLES} WHEN {_CHANGED} "
        f"BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id; {_NEW_ROW} END"
    ),
    f"{TABLE}_delete": f"AFTER DELETE ON {ARTICLES} BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id; END",
}
REBUILD = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (rowid, {', '.join(FIELDS)}) "
    f"SELECT id, {', '.join(f'{FUNCTION}({name})' for name in FIELDS)} FROM {ARTICLES}",
]
DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS] + [f"DROP TABLE IF EXISTS {TABLE}"]

# How much a term found in each field adds to a piece's score (the first field that has it counts).
WEIGHTS = {"title": 100, "summary": 10}  # in the body only: 1


# --- The index ----------------------------------------------------------------------------------


def register_functions(sender=None, connection=None, **kwargs):
    """``connection_created`` receiver: the function the triggers call, on every SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, searchable, deterministic=True)


def install(cursor):
    """Create the index table, its triggers and its rows (migration 0005)."""
    cursor.execute(CREATE_TABLE)
    for name, body in TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    for sql in REBUILD:
        cursor.execute(sql)


def uninstall(cursor):
    for sql in DROP:
        cursor.execute(sql)


def ensure_index(sender=None, using="default", **kwargs):
    """``post_migrate`` receiver: when a rebuilt article table lost the triggers, put them back and
    rebuild the index (nothing to do where migration 0005 is not applied, or not on SQLite)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name = %s OR type = 'trigger'", [TABLE])
        present = set(cursor.fetchall())
        if ("table", TABLE) in present and not {("trigger", name) for name in TRIGGERS} <= present:
            install(cursor)


# --- Searching -----------------------------------------------------------------------------------


def _phrase(term):
    """One term as an FTS5 phrase whose last word is a prefix: every word is letters and digits."""
    return '"' + " ".join(term.word_starts()) + '" *'


def fts_query(parsed: ParsedQuery) -> str:
    """The FTS5 query: every term, each in any field."""
    return " AND ".join(_phrase(term) for term in parsed.terms)


def _matches(expression):
    return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]


def matching(queryset, parsed: ParsedQuery):
    """The pieces of ``queryset`` in whose title, summary or body every term starts words."""
    sql, params = _matches(fts_query(parsed))
    return queryset.filter(pk__in=RawSQL(sql, params))


def ranked_ids(queryset, parsed: ParsedQuery, limit):
    """``(ids, capped)``: the newest ``limit`` matches in ``queryset`` (already ``matching()``) best
    first (by score, newer first among equals), and whether there were more; one query."""
    pk = f"{connections[queryset.db].ops.quote_name(queryset.model._meta.db_table)}.id"
    cases, params = [], []
    for term in parsed.terms:
        whens = []
        for field, weight in WEIGHTS.items():
            sql, term_params = _matches(f"{field} : {_phrase(term)}")
            whens.append(f"WHEN {pk} IN ({sql}) THEN {weight}")
            params += term_params
        cases.append(f"(CASE {' '.join(whens)} ELSE 1 END)")
    score = RawSQL(" + ".join(cases), params)
    newest = queryset.order_by("-published_at", "-pk").annotate(_search_score=score)
    rows = list(newest.values_list("pk", "_search_score")[: limit + 1])  # one more tells there were more
    ranked = sorted(rows[:limit], key=lambda row: -row[1])  # a stable sort: newest first among equals
    return [pk for pk, _score in ranked], len(rows) > limit
